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

from annotator.storage.schema_steps_0017 import INDEX_OPTIONS

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


def index_matches_rows(conn: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> bool:
    """Whether ``table``'s index holds each token in as many rows as an index made afresh from the rows.

    A value changed behind the triggers' back (another program that dropped them) shows as tokens whose
    count of rows differs. The fresh index is a temporary table, dropped again.
    """
    listed = ", ".join(columns)
    conn.execute(f"CREATE VIRTUAL TABLE temp.search_check USING fts5({listed}, {INDEX_OPTIONS})")
    try:
        conn.execute(
            f"INSERT INTO temp.search_check (rowid, {listed}) SELECT key, {listed} FROM main.{table}_rows"
        )
        conn.execute("CREATE VIRTUAL TABLE temp.search_check_terms USING fts5vocab(temp, search_check, row)")
        conn.execute(f"CREATE VIRTUAL TABLE temp.search_held_terms USING fts5vocab(main, {table}, row)")
        differs = conn.execute(
            "SELECT 1 FROM (SELECT term, doc FROM temp.search_check_terms "
            "EXCEPT SELECT term, doc FROM temp.search_held_terms) "
            "UNION ALL SELECT 1 FROM (SELECT term, doc FROM temp.search_held_terms "
            "EXCEPT SELECT term, doc FROM temp.search_check_terms) LIMIT 1"
        ).fetchone()
    finally:
        for name in ("search_held_terms", "search_check_terms", "search_check"):
            conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
    return differs is None
