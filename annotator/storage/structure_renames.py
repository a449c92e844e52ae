"""Rows that follow a schema part when it is renamed or deleted: the relations of a relation type, the
values of a label's attribute, the labels given from a document label set (annotators' and gold).

Relation types and label sets are renamed through their foreign keys (``ON UPDATE CASCADE``); attribute
values name their attribute without one (a value belongs to a span, the definition to its label), so
they are carried here. What a deletion takes along is read first and returned as plain rows, so that
undo can write them back unchanged.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from annotator.storage.database import Database
from annotator.storage.gold_structure import GoldRelation

Row = tuple[object, ...]


class RemovedRows(NamedTuple):
    """The rows a deleted schema part took along: annotators' rows and gold rows, as stored."""

    own: list[Row]
    gold: list[Row]

    @property
    def total(self) -> int:
        return len(self.own) + len(self.gold)


# -- relation types -------------------------------------------------------------------------------------

_RELATION_COLUMNS = "id, document_id, source_id, target_id, type, annotator, note, created, updated"
_GOLD_RELATION_COLUMNS = ", ".join(GoldRelation._fields)


def rename_label_in_relation_types(database: Database, old: str, new: str) -> None:
    """A renamed label stays allowed as the source or target of the relation types that named it."""
    db = database.joined()
    rows = db.execute("SELECT name, source_labels, target_labels FROM relation_types").fetchall()
    for name, sources, targets in rows:
        lists = [json.loads(sources), json.loads(targets)]
        if any(old in names for names in lists):
            renamed = [
                json.dumps([new if x == old else x for x in names], ensure_ascii=False) for names in lists
            ]
            db.execute(
                "UPDATE relation_types SET source_labels = ?, target_labels = ? WHERE name = ?",
                [*renamed, name],
            )


def relation_types_listing(database: Database, label: str) -> list[str]:
    """The relation types that allow ``label`` as a source or a target, by name."""
    rows = database.conn.execute(
        "SELECT name, source_labels, target_labels FROM relation_types ORDER BY name"
    )
    return [name for name, sources, targets in rows if label in json.loads(sources) + json.loads(targets)]


def relations_of_type(database: Database, relation_type: str) -> RemovedRows:
    own = database.conn.execute(
        f"SELECT {_RELATION_COLUMNS} FROM relations WHERE type = ? ORDER BY document_id, id", (relation_type,)
    )
    gold = database.conn.execute(
        f"SELECT {_GOLD_RELATION_COLUMNS} FROM gold_relations WHERE type = ? ORDER BY id", (relation_type,)
    )
    return RemovedRows(list(own), list(gold))


def delete_relations_of_type(database: Database, relation_type: str) -> None:
    db = database.joined()
    db.execute("DELETE FROM relations WHERE type = ?", [relation_type])
    db.execute("DELETE FROM gold_relations WHERE type = ?", [relation_type])


def restore_relations_of_type(database: Database, rows: RemovedRows) -> None:
    conn = database.joined().conn
    conn.executemany(f"INSERT INTO relations ({_RELATION_COLUMNS}) VALUES ({_marks(9)})", rows.own)
    conn.executemany(f"INSERT INTO gold_relations ({_GOLD_RELATION_COLUMNS}) VALUES ({_marks(8)})", rows.gold)


# -- label attributes -----------------------------------------------------------------------------------

_OWN_SPANS = "name = ? AND span_id IN (SELECT id FROM spans WHERE label = ?)"
_GOLD_SPANS = "name = ? AND span_id IN (SELECT id FROM gold_spans WHERE label = ?)"
_OWN_VALUES = f"FROM span_attributes WHERE {_OWN_SPANS}"
_GOLD_VALUES = f"FROM gold_span_attributes WHERE {_GOLD_SPANS}"


def rename_attribute(database: Database, label: str, old: str, new: str) -> None:
    """The definition and every value on the label's spans (gold ones too) take the new name."""
    db = database.joined()
    db.execute("UPDATE label_attributes SET name = ? WHERE label = ? AND name = ?", [new, label, old])
    db.execute(f"UPDATE span_attributes SET name = ? WHERE {_OWN_SPANS}", [new, old, label])
    db.execute(f"UPDATE gold_span_attributes SET name = ? WHERE {_GOLD_SPANS}", [new, old, label])


def attribute_rows(database: Database, label: str, name: str) -> RemovedRows:
    own = database.conn.execute(f"SELECT span_id, name, value, document_id {_OWN_VALUES}", (name, label))
    gold = database.conn.execute(
        f"SELECT span_id, name, value, source, decided_by, decided_at {_GOLD_VALUES}", (name, label)
    )
    return RemovedRows(list(own), list(gold))


def delete_attribute_rows(database: Database, label: str, name: str) -> None:
    db = database.joined()
    db.execute(f"DELETE {_OWN_VALUES}", [name, label])
    db.execute(f"DELETE {_GOLD_VALUES}", [name, label])


def restore_attribute_rows(database: Database, rows: RemovedRows) -> None:
    conn = database.joined().conn
    conn.executemany(
        "INSERT INTO span_attributes (span_id, name, value, document_id) VALUES (?, ?, ?, ?)", rows.own
    )
    conn.executemany(
        "INSERT INTO gold_span_attributes (span_id, name, value, source, decided_by, decided_at) "
        f"VALUES ({_marks(6)})",
        rows.gold,
    )


# -- document label sets --------------------------------------------------------------------------------


def rename_label_set(database: Database, old: str, new: str) -> None:
    """The articles' labels follow through their foreign keys."""
    database.joined().execute("UPDATE document_label_sets SET name = ? WHERE name = ?", [new, old])


def rename_choice(database: Database, label_set: str, old: str, new: str) -> None:
    """Articles labelled with a renamed choice keep their label under its new name."""
    db = database.joined()
    for table in ("document_labels", "gold_document_labels"):
        db.execute(f"UPDATE {table} SET value = ? WHERE label_set = ? AND value = ?", [new, label_set, old])


def label_set_rows(database: Database, label_set: str) -> RemovedRows:
    own = database.conn.execute(
        "SELECT document_id, annotator, label_set, value FROM document_labels WHERE label_set = ? "
        "ORDER BY document_id, annotator, value",
        (label_set,),
    )
    gold = database.conn.execute(
        "SELECT document_id, label_set, value, source, decided_by, decided_at FROM gold_document_labels "
        "WHERE label_set = ? ORDER BY document_id, value",
        (label_set,),
    )
    return RemovedRows(list(own), list(gold))


def delete_label_set_rows(database: Database, label_set: str) -> None:
    db = database.joined()
    for table in ("document_labels", "gold_document_labels"):
        db.execute(f"DELETE FROM {table} WHERE label_set = ?", [label_set])


def restore_label_set_rows(database: Database, rows: RemovedRows) -> None:
    conn = database.joined().conn
    conn.executemany(
        "INSERT INTO document_labels (document_id, annotator, label_set, value) VALUES (?, ?, ?, ?)", rows.own
    )
    conn.executemany(
        "INSERT INTO gold_document_labels (document_id, label_set, value, source, decided_by, decided_at) "
        f"VALUES ({_marks(6)})",
        rows.gold,
    )


def _marks(count: int) -> str:
    return ", ".join("?" for _ in range(count))
