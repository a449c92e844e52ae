"""Label rows, and the span rows that depend on a label (moved or deleted with it).

Renaming relies on the ``ON UPDATE CASCADE`` foreign keys: every table that references ``labels(name)``
follows the new name inside the same transaction, including tables added by later migrations.
"""

from __future__ import annotations

from annotator.domain.errors import NotFoundError
from annotator.domain.models import Label, Span
from annotator.storage.database import Database

_SPAN_COLUMNS = 'id, document_id, start, "end", label, text, annotator, note, created, updated'


def list_labels(database: Database) -> list[Label]:
    rows = database.query("SELECT * FROM labels ORDER BY position, name")
    return [Label(**dict(row)) for row in rows]


def get_label(database: Database, name: str) -> Label:
    rows = database.query("SELECT * FROM labels WHERE name = ?", (name,))
    if not rows:
        raise NotFoundError(f"there is no label called '{name}' (it may have been renamed or deleted)")
    return Label(**dict(rows[0]))


def upsert_label(database: Database, label: Label) -> None:
    db = database.joined()
    db.table("labels").upsert(label.model_dump(), pk="name")


def label_names(database: Database) -> set[str]:
    return {row["name"] for row in database.query("SELECT name FROM labels")}


def replace_label(database: Database, name: str, label: Label) -> None:
    """Overwrite the row called ``name`` with ``label``; a new name cascades to every referencing row."""
    db = database.joined()
    db.execute(
        "UPDATE labels SET name = ?, colour = ?, hotkey = ?, description = ?, position = ? WHERE name = ?",
        [label.name, label.colour, label.hotkey, label.description, label.position, name],
    )


def set_positions(database: Database, names: list[str]) -> None:
    """Store the palette order: ``names[i]`` gets position ``i``."""
    db = database.joined()
    db.conn.executemany(
        "UPDATE labels SET position = ? WHERE name = ?",
        [(position, name) for position, name in enumerate(names)],
    )


def delete_label(database: Database, name: str) -> None:
    db = database.joined()
    db.execute("DELETE FROM labels WHERE name = ?", [name])


def spans_with_label(database: Database, name: str) -> list[Span]:
    rows = database.query(
        f'SELECT {_SPAN_COLUMNS} FROM spans WHERE label = ? ORDER BY document_id, start, "end", id', (name,)
    )
    return [Span.model_construct(**dict(row)) for row in rows]


def span_counts(database: Database) -> dict[str, int]:
    """Spans per label, with a zero for every label nobody has used yet."""
    rows = database.query(
        "SELECT labels.name AS name, COUNT(spans.id) AS n FROM labels "
        "LEFT JOIN spans ON spans.label = labels.name GROUP BY labels.name"
    )
    return {row["name"]: int(row["n"]) for row in rows}


def move_spans(database: Database, from_label: str, to_label: str, updated: str) -> None:
    db = database.joined()
    db.execute("UPDATE spans SET label = ?, updated = ? WHERE label = ?", [to_label, updated, from_label])


def delete_spans_with_label(database: Database, name: str) -> None:
    db = database.joined()
    db.execute("DELETE FROM spans WHERE label = ?", [name])


def other_references(database: Database, name: str) -> dict[str, int]:
    """Rows outside ``spans`` that reference the label through a foreign key, per table.

    Found from the schema itself, so a layer added by a later migration (adjudicated spans, say) is
    protected from losing its label without this module having to know about it.
    """
    tables = database.query(
        'SELECT DISTINCT m.name AS table_name, f."from" AS column_name '
        "FROM sqlite_master AS m JOIN pragma_foreign_key_list(m.name) AS f "
        "WHERE m.type = 'table' AND f.\"table\" = 'labels' AND m.name != 'spans'"
    )
    counts: dict[str, int] = {}
    for row in tables:
        table, column = str(row["table_name"]), str(row["column_name"])
        quoted_table, quoted_column = table.replace('"', '""'), column.replace('"', '""')
        found = database.query(
            f'SELECT COUNT(*) AS n FROM "{quoted_table}" WHERE "{quoted_column}" = ?', (name,)
        )[0]["n"]
        if found:
            counts[table] = counts.get(table, 0) + int(found)
    return counts
