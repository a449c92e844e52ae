"""The label editor's schema tabs: add, change, rename and delete relation types, label attributes and
document label sets. Each function is one user action, one transaction.

A rename carries the data along (relations of a renamed type, attribute values, articles' labels); a
deletion takes the data recorded with the part along and returns it, so that one undo step brings both
back. Changes name the part as the caller saw it; one changed since is refused with ``ConflictError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.errors import ConflictError, InputError, NotAllowedError
from annotator.domain.structure import AttributeDefinition, DocumentLabelSet, RelationType
from annotator.services import structure
from annotator.services.project import Project
from annotator.storage import structure_renames as renames
from annotator.storage import structure_schema as schema_rows
from annotator.storage.labels import label_names
from annotator.storage.structure_renames import RemovedRows

# Names that would mean something else once written out: "gold" is the adjudicated layer everywhere;
# brat reads a relation type "Equiv" as its own equivalence sets and our brat export carries each span's
# annotator in an attribute called "Annotator".
RESERVED = {
    "relation type": {GOLD_LAYER, "equiv"},
    "attribute": {GOLD_LAYER, "annotator"},
    "document label set": {GOLD_LAYER},
}


def check_reserved(part: str, name: str) -> None:
    if name.casefold() in RESERVED[part]:
        raise NotAllowedError(f"'{name}' is a reserved name for a {part}; choose another name")


# -- relation types -------------------------------------------------------------------------------------


class DeletedRelationType(NamedTuple):
    relation_type: RelationType
    rows: RemovedRows  # its relations, the annotators' and gold


def save_relation_type(project: Project, relation_type: RelationType, *, seen: RelationType | None) -> None:
    """Add (``seen`` None) or change a relation type; a rename carries its relations along."""
    if seen is None or relation_type.name != seen.name:
        check_reserved("relation type", relation_type.name)
    structure.save_relation_type(project, relation_type, seen=seen)


def delete_relation_type(project: Project, seen: RelationType) -> DeletedRelationType:
    with project.database.write():
        database = project.database
        _check_seen(seen, {t.name: t for t in schema_rows.list_relation_types(database)}, "relation type")
        rows = renames.relations_of_type(database, seen.name)
        renames.delete_relations_of_type(database, seen.name)
        schema_rows.delete_relation_type(database, seen.name)
    return DeletedRelationType(seen, rows)


def restore_relation_type(project: Project, deleted: DeletedRelationType) -> None:
    """Undo of a delete: the type and every relation it took along."""
    with project.database.write():
        database = project.database
        if deleted.relation_type.name in {t.name for t in schema_rows.list_relation_types(database)}:
            raise ConflictError(
                f"a relation type '{deleted.relation_type.name}' exists again; nothing restored"
            )
        schema_rows.upsert_relation_type(database, deleted.relation_type)
        renames.restore_relations_of_type(database, deleted.rows)


# -- label attributes -----------------------------------------------------------------------------------


class DeletedAttribute(NamedTuple):
    definition: AttributeDefinition
    rows: RemovedRows  # its values on the label's spans and gold spans


def save_attribute(
    project: Project, definition: AttributeDefinition, *, seen: AttributeDefinition | None
) -> None:
    """Add (``seen`` None) or change an attribute of a label; a rename carries the spans' values along."""
    with project.database.write():
        database = project.database
        siblings = {
            d.name: d for d in schema_rows.list_attribute_definitions(database) if d.label == definition.label
        }
        if seen is not None:
            if seen.label != definition.label:
                raise InputError("an attribute stays with its label; add it to the other label instead")
            _check_seen(seen, siblings, "attribute")
            definition = definition.model_copy(update={"position": seen.position})
        if seen is None or definition.name != seen.name:
            check_reserved("attribute", definition.name)
            if definition.name in siblings:
                raise InputError(
                    f"the label '{definition.label}' already has an attribute called '{definition.name}'",
                    field="name",
                )
        if seen is not None and definition.name != seen.name:
            renames.rename_attribute(database, definition.label, seen.name, definition.name)
        structure.save_attribute(project, definition)


def delete_attribute(project: Project, seen: AttributeDefinition) -> DeletedAttribute:
    with project.database.write():
        database = project.database
        siblings = {
            d.name: d for d in schema_rows.list_attribute_definitions(database) if d.label == seen.label
        }
        _check_seen(seen, siblings, "attribute")
        rows = renames.attribute_rows(database, seen.label, seen.name)
        renames.delete_attribute_rows(database, seen.label, seen.name)
        schema_rows.delete_attribute_definition(database, seen.label, seen.name)
    return DeletedAttribute(seen, rows)


def restore_attribute(project: Project, deleted: DeletedAttribute) -> None:
    with project.database.write():
        database = project.database
        definition = deleted.definition
        existing = {(d.label, d.name) for d in schema_rows.list_attribute_definitions(database)}
        if (definition.label, definition.name) in existing:
            raise ConflictError(
                f"the label '{definition.label}' has an attribute '{definition.name}' again; nothing restored"
            )
        if definition.label not in label_names(database):
            raise ConflictError(f"the label '{definition.label}' was deleted since; nothing restored")
        schema_rows.upsert_attribute_definition(database, definition)
        renames.restore_attribute_rows(database, deleted.rows)


# -- document label sets --------------------------------------------------------------------------------


class DeletedLabelSet(NamedTuple):
    label_set: DocumentLabelSet
    rows: RemovedRows  # the articles' labels from it, the annotators' and gold


def save_document_label_set(
    project: Project,
    label_set: DocumentLabelSet,
    *,
    seen: DocumentLabelSet | None,
    renamed_choices: Mapping[str, str] | None = None,
) -> None:
    """Add (``seen`` None) or change a label set. A new set name and ``renamed_choices`` (old -> new)
    carry the articles' labels along; a removed choice that articles still have is refused."""
    with project.database.write():
        database = project.database
        existing = {s.name: s for s in schema_rows.list_document_label_sets(database)}
        if seen is not None:
            _check_seen(seen, existing, "document label set")
            label_set = label_set.model_copy(update={"position": seen.position})
        if seen is None or label_set.name != seen.name:
            check_reserved("document label set", label_set.name)
            if label_set.name in existing:
                raise InputError(
                    f"there is already a document label set called '{label_set.name}'", field="name"
                )
        if seen is not None:
            if label_set.name != seen.name:
                renames.rename_label_set(database, seen.name, label_set.name)
            for old, new in (renamed_choices or {}).items():
                if old != new:
                    renames.rename_choice(database, label_set.name, old, new)
        structure.save_document_label_set(project, label_set)


def delete_document_label_set(project: Project, seen: DocumentLabelSet) -> DeletedLabelSet:
    with project.database.write():
        database = project.database
        existing = {s.name: s for s in schema_rows.list_document_label_sets(database)}
        _check_seen(seen, existing, "document label set")
        rows = renames.label_set_rows(database, seen.name)
        renames.delete_label_set_rows(database, seen.name)
        schema_rows.delete_document_label_set(database, seen.name)
    return DeletedLabelSet(seen, rows)


def restore_document_label_set(project: Project, deleted: DeletedLabelSet) -> None:
    with project.database.write():
        database = project.database
        if deleted.label_set.name in {s.name for s in schema_rows.list_document_label_sets(database)}:
            raise ConflictError(
                f"a document label set '{deleted.label_set.name}' exists again; nothing restored"
            )
        schema_rows.upsert_document_label_set(database, deleted.label_set)
        renames.restore_label_set_rows(database, deleted.rows)


DeletedPart = DeletedRelationType | DeletedAttribute | DeletedLabelSet


def restore_part(project: Project, deleted: DeletedPart) -> None:
    """Undo of any schema part's deletion."""
    if isinstance(deleted, DeletedRelationType):
        restore_relation_type(project, deleted)
    elif isinstance(deleted, DeletedAttribute):
        restore_attribute(project, deleted)
    else:
        restore_document_label_set(project, deleted)


def delete_part(project: Project, deleted: DeletedPart) -> None:
    """Redo of a deletion undone before."""
    if isinstance(deleted, DeletedRelationType):
        delete_relation_type(project, deleted.relation_type)
    elif isinstance(deleted, DeletedAttribute):
        delete_attribute(project, deleted.definition)
    else:
        delete_document_label_set(project, deleted.label_set)


def _check_seen(seen: object, existing: Mapping[str, object], part: str) -> None:
    name = getattr(seen, "name", "")
    if existing.get(name) != seen:
        raise ConflictError(
            f"the {part} '{name}' was changed or deleted since you saw it; nothing was changed"
        )


def recorded_with(project: Project, part: RelationType | AttributeDefinition | DocumentLabelSet) -> int:
    """How many rows deleting ``part`` would take along (relations, values or articles' labels)."""
    database = project.database
    if isinstance(part, RelationType):
        return renames.relations_of_type(database, part.name).total
    if isinstance(part, AttributeDefinition):
        return renames.attribute_rows(database, part.label, part.name).total
    return renames.label_set_rows(database, part.name).total
