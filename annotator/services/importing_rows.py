"""A new article's span rows, made while its record is read.

Most records of a large import are articles new to the project, each read once: their spans go into the
spans table as they are, apart from the rules the import applies to every span (gold spans refused, a
span repeating another's start, end, label and annotator stored once, a new id where the file gives
none or repeats one). Those rules need nothing but the record, so the reading (in a child process for a
large file) applies them and makes the rows, with the article id the record would get; storing then
checks in a few set operations per record that the article is new and no id is taken, and inserts the
rows. A record that fails those checks, or has relations, attributes or document labels, is stored span
by span as before (``services.importing_store``).
"""

from __future__ import annotations

from annotator.domain.adjudication import names_gold_layer
from annotator.domain.models import is_document_id, new_document_id, new_span_id
from annotator.services.importing_resolve import ReadyRows, ResolvedDocument, Row, SpanDraft


def ready_rows(resolved: ResolvedDocument, file_id: str | None, stamp: str) -> ReadyRows | None:
    """The record's span rows for a new article created at ``stamp``; None when the record has
    relations, attributes or document labels (those need the drafts and the project)."""
    if resolved.relations or resolved.document_labels:
        return None
    document_id = file_id if file_id and is_document_id(file_id) else new_document_id()
    ready = ReadyRows(document_id, [])
    rows = ready.rows
    keys: set[tuple[int, int, str, str]] = set()
    ids: set[str] = set()
    gold: dict[str, bool] = {}
    # This loop runs once per span of the file.
    for start, end, label, text, annotator, span_id, note, _, attributes in resolved.spans:
        if attributes:
            return None
        is_gold = gold.get(annotator)
        if is_gold is None:
            is_gold = gold[annotator] = names_gold_layer(annotator)
        if is_gold:
            ready.gold_refused += 1
            continue
        key = (start, end, label, annotator)
        if key in keys:
            ready.repeated += 1
            continue
        keys.add(key)
        if span_id is None or span_id in ids:
            if span_id is not None:
                ready.ids_replaced += 1
            span_id = new_span_id()
        ids.add(span_id)
        rows.append((span_id, document_id, start, end, label, text, annotator, note, stamp, stamp))
    return ready


def drafts_of(rows: list[Row]) -> list[SpanDraft]:
    """The spans of ``rows`` as drafts, for a record stored span by span after all (an article already
    there, an id taken): the rules already applied to them give the same outcome again."""
    return [SpanDraft(r[2], r[3], r[4], r[5], r[6], r[0], r[7]) for r in rows]
