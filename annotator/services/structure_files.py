"""The structured-annotation part of a label schema file, beside its ``labels``::

    {"labels": [{"name": "financials", ..., "attributes": [
         {"name": "metric", "kind": "choice", "choices": ["revenue", "profit"]},
         {"name": "amount", "kind": "number"}, {"name": "company", "kind": "entity"}]}],
     "relation_types": [{"name": "supplies", "colour": "#e57373", "directed": true, "hotkey": "s",
                         "source_labels": ["strategy"], "target_labels": ["chips"]}],
     "document_labels": [{"name": "topic", "choices": ["export controls", "earnings"], "multiple": true}]}

Loading merges: types, attributes and sets named in the file are added or replaced; others are kept.
"""

from __future__ import annotations

from annotator.domain.structure import StructureSchema
from annotator.services.project import Project
from annotator.services.structure import structure_schema
from annotator.storage import structure_schema as schema_rows


def merge_structure(project: Project, incoming: StructureSchema) -> list[str]:
    """Store a file's structure inside the caller's transaction; returns what was added or changed."""
    database = project.database
    current = structure_schema(project)
    changed: list[str] = []
    for relation_type in incoming.relation_types:
        if relation_type not in current.relation_types:
            schema_rows.upsert_relation_type(database, relation_type)
            changed.append(f"relation type {relation_type.name}")
    for definition in incoming.attributes:
        if definition not in current.attributes:
            schema_rows.upsert_attribute_definition(database, definition)
            changed.append(f"attribute {definition.label}.{definition.name}")
    for label_set in incoming.document_label_sets:
        if label_set not in current.document_label_sets:
            before = {s.name: s for s in current.document_label_sets}.get(label_set.name)
            if before is not None:  # choices already used on articles are kept
                kept = [c for c in before.choices if c not in label_set.choices]
                label_set = label_set.model_copy(update={"choices": (*label_set.choices, *kept)})
            schema_rows.upsert_document_label_set(database, label_set)
            changed.append(f"document label set {label_set.name}")
    return changed


__all__ = ["merge_structure"]
