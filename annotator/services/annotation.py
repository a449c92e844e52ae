"""Tagging actions on spans. Each function is one transaction and returns what undo needs."""

from __future__ import annotations

from annotator.domain.errors import SpanError
from annotator.domain.models import Span, utc_now
from annotator.domain.spans import span_text
from annotator.services.project import Project
from annotator.storage import spans as span_rows
from annotator.storage.documents import get_document
from annotator.storage.labels import label_names


def tag_span(project: Project, document_id: str, start: int, end: int, label: str) -> Span:
    """Store a new span of ``label`` over ``text[start:end]`` for the current annotator."""
    document = get_document(project.database, document_id)
    if label not in label_names(project.database):
        raise SpanError(f"there is no label called '{label}'")
    span = Span(
        document_id=document_id,
        start=start,
        end=end,
        label=label,
        text=span_text(document.text, start, end),
        annotator=project.annotator,
    )
    span_rows.upsert_spans(project.database, [span])
    return span


def remove_span(project: Project, span_id: str) -> Span:
    """Delete a span and return it, so that undo can put back exactly the same record."""
    span = span_rows.get_span(project.database, span_id)
    span_rows.delete_spans(project.database, [span_id])
    return span


def restore_span(project: Project, span: Span) -> None:
    """Put a span back as it was (undo of a delete, redo of a tag). Idempotent."""
    span_rows.upsert_spans(project.database, [span])


def relabel_span(project: Project, span_id: str, label: str) -> Span:
    """Change a span's label and return the span as it was before."""
    before = span_rows.get_span(project.database, span_id)
    if label not in label_names(project.database):
        raise SpanError(f"there is no label called '{label}'")
    after = before.model_copy(update={"label": label, "updated": utc_now()})
    span_rows.upsert_spans(project.database, [after])
    return before
