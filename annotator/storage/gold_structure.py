"""Gold-layer rows of structured annotation: relations between gold spans, gold spans' attributes and
the article's gold document labels, each with who decided, when, and where it came from."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import NamedTuple

from annotator.domain.structure import AttributeValue
from annotator.storage.database import Database


class GoldRelation(NamedTuple):
    id: str
    document_id: str
    source_id: str  # gold span ids
    target_id: str
    type: str
    sources: str  # JSON: [{"relation_id", "annotator"}]
    decided_by: str
    decided_at: str


_RELATION_COLUMNS = "id, document_id, source_id, target_id, type, sources, decided_by, decided_at"


def add_gold_relations(database: Database, relations: Iterable[GoldRelation]) -> None:
    database.joined().conn.executemany(
        f"INSERT INTO gold_relations ({_RELATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", list(relations)
    )


def upsert_gold_relations(database: Database, relations: Iterable[GoldRelation]) -> None:
    """Add these gold relations, or change the ones this project has (a curator's change from the hub)."""
    database.joined().conn.executemany(
        f"INSERT INTO gold_relations ({_RELATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET source_id = excluded.source_id, target_id = excluded.target_id, "
        "type = excluded.type, sources = excluded.sources, decided_by = excluded.decided_by, "
        "decided_at = excluded.decided_at",
        list(relations),
    )


def delete_gold_relations(database: Database, ids: Iterable[str]) -> None:
    database.joined().conn.executemany("DELETE FROM gold_relations WHERE id = ?", [(i,) for i in ids])


def gold_relations(database: Database, document_id: str) -> list[GoldRelation]:
    rows = database.conn.execute(
        f"SELECT {_RELATION_COLUMNS} FROM gold_relations WHERE document_id = ?", (document_id,)
    )
    return [GoldRelation(*row) for row in rows]


def gold_attributes(database: Database, document_id: str) -> dict[str, dict[str, AttributeValue]]:
    rows = database.conn.execute(
        "SELECT a.span_id, a.name, a.value FROM gold_span_attributes a JOIN gold_spans g ON g.id = a.span_id "
        "WHERE g.document_id = ?",
        (document_id,),
    )
    found: dict[str, dict[str, AttributeValue]] = {}
    for span_id, name, value in rows:
        found.setdefault(span_id, {})[name] = json.loads(value)
    return found


def set_gold_attribute(
    database: Database,
    span_id: str,
    name: str,
    value: AttributeValue | None,
    source: str,
    decided_by: str,
    at: str,
) -> None:
    db = database.joined()
    db.execute("DELETE FROM gold_span_attributes WHERE span_id = ? AND name = ?", [span_id, name])
    if value is not None:
        db.execute(
            "INSERT INTO gold_span_attributes (span_id, name, value, source, decided_by, decided_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [span_id, name, json.dumps(value, ensure_ascii=False), source, decided_by, at],
        )


def gold_document_labels(database: Database, document_id: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for label_set, value in database.conn.execute(
        "SELECT label_set, value FROM gold_document_labels WHERE document_id = ? ORDER BY label_set, value",
        (document_id,),
    ):
        found[label_set] = (*found.get(label_set, ()), value)
    return found


def set_gold_document_labels(
    database: Database,
    document_id: str,
    label_set: str,
    values: Iterable[str],
    source: str,
    decided_by: str,
    at: str,
) -> None:
    db = database.joined()
    db.execute(
        "DELETE FROM gold_document_labels WHERE document_id = ? AND label_set = ?", [document_id, label_set]
    )
    db.conn.executemany(
        "INSERT INTO gold_document_labels (document_id, label_set, value, source, decided_by, decided_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(document_id, label_set, value, source, decided_by, at) for value in values],
    )


def put_gold_document_label(
    database: Database, document_id: str, label_set: str, value: str, source: str, decided_by: str, at: str
) -> None:
    """One gold document label, added or with its provenance changed (as the hub has it)."""
    database.joined().execute(
        "INSERT INTO gold_document_labels (document_id, label_set, value, source, decided_by, decided_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (document_id, label_set, value) DO UPDATE SET "
        "source = excluded.source, decided_by = excluded.decided_by, decided_at = excluded.decided_at",
        [document_id, label_set, value, source, decided_by, at],
    )


def remove_gold_document_label(database: Database, document_id: str, label_set: str, value: str) -> None:
    database.joined().execute(
        "DELETE FROM gold_document_labels WHERE document_id = ? AND label_set = ? AND value = ?",
        [document_id, label_set, value],
    )


def all_gold_structure(
    database: Database,
) -> tuple[
    dict[str, list[GoldRelation]], dict[str, dict[str, AttributeValue]], dict[str, list[tuple[str, str]]]
]:
    """Every gold relation by article, gold attribute by gold span, and gold (set, value) by article."""
    relations: dict[str, list[GoldRelation]] = {}
    for row in database.conn.execute(
        f"SELECT {_RELATION_COLUMNS} FROM gold_relations ORDER BY document_id, id"
    ):
        relation = GoldRelation(*row)
        relations.setdefault(relation.document_id, []).append(relation)
    attributes: dict[str, dict[str, AttributeValue]] = {}
    for span_id, name, value in database.conn.execute(
        "SELECT span_id, name, value FROM gold_span_attributes"
    ):
        attributes.setdefault(span_id, {})[name] = json.loads(value)
    labels: dict[str, list[tuple[str, str]]] = {}
    for document_id, label_set, value in database.conn.execute(
        "SELECT document_id, label_set, value FROM gold_document_labels "
        "ORDER BY document_id, label_set, value"
    ):
        labels.setdefault(document_id, []).append((label_set, value))
    return relations, attributes, labels
