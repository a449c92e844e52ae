"""The full-text index brought up to date with the rows its triggers noted (``search_edits``, migration
0017), before a transaction of Annotator's commits.

The triggers are plain SQL, so that another program can still write to a project: they only note which
rows were added, changed or deleted, with the values the index held for them. The tokens of those values
and of the rows as they are now are worked out here (``search_tokens``), so the index is exact again when
the transaction commits. Rows noted by another program wait until Annotator's next transaction; searches
read them meanwhile (``storage.search``).
"""

from __future__ import annotations

import sqlite3

INDEXED_COLUMNS = {"document_search": ("title", "text"), "span_search": ("label", "note", "text")}
_SLOTS = ("a", "b", "c")  # where a note keeps the values the index held, column by column


def has_search_edits(conn: sqlite3.Connection) -> bool:
    """Whether the project has the table of noted rows (from migration 0017 on)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_edits'"
    ).fetchone()
    return found is not None


def noted(conn: sqlite3.Connection, table: str) -> bool:
    """Whether rows of ``table``'s index wait for ``index_edits``."""
    return conn.execute("SELECT 1 FROM search_edits WHERE name = ? LIMIT 1", (table,)).fetchone() is not None


def index_edits(conn: sqlite3.Connection) -> None:
    """Take the noted rows' old tokens out of the index and put their present ones in, in the caller's
    transaction; the notes are then cleared. One cheap look-up when nothing was noted."""
    if conn.execute("SELECT 1 FROM search_edits LIMIT 1").fetchone() is None:
        return
    for table, columns in INDEXED_COLUMNS.items():
        listed = ", ".join(columns)
        held = ", ".join(f"search_tokens({slot})" for slot in _SLOTS[: len(columns)])
        conn.execute(
            f"INSERT INTO {table} ({table}, rowid, {listed}) "
            f"SELECT 'delete', key, {held} FROM search_edits WHERE name = ? AND indexed = 1",
            (table,),
        )
        present = ", ".join(f"v.{column}" for column in columns)
        conn.execute(
            f"INSERT INTO {table} (rowid, {listed}) SELECT v.key, {present} FROM search_edits e "
            f"JOIN {table}_rows v ON v.key = e.key WHERE e.name = ?",
            (table,),
        )
    conn.execute("DELETE FROM search_edits")
