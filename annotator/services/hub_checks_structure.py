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
from annotator.storage.gold_structure import GoldRelation


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
    return span, name, _value(values, "span_attributes", key)


def _value(values: dict[str, Any], table: str, key: str) -> AttributeValue:
    try:
        value = json.loads(text_field(values, "value", table, key))
    except ValueError as error:
        raise failure(table, key, "'value' is not JSON") from error
    if not isinstance(value, bool | int | float | str) or value != value:
        raise failure(table, key, f"{value!r} is not a yes/no, a number or a text")
    return value


def _provenance(values: dict[str, Any], table: str, key: str, *columns: str) -> tuple[str, ...]:
    """Who decided and when (and where it came from): text, and a decider's name that is not blank."""
    found = tuple(text_field(values, column, table, key) for column in columns)
    if not str(values.get("decided_by", "")).strip():
        raise failure(table, key, "'decided_by' names no one")
    return found


def gold_relation(values: dict[str, Any], document_id: str) -> GoldRelation:
    key = _key(values, "id")
    table = "gold_relations"
    for column in ("id", "source", "target", "type"):
        if not text_field(values, column, table, key).strip():
            raise failure(table, key, f"'{column}' is empty")
    if values["source"] == values["target"]:
        raise failure(table, key, "a relation links two different spans")
    try:
        sources = json.loads(text_field(values, "sources", table, key))
    except ValueError as error:
        raise failure(table, key, "'sources' is not a JSON list") from error
    if not isinstance(sources, list) or not all(
        isinstance(item, dict) and all(isinstance(v, str) for v in item.values()) for item in sources
    ):
        raise failure(table, key, "'sources' is not a list of {relation_id, annotator}")
    decided_by, decided_at = _provenance(values, table, key, "decided_by", "decided_at")
    return GoldRelation(
        values["id"],
        document_id,
        values["source"],
        values["target"],
        values["type"],
        json.dumps(sources, ensure_ascii=False),
        decided_by,
        decided_at,
    )


def gold_attribute(values: dict[str, Any]) -> tuple[str, str, AttributeValue, str, str, str]:
    """(gold span id, name, value, source, decided by, decided at) of a gold span's attribute."""
    key = _key(values, "span", "name")
    table = "gold_span_attributes"
    span = text_field(values, "span", table, key)
    name = text_field(values, "name", table, key)
    if not name.strip():
        raise failure(table, key, "the attribute has no name")
    value = _value(values, table, key)
    source, decided_by, decided_at = _provenance(values, table, key, "source", "decided_by", "decided_at")
    return span, name, value, source, decided_by, decided_at


def gold_document_label(values: dict[str, Any]) -> tuple[str, str, str, str, str]:
    """(label set, value, source, decided by, decided at) of an article's gold document label."""
    key = _key(values, "document", "label_set", "value")
    label_set, value, source, decided_by, decided_at = _provenance(
        values, "gold_document_labels", key, "label_set", "value", "source", "decided_by", "decided_at"
    )
    return label_set, value, source, decided_by, decided_at


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
