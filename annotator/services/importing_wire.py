"""A checked record as plain values, for its trip from the reading child to the storing process.

Copied without what storing never reads again (the record's raw text, its parsed spans, its fields) and
pickled as the dataclasses they are, 20,000 articles cost the child about 1 s; as plain values, half that,
and the storing process the same as before (it builds the objects again). The checked text and spans
travel in the outcome itself.
"""

from __future__ import annotations

from typing import Any

from annotator.formats.records import ParsedDocument, Rejection
from annotator.services.importing_resolve import ReadyRows, ResolvedDocument

Wire = tuple[Any, ...]


def to_wire(outcome: ResolvedDocument | Rejection) -> Wire | Rejection:
    if isinstance(outcome, Rejection):
        return outcome
    p, ready = outcome.parsed, outcome.ready
    return (
        (
            p.path,
            p.line,
            p.title,
            p.source,
            p.id,
            p.note,
            p.span_text_flattens_newlines,
            p.statuses,
            p.relations,
            p.document_labels,
        ),
        outcome.text,
        outcome.sha256,
        outcome.spans,
        outcome.readings,
        outcome.unchecked,
        outcome.stable_id,
        outcome.relations,
        outcome.document_labels,
        None
        if ready is None
        else (ready.document_id, ready.rows, ready.gold_refused, ready.repeated, ready.ids_replaced),
    )


def from_wire(item: Wire | Rejection) -> ResolvedDocument | Rejection:
    if isinstance(item, Rejection):
        return item
    parsed, text, sha256, spans, readings, unchecked, stable_id, relations, labels, ready = item
    path, line, title, source, file_id, note, flattens, statuses, parsed_relations, parsed_labels = parsed
    return ResolvedDocument(
        ParsedDocument(
            path=path,
            line=line,
            text="",
            title=title,
            source=source,
            id=file_id,
            note=note,
            span_text_flattens_newlines=flattens,
            statuses=statuses,
            relations=parsed_relations,
            document_labels=parsed_labels,
        ),
        text,
        sha256,
        spans,
        readings,
        unchecked,
        stable_id,
        relations,
        labels,
        None if ready is None else ReadyRows(*ready),
    )
