"""Tagging actions on spans. Each function is one transaction and returns what undo needs.

Edits name the span as the caller last saw it. Inside the write transaction the service reads the stored
span again and refuses the edit when it changed or vanished since (another window or the command line
edited it): the newer state is never silently written over. Only a span's owner may change it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from annotator.domain.adjudication import check_annotator_name
from annotator.domain.errors import ConflictError, NotAllowedError, SpanError
from annotator.domain.models import DocumentStatus, Span, utc_now
from annotator.domain.spans import check_offsets
from annotator.domain.structure import AttributeValue, Relation, SpanAttribute
from annotator.services.project import Project
from annotator.services.sessions import record_edit
from annotator.storage import relations as relation_rows
from annotator.storage import spans as span_rows
from annotator.storage.documents import text_slice
from annotator.storage.labels import label_names
from annotator.storage.spans import SpanRow, row_of
from annotator.storage.status import get_status, set_status


class RemovedSpan(NamedTuple):
    """A deleted span with the relations and attributes that went with it: what undo puts back."""

    span: Span
    relations: tuple[Relation, ...] = ()
    attributes: Mapping[str, AttributeValue] = MappingProxyType({})


class SpanEdit(NamedTuple):
    """A span before and after one edit: what the undo command swaps between."""

    before: Span
    after: Span


def tag_span(project: Project, document_id: str, start: int, end: int, label: str) -> Span:
    """Store a new span of ``label`` over ``text[start:end]`` for the current annotator."""
    check_annotator_name(project.annotator)
    with project.database.write():
        # Only the tagged piece is read: a long article's whole text would be most of the time a tag takes.
        text, length = text_slice(project.database, document_id, start, end)
        _check_label(project, label)
        check_offsets(length, start, end)
        span = Span(
            document_id=document_id,
            start=start,
            end=end,
            label=label,
            text=text,
            annotator=project.annotator,
        )
        span_rows.upsert_spans(project.database, [span])
        # The first tag in an untouched document marks it "in progress" for this annotator.
        if get_status(project.database, document_id, project.annotator) is DocumentStatus.TODO:
            set_status(project.database, document_id, project.annotator, DocumentStatus.IN_PROGRESS)
        record_edit(project, document_id, "tag", added=1)
    return span


def remove_span(project: Project, seen: Span | SpanRow) -> Span:
    """Delete the span the caller saw; returns it as stored, so that undo puts back the same record."""
    with project.database.write():
        current = current_span(project, seen)
        span_rows.delete_spans(project.database, [current.id])
        record_edit(project, current.document_id, "delete", removed=1)
    return current


def delete_span(project: Project, seen: Span | SpanRow) -> RemovedSpan:
    """Delete the span the caller saw with its relations and attributes, in one transaction."""
    with project.database.write():
        current = current_span(project, seen)
        relations = relation_rows.relations_of_spans(project.database, [current.id])
        attributes = relation_rows.attributes_of_spans(project.database, [current.id]).get(current.id, {})
        span_rows.delete_spans(project.database, [current.id])  # its relations and attributes cascade
        record_edit(project, current.document_id, "delete", removed=1)
    return RemovedSpan(current, tuple(relations), attributes)


def undelete_span(project: Project, removed: RemovedSpan) -> None:
    """Undo of ``delete_span``: the span, its relations and its attributes come back in one transaction.
    Refused whole when the span changed since, or a relation's other span is gone."""
    from annotator.services.relations import restore_relations

    with project.database.write():
        restore_span(project, removed.span)
        restore_relations(project, list(removed.relations))
        relation_rows.set_span_attributes(
            project.database,
            [SpanAttribute(span_id=removed.span.id, name=k, value=v) for k, v in removed.attributes.items()],
        )


def restore_span(project: Project, span: Span) -> None:
    """Put a span back as it was (undo of a delete, redo of a tag).

    Refused when a span with its id exists and differs (someone changed it since), or when its article or
    label is gone.
    """
    _check_owner(project, span)
    with project.database.write():
        existing = span_rows.find_span(project.database, span.id)
        if existing is not None and row_of(existing) != row_of(span):
            raise ConflictError(_changed(span))
        if existing is not None:
            return  # already there as it was: a retried redo
        _check_label(project, span.label)
        text, _ = text_slice(project.database, span.document_id, span.start, span.end)
        if text != span.text:
            raise ConflictError(
                f"the article under the span '{_snippet(span)}' has changed since; it was not put back"
            )
        span_rows.upsert_spans(project.database, [span])
        record_edit(project, span.document_id, "restore", added=1)


def replace_span(project: Project, seen: Span | SpanRow, new: Span) -> None:
    """Turn the span the caller saw into ``new`` (undo and redo of an edit)."""
    _check_owner(project, new)
    with project.database.write():
        current = current_span(project, seen)
        if new.id != current.id or new.document_id != current.document_id:
            raise ValueError("a span keeps its id and its article")
        if new.label != current.label:
            _check_label(project, new.label)
        span_rows.upsert_spans(project.database, [new])
        record_edit(project, new.document_id, "edit")


def resize_span(project: Project, seen: Span | SpanRow, start: int, end: int) -> SpanEdit:
    """Move a span's boundaries."""
    with project.database.write():
        before = current_span(project, seen)
        text, length = text_slice(project.database, before.document_id, start, end)
        check_offsets(length, start, end)
        after = before.model_copy(update={"start": start, "end": end, "text": text, "updated": utc_now()})
        span_rows.upsert_spans(project.database, [after])
        record_edit(project, after.document_id, "resize")
    return SpanEdit(before, after)


def set_span_note(project: Project, seen: Span | SpanRow, note: str) -> SpanEdit:
    """Replace a span's note."""
    with project.database.write():
        before = current_span(project, seen)
        after = before.model_copy(update={"note": note, "updated": utc_now()})
        span_rows.upsert_spans(project.database, [after])
        record_edit(project, after.document_id, "note")
    return SpanEdit(before, after)


def relabel_span(project: Project, seen: Span | SpanRow, label: str) -> SpanEdit:
    """Change a span's label."""
    with project.database.write():
        before = current_span(project, seen)
        _check_label(project, label)
        after = before.model_copy(update={"label": label, "updated": utc_now()})
        if label != before.label:
            span_rows.upsert_spans(project.database, [after])
            record_edit(project, after.document_id, "relabel")
    return SpanEdit(before, after if label != before.label else before)


def current_span(project: Project, seen: Span | SpanRow) -> Span:
    """The stored span the caller saw, read inside the caller's transaction; refused when it changed."""
    _check_owner(project, seen)
    current = span_rows.find_span(project.database, seen.id)
    if current is None:
        raise ConflictError(
            f"the span '{_snippet(seen)}' was deleted since you saw it (in another window or by a "
            "command); nothing was changed"
        )
    seen_row = seen if isinstance(seen, SpanRow) else row_of(seen)
    if row_of(current) != seen_row:
        raise ConflictError(_changed(seen))
    return current


def _changed(seen: Span | SpanRow) -> str:
    return (
        f"the span '{_snippet(seen)}' was changed since you saw it (in another window or by a command); "
        "your change was not saved, and the article shows the span as it is now"
    )


def _check_owner(project: Project, span: Span | SpanRow) -> None:
    if span.annotator != project.annotator:
        raise NotAllowedError(
            f"the span '{_snippet(span)}' belongs to {span.annotator}; only they can change it "
            f"(you work as {project.annotator})"
        )


def _check_label(project: Project, label: str) -> None:
    if label not in label_names(project.database):
        raise SpanError(f"there is no label called '{label}'")


def _snippet(span: Span | SpanRow) -> str:
    return span.text if len(span.text) <= 30 else span.text[:29] + "…"
