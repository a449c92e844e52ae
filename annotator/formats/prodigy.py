"""Prodigy JSONL: ``{"text", "spans": [{"start", "end", "label", "text"?}], "_annotator_id"?, "answer"?}``.

The annotator is ``_annotator_id`` when present, else ``_session_id`` (Prodigy's "dataset-name" form is
kept as it is), else ``--annotator``. Spans of answers other than ``accept`` (``reject``, ``ignore``) are
not imported (the text still is) and the report counts them. The export writes one task per document and
annotator, with ``answer: "accept"``, so Prodigy's ``db-in`` can load it and compute its own hashes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from annotator.domain.models import Span
from annotator.domain.text import guess_title
from annotator.formats.jsonl import dump_line
from annotator.formats.records import (
    ExportDocument,
    ParsedDocument,
    ParsedSpan,
    ReadOptions,
    ReadResult,
    Rejection,
    WriteResult,
    extra_kinds,
    read_all,
    sorted_spans,
)
from annotator.formats.strict_json import iter_json_lines, validate

NAME = "prodigy"
SUFFIXES = (".jsonl",)


class ProdigySpan(BaseModel):
    model_config = ConfigDict(extra="ignore")

    start: StrictInt = Field(ge=0)
    end: StrictInt = Field(gt=0)
    label: StrictStr = Field(min_length=1)
    text: StrictStr | None = None
    note: StrictStr = ""


class ProdigyTask(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: StrictStr
    spans: list[ProdigySpan] = Field(default_factory=list)
    answer: StrictStr = "accept"
    annotator_id: StrictStr | None = Field(default=None, alias="_annotator_id")
    session_id: StrictStr | None = Field(default=None, alias="_session_id")
    meta: dict[str, Any] = Field(default_factory=dict)


def read(path: Path, options: ReadOptions) -> ReadResult:
    return read_all(stream, path, options)


def stream(path: Path, options: ReadOptions, result: ReadResult) -> Iterator[ParsedDocument]:
    """The file's documents one at a time (see ``records.Streamer``)."""
    not_accepted = 0
    for line, value in iter_json_lines(path, options.encoding):
        if isinstance(value, Rejection):
            result.rejections.append(value)
            continue
        task = validate(ProdigyTask, value, path, line)
        if isinstance(task, Rejection):
            result.rejections.append(task)
            continue
        annotator = task.annotator_id or task.session_id or None
        spans: tuple[ParsedSpan, ...] = ()
        if task.answer == "accept":
            spans = tuple(
                ParsedSpan(
                    s.start,
                    s.end,
                    s.label,
                    text=s.text,
                    annotator=annotator,
                    note=s.note,
                    field=f"spans[{i}]",
                )
                for i, s in enumerate(task.spans)
            )
            result.drop(path, extra_kinds(value))
        else:
            not_accepted += len(task.spans)
        yield (
            ParsedDocument(
                path=path,
                line=line,
                text=task.text,
                title=_text(task.meta, "title") or guess_title(task.text, fallback=path.stem),
                source=_text(task.meta, "source") or f"{path}:{line}",
                spans=spans,
                id=_text(task.meta, "id") or None,
                record=value,
            )
        )
    if not_accepted:
        result.notes.append(
            f"{path}: {not_accepted} span(s) in answers other than 'accept' were not imported"
        )


def _text(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    return value if isinstance(value, str) else ""


def _span(span: Span) -> dict[str, Any]:
    written: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label, "text": span.text}
    if span.note:
        written["note"] = span.note  # Prodigy keeps keys it does not know
    return written


def write(target: Path, documents: Iterable[ExportDocument]) -> WriteResult:
    result = WriteResult()
    with target.open("w", encoding="utf-8", newline="\n") as stream:
        for item in documents:
            document = item.document
            meta = {"id": document.id, "title": document.title, "source": document.source}
            by_annotator = sorted(sorted_spans(item.spans), key=lambda s: s.annotator)
            groups = [(name, list(spans)) for name, spans in groupby(by_annotator, key=lambda s: s.annotator)]
            if not groups:
                stream.write(
                    dump_line({"text": document.text, "spans": [], "meta": meta, "answer": "accept"})
                )
            for annotator, spans in groups:
                task = {
                    "text": document.text,
                    "spans": [_span(s) for s in sorted_spans(spans)],
                    "meta": meta,
                    "answer": "accept",
                    "_annotator_id": annotator,
                    "_session_id": annotator,
                }
                stream.write(dump_line(task))
                result.spans_written += len(spans)
    return result
