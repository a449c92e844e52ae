"""The hub's rows of structured annotation, checked like a colleague's file (as services/hub_checks.py
does for spans): every value through the same models and rules, lists and values decoded from JSON with
their types checked. A row that fails is not applied; the message names the hub table and the row."""

from __future__ import annotations

import json
from typing import Any

from annotator.domain.sessions import Activity
from annotator.domain.structure import (
    AttributeDefinition,
    AttributeValue,
    DocumentLabel,
    DocumentLabelSet,
    Relation,
    RelationType,
)
from annotator.services.hub_checks import checked_model, failure, member_name, text_field


def _names(values: dict[str, Any], column: str, table: str, key: str) -> tuple[str, ...]:
    try:
        found = json.loads(text_field(values, column, table, key))
    except ValueError as error:
        raise failure(table, key, f"'{column}' is not a JSON list") from error
    if not isinstance(found, list) or not all(isinstance(item, str) for item in found):
        raise failure(table, key, f"'{column}' is not a list of names")
    return tuple(found)


def _key(values: dict[str, Any], *columns: str) -> str:
    return "/".join(str(values.get(column)) for column in columns)


def relation_type(values: dict[str, Any]) -> RelationType:
    key = _key(values, "name")
    return checked_model(
        "relation_types",
        key,
        RelationType,
        name=values.get("name"),
        colour=values.get("colour"),
        directed=values.get("directed"),
        hotkey=values.get("hotkey"),
        source_labels=_names(values, "source_labels", "relation_types", key),
        target_labels=_names(values, "target_labels", "relation_types", key),
        position=values.get("position"),
    )


def attribute_definition(values: dict[str, Any]) -> AttributeDefinition:
    key = _key(values, "label", "name")
    return checked_model(
        "label_attributes",
        key,
        AttributeDefinition,
        label=text_field(values, "label", "label_attributes", key),
        name=values.get("name"),
        kind=values.get("kind"),
        choices=_names(values, "choices", "label_attributes", key),
        hotkey=values.get("hotkey"),
        position=values.get("position"),
    )


def document_label_set(values: dict[str, Any]) -> DocumentLabelSet:
    key = _key(values, "name")
    return checked_model(
        "document_label_sets",
        key,
        DocumentLabelSet,
        name=values.get("name"),
        choices=_names(values, "choices", "document_label_sets", key),
        multiple=values.get("multiple"),
        hotkeys=_names(values, "hotkeys", "document_label_sets", key),
        position=values.get("position"),
    )


def relation(values: dict[str, Any], document_id: str) -> Relation:
    key = _key(values, "id")
    member_name(values, "relations", key)
    for column in ("id", "source", "target", "type", "note", "created", "updated"):
        text_field(values, column, "relations", key)
    return checked_model(
        "relations",
        key,
        Relation,
        id=values["id"],
        document_id=document_id,
        source_id=values["source"],
        target_id=values["target"],
        type=values["type"],
        annotator=values["annotator"],
        note=values["note"],
        created=values["created"],
        updated=values["updated"],
    )


def attribute_value(values: dict[str, Any]) -> tuple[str, str, AttributeValue]:
    """(span id, name, value) of a span's attribute."""
    key = _key(values, "span", "name")
    span = text_field(values, "span", "span_attributes", key)
    name = text_field(values, "name", "span_attributes", key)
    try:
        value = json.loads(text_field(values, "value", "span_attributes", key))
    except ValueError as error:
        raise failure("span_attributes", key, "'value' is not JSON") from error
    if not isinstance(value, bool | int | float | str) or value != value:
        raise failure("span_attributes", key, f"{value!r} is not a yes/no, a number or a text")
    return span, name, value


def document_label(values: dict[str, Any], document_id: str) -> DocumentLabel:
    key = _key(values, "document", "annotator", "label_set", "value")
    annotator = member_name(values, "document_labels", key)
    return DocumentLabel(
        document_id=document_id,
        annotator=annotator,
        label_set=text_field(values, "label_set", "document_labels", key),
        value=text_field(values, "value", "document_labels", key),
    )


def activity(values: dict[str, Any], document_id: str) -> Activity:
    key = _key(values, "annotator", "document", "at", "action")
    annotator = member_name(values, "activity", key)
    for column in ("at", "action"):
        text_field(values, column, "activity", key)
    added, removed = values.get("spans_added"), values.get("spans_removed")
    if type(added) is not int or type(removed) is not int:
        raise failure("activity", key, "the counts of spans added and removed are not whole numbers")
    return checked_model(
        "activity",
        key,
        Activity,
        annotator=annotator,
        document_id=document_id,
        at=values["at"],
        action=values["action"],
        spans_added=added,
        spans_removed=removed,
    )
