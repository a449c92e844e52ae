"""Rows of structured annotation: relations, span attributes (values as JSON) and document labels."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import partial
from typing import NamedTuple

from annotator.domain.models import utc_now
from annotator.domain.structure import AttributeValue, DocumentLabel, Relation, SpanAttribute
from annotator.storage.database import Database
from annotator.storage.trusted import collector_paused, trusted_models

_RELATION_COLUMNS = "id, document_id, source_id, target_id, type, annotator, note, created, updated"


class RelationRow(NamedTuple):
    """A relation's fields as a plain tuple, in ``Relation``'s field order: what the window holds (an
    article's 5,000 relations become tuples in a few milliseconds, models in several times that)."""

    id: str
    document_id: str
    source_id: str
    target_id: str
    type: str
    annotator: str
    note: str
    created: str
    updated: str

    def model(self) -> Relation:
        return Relation.model_construct(**self._asdict())


_as_row = partial(tuple.__new__, RelationRow)


def relation_rows_for_document(
    database: Database, document_id: str, annotators: Iterable[str] | None = None
) -> list[RelationRow]:
    """``relations_for_document`` as plain rows."""
    with collector_paused():
        return list(map(_as_row, _document_relations(database, document_id, annotators)))


def _document_relations(
    database: Database, document_id: str, annotators: Iterable[str] | None
) -> list[tuple[object, ...]]:
    sql = f"SELECT {_RELATION_COLUMNS} FROM relations WHERE document_id = ?"
    params: list[object] = [document_id]
    if annotators is not None:
        names = list(annotators)
        sql += f" AND annotator IN ({', '.join('?' for _ in names)})"
        params += names
    return list(database.conn.execute(sql, params).fetchall())


def upsert_relations(database: Database, relations: Iterable[Relation]) -> None:
    relations = list(relations)
    db = database.joined()
    db.conn.executemany(
        "INSERT OR IGNORE INTO annotators (name, created) VALUES (?, ?)",
        [(name, utc_now()) for name in sorted({r.annotator for r in relations})],
    )
    db.conn.executemany(
        f"INSERT INTO relations ({_RELATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET source_id = excluded.source_id, target_id = excluded.target_id, "
        "type = excluded.type, note = excluded.note, updated = excluded.updated",
        [tuple(getattr(r, name) for name in Relation.model_fields) for r in relations],
    )


def delete_relations(database: Database, relation_ids: Iterable[str]) -> None:
    database.joined().conn.executemany("DELETE FROM relations WHERE id = ?", [(i,) for i in relation_ids])


def find_relation(database: Database, relation_id: str) -> Relation | None:
    rows = database.conn.execute(f"SELECT {_RELATION_COLUMNS} FROM relations WHERE id = ?", (relation_id,))
    found = trusted_models(Relation, rows)
    return found[0] if found else None


def relations_for_document(
    database: Database, document_id: str, annotators: Iterable[str] | None = None
) -> list[Relation]:
    """The article's relations (of the given annotators only, when given), in no particular order."""
    with collector_paused():
        return trusted_models(Relation, _document_relations(database, document_id, annotators))


def relations_of_spans(database: Database, span_ids: Iterable[str]) -> list[Relation]:
    """Every relation that has one of ``span_ids`` at either end."""
    found: dict[str, Relation] = {}
    for span_id in span_ids:
        rows = database.conn.execute(
            f"SELECT {_RELATION_COLUMNS} FROM relations WHERE source_id = ? OR target_id = ?",
            (span_id, span_id),
        )
        found.update((r.id, r) for r in trusted_models(Relation, rows))
    return list(found.values())


def all_relations_by_document(database: Database) -> dict[str, list[Relation]]:
    grouped: dict[str, list[Relation]] = {}
    rows = database.conn.execute(
        f"SELECT {_RELATION_COLUMNS} FROM relations ORDER BY document_id, created, id"
    )
    for relation in trusted_models(Relation, rows):
        grouped.setdefault(relation.document_id, []).append(relation)
    return grouped


def relation_type_in_use(database: Database, relation_type: str) -> bool:
    """Whether any annotator's relation has this type."""
    found = database.conn.execute("SELECT 1 FROM relations WHERE type = ? LIMIT 1", (relation_type,))
    return found.fetchone() is not None


# -- span attributes ------------------------------------------------------------------------------------


def _encoded(value: AttributeValue) -> str:
    return json.dumps(value, ensure_ascii=False)


def set_span_attributes(database: Database, attributes: Iterable[SpanAttribute]) -> None:
    database.joined().conn.executemany(
        "INSERT INTO span_attributes (span_id, name, value, document_id) "
        "SELECT ?, ?, ?, document_id FROM spans WHERE id = ? "
        "ON CONFLICT(span_id, name) DO UPDATE SET value = excluded.value",
        [(a.span_id, a.name, _encoded(a.value), a.span_id) for a in attributes],
    )


def delete_span_attribute(database: Database, span_id: str, name: str) -> None:
    database.joined().execute("DELETE FROM span_attributes WHERE span_id = ? AND name = ?", [span_id, name])


def attributes_of_spans(database: Database, span_ids: Iterable[str]) -> dict[str, dict[str, AttributeValue]]:
    found: dict[str, dict[str, AttributeValue]] = {}
    for span_id in span_ids:
        rows = database.conn.execute(
            "SELECT name, value FROM span_attributes WHERE span_id = ? ORDER BY name", (span_id,)
        )
        values = {name: json.loads(value) for name, value in rows}
        if values:
            found[span_id] = values
    return found


def attributes_for_document(database: Database, document_id: str) -> dict[str, dict[str, AttributeValue]]:
    rows = database.conn.execute(
        "SELECT span_id, name, value FROM span_attributes WHERE document_id = ? ORDER BY span_id, name",
        (document_id,),
    )
    found: dict[str, dict[str, AttributeValue]] = {}
    for span_id, name, value in rows:
        found.setdefault(span_id, {})[name] = json.loads(value)
    return found


def all_span_attributes(database: Database) -> dict[str, dict[str, AttributeValue]]:
    found: dict[str, dict[str, AttributeValue]] = {}
    for span_id, name, value in database.conn.execute(
        "SELECT span_id, name, value FROM span_attributes ORDER BY span_id, name"
    ):
        found.setdefault(span_id, {})[name] = json.loads(value)
    return found


def attribute_values(database: Database, label: str, name: str) -> list[AttributeValue]:
    """Every value of one attribute on the spans of one label."""
    rows = database.conn.execute(
        "SELECT a.value FROM span_attributes a JOIN spans s ON s.id = a.span_id "
        "WHERE s.label = ? AND a.name = ?",
        (label, name),
    )
    return [json.loads(value) for (value,) in rows]


def attribute_values_named(database: Database, name: str) -> list[tuple[str, AttributeValue]]:
    """(span id, value) of every span that has the attribute ``name``, whatever its label."""
    rows = database.conn.execute("SELECT span_id, value FROM span_attributes WHERE name = ?", (name,))
    return [(span_id, json.loads(value)) for span_id, value in rows]


def rename_attribute_values(database: Database, name: str, old: str, new: str) -> None:
    """Entity links are stored as the entity's name: a renamed entity carries its links along."""
    database.joined().execute(
        "UPDATE span_attributes SET value = ? WHERE name = ? AND value = ?",
        [_encoded(new), name, _encoded(old)],
    )


# -- document labels ------------------------------------------------------------------------------------


def document_labels(database: Database, document_id: str) -> list[DocumentLabel]:
    rows = database.conn.execute(
        "SELECT document_id, annotator, label_set, value FROM document_labels WHERE document_id = ? "
        "ORDER BY annotator, label_set, value",
        (document_id,),
    )
    return trusted_models(DocumentLabel, rows)


def all_document_labels(database: Database) -> dict[str, list[DocumentLabel]]:
    grouped: dict[str, list[DocumentLabel]] = {}
    rows = database.conn.execute(
        "SELECT document_id, annotator, label_set, value FROM document_labels "
        "ORDER BY document_id, annotator, label_set, value"
    )
    for label in trusted_models(DocumentLabel, rows):
        grouped.setdefault(label.document_id, []).append(label)
    return grouped


def add_document_labels(database: Database, labels: Iterable[DocumentLabel]) -> None:
    labels = list(labels)
    db = database.joined()
    db.conn.executemany(
        "INSERT OR IGNORE INTO annotators (name, created) VALUES (?, ?)",
        [(name, utc_now()) for name in sorted({label.annotator for label in labels})],
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO document_labels (document_id, annotator, label_set, value) "
        "VALUES (?, ?, ?, ?)",
        [(x.document_id, x.annotator, x.label_set, x.value) for x in labels],
    )


def remove_document_labels(database: Database, labels: Iterable[DocumentLabel]) -> None:
    database.joined().conn.executemany(
        "DELETE FROM document_labels WHERE document_id = ? AND annotator = ? AND label_set = ? AND value = ?",
        [(x.document_id, x.annotator, x.label_set, x.value) for x in labels],
    )


def documents_with_label(database: Database, label_set: str, value: str) -> set[str]:
    rows = database.conn.execute(
        "SELECT DISTINCT document_id FROM document_labels WHERE label_set = ? AND value = ?",
        (label_set, value),
    )
    return {document_id for (document_id,) in rows}
