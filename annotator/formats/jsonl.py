"""The native JSONL dataset: one JSON object per document, spans sorted, keys in a fixed order.

Each line is also valid Prodigy / spaCy span data (``text`` + ``spans`` with ``start``, ``end``, ``label``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from annotator.domain.errors import SpanError
from annotator.domain.models import Document, Span


def document_record(document: Document, spans: Iterable[Span]) -> dict[str, Any]:
    ordered = sorted(spans, key=lambda s: (s.start, s.end, s.label, s.annotator, s.id))
    for span in ordered:
        if document.text[span.start : span.end] != span.text:
            raise SpanError(
                f"span {span.id} in document '{document.title}' no longer matches its text "
                f"(expected {span.text!r} at [{span.start}, {span.end}))"
            )
    return {
        "id": document.id,
        "text": document.text,
        "meta": {"title": document.title, "source": document.source, "sha256": document.sha256},
        "spans": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "text": s.text,
                "annotator": s.annotator,
                "note": s.note,
            }
            for s in ordered
        ],
    }


# Characters that some readers (Python's str.splitlines, old JavaScript) take as line breaks; JSON lets us
# escape them so that one record is always exactly one line.
_LINE_BREAKERS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def dump_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, allow_nan=False).translate(_LINE_BREAKERS) + "\n"


def dump_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield dump_line(record)
