"""Tagging actions on spans. Each function is one transaction and returns what undo needs."""

from __future__ import annotations

from annotator.domain.errors import SpanError
from annotator.domain.models import DocumentStatus, Span, utc_now
from annotator.domain.spans import check_offsets
from annotator.services.project import Project
from annotator.storage import spans as span_rows
from annotator.storage.documents import text_slice
from annotator.storage.labels import label_names
from annotator.storage.status import get_status, set_status


def tag_span(project: Project, document_id: str, start: int, end: int, label: str) -> Span:
    """Store a new span of ``label`` over ``text[start:end]`` for the current annotator."""
    # Only the tagged piece is read: a long article's whole text would be most of the time a tag takes.
    text, length = text_slice(project.database, document_id, start, end)
    if label not in label_names(project.database):
        raise SpanError(f"there is no label called '{label}'")
    check_offsets(length, start, end)
    span = Span(
        document_id=document_id,
        start=start,
        end=end,
        label=label,
        text=text,
        annotator=project.annotator,
    )
    with project.database.write():
        span_rows.upsert_spans(project.database, [span])
        # The first tag in an untouched document marks it "in progress" for this annotator.
        if get_status(project.database, document_id, project.annotator) is DocumentStatus.TODO:
            set_status(project.database, document_id, project.annotator, DocumentStatus.IN_PROGRESS)
    return span


def remove_span(project: Project, span_id: str) -> Span:
    """Delete a span and return it, so that undo can put back exactly the same record."""
    span = span_rows.get_span(project.database, span_id)
    span_rows.delete_spans(project.database, [span_id])
    return span


def restore_span(project: Project, span: Span) -> None:
    """Put a span back as it was (undo of a delete, redo of a tag). Idempotent."""
    span_rows.upsert_spans(project.database, [span])


def resize_span(project: Project, span_id: str, start: int, end: int) -> Span:
    """Move a span's boundaries; returns the span as it was before."""
    before = span_rows.get_span(project.database, span_id)
    text, length = text_slice(project.database, before.document_id, start, end)
    check_offsets(length, start, end)
    after = before.model_copy(
        update={
            "start": start,
            "end": end,
            "text": text,
            "updated": utc_now(),
        }
    )
    span_rows.upsert_spans(project.database, [after])
    return before


def set_span_note(project: Project, span_id: str, note: str) -> Span:
    """Replace a span's note; returns the span as it was before."""
    before = span_rows.get_span(project.database, span_id)
    after = before.model_copy(update={"note": note, "updated": utc_now()})
    span_rows.upsert_spans(project.database, [after])
    return before


def relabel_span(project: Project, span_id: str, label: str) -> Span:
    """Change a span's label and return the span as it was before."""
    before = span_rows.get_span(project.database, span_id)
    if label not in label_names(project.database):
        raise SpanError(f"there is no label called '{label}'")
    after = before.model_copy(update={"label": label, "updated": utc_now()})
    span_rows.upsert_spans(project.database, [after])
    return before
