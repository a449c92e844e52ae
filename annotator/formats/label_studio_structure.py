"""Label Studio's relation results, per-region values (attributes) and task-level choices (document
labels), read and written; ``label_studio`` describes the shapes."""

from __future__ import annotations

from typing import Any

from annotator.domain.structure import AttributeValue
from annotator.formats.records import ExportDocument, ParsedRelation

RELATION_WITHOUT_LABEL = "related"
TO_NAME = "text"


def relations(raw: dict[str, Any], scope: str, annotator: str | None, where: str) -> list[ParsedRelation]:
    source, target = raw.get("from_id"), raw.get("to_id")
    if not isinstance(source, str) or not isinstance(target, str):
        # Refused by the import with the field: it names no region of the annotation.
        source, target = str(source), str(target)
    direction = raw.get("direction", "right")
    if direction == "left":
        source, target = target, source
    names = [name for name in raw.get("labels") or [] if isinstance(name, str)] or [RELATION_WITHOUT_LABEL]
    return [
        ParsedRelation(
            source=scope + source,
            target=scope + target,
            type=name,
            annotator=annotator,
            field=where,
            directed=direction != "bi",
        )
        for name in names
    ]


def attribute(kind: str, value: dict[str, Any]) -> AttributeValue:
    """A region's value of a choices, textarea or number result; "!why" when it cannot be one."""
    if kind == "number":
        number = value.get("number")
        if isinstance(number, bool) or not isinstance(number, int | float):
            return f"!expected a number in value.number, got {number!r:.60}"
        return number
    key = "choices" if kind == "choices" else "text"
    items = value.get(key)
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, list) or len(items) != 1 or not isinstance(items[0], str) or not items[0]:
        return f"!expected one value in value.{key} (an attribute holds one), got {items!r:.60}"
    if kind == "choices" and items[0] in ("true", "false"):
        return items[0] == "true"
    return items[0]


def attribute_result(
    span_id: str, name: str, value: AttributeValue, start: int, end: int, *, choice: bool
) -> dict[str, Any]:
    """A per-region result: ``number`` for numbers, ``choices`` for a choice (and yes/no as "true" or
    "false"), ``textarea`` for free text and entity names."""
    shown: dict[str, Any] = {"start": start, "end": end}
    if choice and isinstance(value, str):
        kind, shown["choices"] = "choices", [value]
    elif isinstance(value, bool):
        kind, shown["choices"] = "choices", ["true" if value else "false"]
    elif isinstance(value, int | float):
        kind, shown["number"] = "number", value
    else:
        kind, shown["text"] = "textarea", [value]
    return {
        "id": span_id,
        "from_name": name,
        "to_name": TO_NAME,
        "type": kind,
        "origin": "manual",
        "value": shown,
    }


def structure_results(item: ExportDocument, annotator: str) -> list[dict[str, Any]]:
    """The annotator's relations and document labels, as Label Studio results."""
    schema = item.structure
    results: list[dict[str, Any]] = []
    for relation in item.relations:
        if relation.annotator != annotator:
            continue
        relation_type = schema.relation_type(relation.type)
        results.append(
            {
                "from_id": relation.source_id,
                "to_id": relation.target_id,
                "type": "relation",
                "direction": "bi" if relation_type is not None and not relation_type.directed else "right",
                "labels": [relation.type],
            }
        )
    chosen: dict[str, list[str]] = {}
    for label in item.document_labels:
        if label.annotator == annotator:
            chosen.setdefault(label.label_set, []).append(label.value)
    for name, values in chosen.items():
        results.append(
            {
                "id": f"document-{name}",
                "from_name": name,
                "to_name": TO_NAME,
                "type": "choices",
                "origin": "manual",
                "value": {"choices": values},
            }
        )
    return results
