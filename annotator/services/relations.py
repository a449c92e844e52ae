"""Relations between spans and span attributes: each function is one user action, one transaction.

Edits name the relation (or span) as the caller saw it; a relation that changed or vanished since is
refused with ``ConflictError``. A relation belongs to one annotator and links two of that annotator's
spans in one article.
"""

from __future__ import annotations

from typing import NamedTuple

from annotator.domain.errors import ConflictError, NotAllowedError, SpanError
from annotator.domain.models import Span, utc_now
from annotator.domain.structure import AttributeValue, Relation, SpanAttribute
from annotator.services.annotation import current_span, restore_relations
from annotator.services.project import Project
from annotator.services.sessions import record_edit
from annotator.storage import relations as relation_rows
from annotator.storage import structure_schema as schema_rows
from annotator.storage.relations import RelationRow as RelationRow  # what the window holds
from annotator.storage.relations import relation_rows_for_document
from annotator.storage.spans import SpanRow, find_span


class RelationEdit(NamedTuple):
    before: Relation
    after: Relation


class AttributeEdit(NamedTuple):
    """One attribute of one span before and after an edit (None: not set)."""

    span_id: str
    name: str
    before: AttributeValue | None
    after: AttributeValue | None


def add_relation(
    project: Project, source: Span | SpanRow, target: Span | SpanRow, relation_type: str, note: str = ""
) -> Relation:
    """Link two of the analyst's spans of one article with a relation of ``relation_type``."""
    with project.database.write():
        source_now = current_span(project, source)
        target_now = current_span(project, target)
        if source_now.document_id != target_now.document_id:
            raise SpanError("a relation links two spans of one article; these are in two articles")
        if source_now.id == target_now.id:
            raise SpanError("a relation links two different spans")
        _check_type(project, relation_type, source_now.label, target_now.label)
        relation = Relation(
            document_id=source_now.document_id,
            source_id=source_now.id,
            target_id=target_now.id,
            type=relation_type,
            annotator=project.annotator,
            note=note,
        )
        relation_rows.upsert_relations(project.database, [relation])
        record_edit(project, relation.document_id, "relation")
    return relation


def remove_relation(project: Project, seen: Relation) -> Relation:
    with project.database.write():
        current = _current(project, seen)
        relation_rows.delete_relations(project.database, [current.id])
        record_edit(project, current.document_id, "delete relation")
    return current


def restore_relation(project: Project, relation: Relation) -> None:
    """Put a relation back as it was (undo of a delete, redo of an add)."""
    _check_owner(project, relation)
    with project.database.write():
        restore_relations(project, [relation])
        record_edit(project, relation.document_id, "restore relation")


def set_relation_note(project: Project, seen: Relation, note: str) -> RelationEdit:
    with project.database.write():
        before = _current(project, seen)
        after = before.model_copy(update={"note": note, "updated": utc_now()})
        relation_rows.upsert_relations(project.database, [after])
        record_edit(project, after.document_id, "relation note")
    return RelationEdit(before, after)


def retype_relation(project: Project, seen: Relation, relation_type: str) -> RelationEdit:
    with project.database.write():
        before = _current(project, seen)
        source, target = _span(project, before.source_id), _span(project, before.target_id)
        assert source is not None and target is not None  # the foreign keys keep them
        _check_type(project, relation_type, source.label, target.label)
        after = before.model_copy(update={"type": relation_type, "updated": utc_now()})
        relation_rows.upsert_relations(project.database, [after])
        record_edit(project, after.document_id, "relation type")
    return RelationEdit(before, after)


def replace_relation(project: Project, seen: Relation, new: Relation) -> None:
    """Turn the relation the caller saw into ``new`` (undo and redo of a note or type edit)."""
    with project.database.write():
        current = _current(project, seen)
        if (new.id, new.source_id, new.target_id) != (current.id, current.source_id, current.target_id):
            raise ValueError("an edit keeps a relation's id and spans")
        relation_rows.upsert_relations(project.database, [new])
        record_edit(project, new.document_id, "relation edit")


def shown_relations(
    project: Project, document_id: str, annotators: list[str] | None = None
) -> list[RelationRow]:
    """What the window shows of an article's relations: plain rows (``RelationRow.model()`` for edits)."""
    return relation_rows_for_document(project.database, document_id, annotators)


def relations_of_spans(project: Project, span_ids: list[str]) -> list[Relation]:
    return relation_rows.relations_of_spans(project.database, span_ids)


def relations_for_document(
    project: Project, document_id: str, annotators: list[str] | None = None
) -> list[Relation]:
    return relation_rows.relations_for_document(project.database, document_id, annotators)


# -- span attributes ------------------------------------------------------------------------------------


def set_span_attribute(
    project: Project,
    seen: Span | SpanRow,
    name: str,
    value: AttributeValue | None,
    *,
    was: AttributeValue | None,
) -> AttributeEdit:
    """Set (or with None, clear) one attribute of the analyst's span. ``was`` is the value the caller
    showed; a different stored value means someone changed it since, and nothing is written."""
    with project.database.write():
        span = current_span(project, seen)
        stored = relation_rows.attributes_of_spans(project.database, [span.id]).get(span.id, {}).get(name)
        if stored != was or type(stored) is not type(was):
            raise ConflictError(
                f"the attribute '{name}' of '{span.text[:30]}' was changed since you saw it; "
                "nothing was changed"
            )
        if value is None:
            relation_rows.delete_span_attribute(project.database, span.id, name)
        else:
            definitions = {
                d.name: d
                for d in schema_rows.list_attribute_definitions(project.database)
                if d.label == span.label
            }
            definition = definitions.get(name)
            if definition is None:
                raise SpanError(f"label '{span.label}' has no attribute '{name}'")
            try:
                value = definition.checked(value)
            except ValueError as error:
                raise SpanError(str(error)) from None
            relation_rows.set_span_attributes(
                project.database, [SpanAttribute(span_id=span.id, name=name, value=value)]
            )
        record_edit(project, span.document_id, "attribute")
    return AttributeEdit(span.id, name, stored, value)


def span_attributes(project: Project, document_id: str) -> dict[str, dict[str, AttributeValue]]:
    return relation_rows.attributes_for_document(project.database, document_id)


# -- helpers --------------------------------------------------------------------------------------------


def _span(project: Project, span_id: str) -> Span | None:
    return find_span(project.database, span_id)


def _current(project: Project, seen: Relation) -> Relation:
    _check_owner(project, seen)
    current = relation_rows.find_relation(project.database, seen.id)
    if current is None:
        raise ConflictError(f"the '{seen.type}' relation was deleted since you saw it; nothing was changed")
    if current != seen:
        raise ConflictError(f"the '{seen.type}' relation was changed since you saw it; nothing was changed")
    return current


def _check_owner(project: Project, relation: Relation) -> None:
    if relation.annotator != project.annotator:
        raise NotAllowedError(
            f"this '{relation.type}' relation belongs to {relation.annotator}; only they can change it"
        )


def _check_type(project: Project, name: str, source_label: str, target_label: str) -> None:
    types = {t.name: t for t in schema_rows.list_relation_types(project.database)}
    relation_type = types.get(name)
    if relation_type is None:
        raise SpanError(f"there is no relation type called '{name}'")
    refusal = relation_type.refusal(source_label, target_label)
    if refusal is not None:
        raise SpanError(refusal)


def set_span_attributes(
    project: Project,
    seen: Span | SpanRow,
    changes: dict[str, tuple[AttributeValue | None, AttributeValue | None]],
) -> list[AttributeEdit]:
    """The attribute form's changes (name -> (value shown, new value)) as one transaction: all or none."""
    with project.database.write():
        current = current_span(project, seen)
        return [
            set_span_attribute(project, current, name, new, was=was) for name, (was, new) in changes.items()
        ]


def undo_attribute_edits(project: Project, edits: list[AttributeEdit], *, backward: bool) -> None:
    """Undo (``backward``) or redo the edits of one form, in one transaction; refused when changed since."""
    with project.database.write():
        for edit in edits:
            span = find_span(project.database, edit.span_id)
            if span is None:
                raise ConflictError("the span was deleted since; its attributes were not changed")
            was, value = (edit.after, edit.before) if backward else (edit.before, edit.after)
            set_span_attribute(project, span, edit.name, value, was=was)
