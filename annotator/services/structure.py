"""Editing what structured annotation may record (relation types, label attributes, document label sets),
and setting an article's document labels. Each public function is one user action, one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from annotator.domain.errors import ConflictError, InputError, NotFoundError
from annotator.domain.models import DocumentStatus
from annotator.domain.structure import (
    AttributeDefinition,
    DocumentLabel,
    DocumentLabelSet,
    RelationType,
    StructureSchema,
)
from annotator.services.project import Project
from annotator.services.sessions import record_edit
from annotator.storage import relations as relation_rows
from annotator.storage import structure_schema as schema_rows
from annotator.storage.documents import get_document
from annotator.storage.labels import label_names
from annotator.storage.status import get_status, set_status


def structure_schema(project: Project) -> StructureSchema:
    database = project.database
    return StructureSchema(
        schema_rows.list_relation_types(database),
        schema_rows.list_attribute_definitions(database),
        schema_rows.list_document_label_sets(database),
    )


# -- relation types -------------------------------------------------------------------------------------


def save_relation_type(project: Project, relation_type: RelationType, *, seen: RelationType | None) -> None:
    """Add a relation type (``seen`` None) or change the one the caller showed; a new name carries every
    relation of the type along."""
    with project.database.write():
        database = project.database
        existing = {t.name: t for t in schema_rows.list_relation_types(database)}
        _check_labels_exist(project, [*relation_type.source_labels, *relation_type.target_labels])
        if seen is None:
            if relation_type.name in existing:
                raise InputError(
                    f"there is already a relation type called '{relation_type.name}'", field="name"
                )
            position = max((t.position for t in existing.values()), default=-1) + 1
            schema_rows.upsert_relation_type(
                database, relation_type.model_copy(update={"position": position})
            )
            return
        if existing.get(seen.name) != seen:
            raise ConflictError(
                f"relation type '{seen.name}' was changed since you saw it; nothing was changed"
            )
        if relation_type.name != seen.name:
            if relation_type.name in existing:
                raise InputError(
                    f"there is already a relation type called '{relation_type.name}'", field="name"
                )
            schema_rows.rename_relation_type(database, seen.name, relation_type.name)
        schema_rows.upsert_relation_type(database, relation_type)


# -- label attributes -----------------------------------------------------------------------------------


def save_attribute(project: Project, definition: AttributeDefinition) -> None:
    """Add or change an attribute of a label; values spans already have must still fit it."""
    with project.database.write():
        _check_labels_exist(project, [definition.label])
        _check_values_fit(project, definition)
        siblings = [
            d for d in schema_rows.list_attribute_definitions(project.database) if d.label == definition.label
        ]
        if definition.name not in {d.name for d in siblings}:  # a new one goes last in its label's form
            definition = definition.model_copy(update={"position": len(siblings)})
        schema_rows.upsert_attribute_definition(project.database, definition)


def _check_values_fit(project: Project, definition: AttributeDefinition) -> None:
    for value in relation_rows.attribute_values(project.database, definition.label, definition.name):
        try:
            definition.checked(value)
        except ValueError as error:
            raise InputError(f"a span already has a value that does not fit: {error}") from None


# -- document label sets and document labels -------------------------------------------------------------


def save_document_label_set(project: Project, label_set: DocumentLabelSet) -> None:
    with project.database.write():
        database = project.database
        existing = {s.name: s for s in schema_rows.list_document_label_sets(database)}
        before = existing.get(label_set.name)
        if before is not None:
            used = {
                label.value
                for labels in relation_rows.all_document_labels(database).values()
                for label in labels
                if label.label_set == label_set.name
            }
            missing = sorted(used - set(label_set.choices))
            if missing:
                raise InputError(
                    f"articles are labelled {', '.join(missing)}; keep those choices", field="choices"
                )
        else:
            position = max((s.position for s in existing.values()), default=-1) + 1
            label_set = label_set.model_copy(update={"position": position})
        schema_rows.upsert_document_label_set(database, label_set)


def documents_with_document_label(project: Project, label_set: str, value: str) -> set[str]:
    """The articles someone gave ``value`` of ``label_set`` (the article list's filter)."""
    return relation_rows.documents_with_label(project.database, label_set, value)


def document_labels(
    project: Project, document_id: str, annotator: str | None = None
) -> dict[str, tuple[str, ...]]:
    """Label set -> chosen values, of one annotator (the analyst by default)."""
    who = annotator or project.annotator
    chosen: dict[str, tuple[str, ...]] = {}
    for label in relation_rows.document_labels(project.database, document_id):
        if label.annotator == who:
            chosen[label.label_set] = (*chosen.get(label.label_set, ()), label.value)
    return chosen


class ArticleLabels(NamedTuple):
    """What the article list shows of the analyst's document labels."""

    text: str  # "topic: chips · stance: —", every set in schema order, "—" for one not answered
    unanswered: int  # single-choice sets without an answer: the article's labelling is complete at 0


def article_labels(project: Project, document_id: str, sets: Sequence[DocumentLabelSet]) -> ArticleLabels:
    """The analyst's labels of an article against the schema's label sets (read by the caller once).

    The rule for progress: an article is fully labelled when every single-choice set has an answer;
    multi-choice sets may rightly be left empty (no topic applies), so they never count as missing."""
    chosen = document_labels(project, document_id)
    parts = [f"{s.name}: {', '.join(chosen.get(s.name, ())) or '—'}" for s in sets]
    missing = sum(1 for s in sets if not s.multiple and not chosen.get(s.name))
    return ArticleLabels(" · ".join(parts), missing)


class DocumentLabelEdit(NamedTuple):
    document_id: str
    label_set: str
    before: tuple[str, ...]
    after: tuple[str, ...]


def set_document_labels(
    project: Project, document_id: str, label_set: str, values: Sequence[str], *, seen: Sequence[str]
) -> DocumentLabelEdit:
    """Set the analyst's choices of one label set for an article; ``seen`` is what the caller showed."""
    with project.database.write():
        database = project.database
        get_document(database, document_id)
        sets = {s.name: s for s in schema_rows.list_document_label_sets(database)}
        chosen_set = sets.get(label_set)
        if chosen_set is None:
            raise NotFoundError(f"there is no document label set called '{label_set}'")
        wanted = tuple(dict.fromkeys(values))
        unknown = [v for v in wanted if v not in chosen_set.choices]
        if unknown:
            raise InputError(f"'{label_set}' has no choice {unknown[0]!r}", field=label_set)
        if len(wanted) > 1 and not chosen_set.multiple:
            raise InputError(f"'{label_set}' takes one choice, not {len(wanted)}", field=label_set)
        before = document_labels(project, document_id).get(label_set, ())
        if sorted(before) != sorted(seen):
            raise ConflictError(
                f"the article's '{label_set}' was changed since you saw it "
                f"(now: {', '.join(before) or 'none'}); "
                "nothing was changed"
            )

        def as_labels(chosen: Sequence[str]) -> list[DocumentLabel]:
            return [
                DocumentLabel(
                    document_id=document_id, annotator=project.annotator, label_set=label_set, value=v
                )
                for v in chosen
            ]

        relation_rows.remove_document_labels(database, as_labels([v for v in before if v not in wanted]))
        relation_rows.add_document_labels(database, as_labels([v for v in wanted if v not in before]))
        # Like the first tag, the first document label marks an untouched article "in progress".
        if wanted and get_status(database, document_id, project.annotator) is DocumentStatus.TODO:
            set_status(database, document_id, project.annotator, DocumentStatus.IN_PROGRESS)
        record_edit(project, document_id, "document label")
    return DocumentLabelEdit(document_id, label_set, tuple(before), wanted)


def toggle_document_label(
    project: Project, document_id: str, label_set: str, value: str
) -> DocumentLabelEdit:
    """What a document-label key does: a single-choice set takes ``value`` (or drops it when chosen);
    a multi-choice set adds or removes it."""
    sets = {s.name: s for s in schema_rows.list_document_label_sets(project.database)}
    if label_set not in sets:
        raise NotFoundError(f"there is no document label set called '{label_set}'")
    seen = document_labels(project, document_id).get(label_set, ())
    if value in seen:
        wanted = tuple(v for v in seen if v != value)
    elif sets[label_set].multiple:
        wanted = (*seen, value)
    else:
        wanted = (value,)
    return set_document_labels(project, document_id, label_set, wanted, seen=seen)


# -- helpers --------------------------------------------------------------------------------------------


def _check_labels_exist(project: Project, labels: Sequence[str]) -> None:
    known = label_names(project.database)
    missing = [name for name in labels if name not in known]
    if missing:
        raise NotFoundError(f"there is no label called '{missing[0]}'")
