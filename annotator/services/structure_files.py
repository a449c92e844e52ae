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

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from annotator.domain.errors import InputError
from annotator.domain.structure import AttributeDefinition, DocumentLabelSet, RelationType, StructureSchema
from annotator.services.project import Project
from annotator.services.structure import structure_schema
from annotator.storage import structure_schema as schema_rows

STRUCTURE_KEYS = ("relation_types", "document_labels")


def read_structure(path: Path, data: Mapping[str, Any]) -> StructureSchema:
    """The relation types, attributes and document label sets of a parsed schema file."""
    relation_types = [
        _model(RelationType, item, path, f"relation_types[{i}]", position=i)
        for i, item in enumerate(_list(data, "relation_types", path))
    ]
    label_sets = [
        _model(DocumentLabelSet, item, path, f"document_labels[{i}]", position=i)
        for i, item in enumerate(_list(data, "document_labels", path))
    ]
    attributes: list[AttributeDefinition] = []
    for i, label in enumerate(data.get("labels") or []):
        if not isinstance(label, dict) or "attributes" not in label:
            continue
        where = f"labels[{i}].attributes"
        items = label["attributes"]
        if not isinstance(items, list):
            raise InputError("expected a list of attributes", path=path, field=where)
        for j, item in enumerate(items):
            if not isinstance(item, dict):
                raise InputError("expected an object with name and kind", path=path, field=f"{where}[{j}]")
            item = {**item, "label": label.get("name")}
            attributes.append(_model(AttributeDefinition, item, path, f"{where}[{j}]", position=j))
    for kind, names in (
        ("relation type", [t.name for t in relation_types]),
        ("document label set", [s.name for s in label_sets]),
        ("attribute", [f"{a.label}.{a.name}" for a in attributes]),
    ):
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise InputError(f"{kind} '{twice[0]}' is listed twice", path=path)
    labels = {label.get("name") for label in data.get("labels") or [] if isinstance(label, dict)}
    for i, relation_type in enumerate(relation_types):
        for name in (*relation_type.source_labels, *relation_type.target_labels):
            if name not in labels:
                raise InputError(
                    f"names label '{name}', which the file does not list",
                    path=path,
                    field=f"relation_types[{i}]",
                )
    return StructureSchema(relation_types, attributes, label_sets)


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


def structure_document(project: Project, labels: list[dict[str, Any]]) -> dict[str, Any]:
    """The structure as schema-file JSON: attributes go into the given ``labels``, the rest beside."""
    schema = structure_schema(project)
    for label in labels:
        attributes = [
            d.model_dump(mode="json", exclude={"label", "position"}, exclude_defaults=True)
            | {"name": d.name, "kind": d.kind.value}
            for d in schema.attributes
            if d.label == label["name"]
        ]
        if attributes:
            label["attributes"] = attributes
    document: dict[str, Any] = {"labels": labels}
    if schema.relation_types:
        document["relation_types"] = [
            t.model_dump(mode="json", exclude={"position"}) for t in schema.relation_types
        ]
    if schema.document_label_sets:
        document["document_labels"] = [
            s.model_dump(mode="json", exclude={"position"}) for s in schema.document_label_sets
        ]
    return document


def _list(data: Mapping[str, Any], key: str, path: Path) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise InputError(f'expected a list under "{key}"', path=path, field=key)
    return value


def _model(model: type[BaseModel], item: object, path: Path, where: str, *, position: int) -> Any:
    if not isinstance(item, dict):
        raise InputError("expected an object", path=path, field=where)
    try:
        return model(**{**item, "position": position})
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        key = ".".join(str(part) for part in problem["loc"])
        message = str(problem["msg"]).removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "unknown field"
        raise InputError(message, path=path, field=f"{where}.{key}" if key else where) from None


__all__ = ["STRUCTURE_KEYS", "merge_structure", "read_structure", "structure_document"]
