"""New articles and their spans in one statement per table, the triggers' work done once per batch.

Each row inserted into ``documents`` or ``spans`` fires triggers: a full-text search key, the article's
span count, and a mark for the team hub when the project is connected. Fired row by row they took five
sixths of a large import's time; here they are lifted for the batch's inserts (inside the caller's
transaction, so a failure or a crash brings them back with everything else) and their effect on the new
rows is written by one set-based statement each. Only the triggers named below are lifted, and only
when they are all the insert triggers those tables have: with any other one, rows go the plain way.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Sequence
from operator import itemgetter

from annotator.storage import bulk
from annotator.storage.database import Database
from annotator.storage.documents import DocumentRow

# The insert triggers of the two tables (migrations 0011 and 0017), and what each did for a row, written
# for every row with a rowid above the last before the batch (``:row``). Keys are numbered in rowid order,
# as the triggers numbered them in insertion order; the index takes the keys above the last before the
# batch (``:key``), found by key, not by id (a new project's first import lifts the ids' index).
_HUB_CONNECTED = "EXISTS (SELECT 1 FROM settings WHERE key = 'hub.url')"
REPLAYED: dict[str, tuple[str, tuple[str, ...]]] = {
    "documents_search_insert": (
        "documents",
        (
            "INSERT INTO document_search_keys (document_id) SELECT id FROM documents WHERE rowid > :row "
            "ORDER BY rowid",
            # New keys are above every key there was when indexing was deferred: while a backlog is
            # recorded, none of the batch's rows is indexed (and the check is made once, not per row).
            "INSERT INTO document_search (rowid, title, text) "
            "SELECT k.key, search_tokens(d.title), search_tokens(d.text) FROM documents d "
            "JOIN document_search_keys k ON k.document_id = d.id WHERE NOT EXISTS "
            "(SELECT 1 FROM search_backlog b WHERE b.name = 'document_search') AND k.key > :key",
        ),
    ),
    "hub_documents_insert": (
        "documents",
        (
            "INSERT INTO hub_pending (kind, key) SELECT 'documents', id FROM documents "
            f"WHERE rowid > :row AND {_HUB_CONNECTED} "
            "ON CONFLICT (kind, key) DO UPDATE SET edits = edits + 1",
        ),
    ),
    "spans_search_insert": (
        "spans",
        (
            "INSERT INTO span_search_keys (span_id) SELECT id FROM spans WHERE rowid > :row ORDER BY rowid",
            "INSERT INTO span_search (rowid, label, note, text) "
            "SELECT k.key, search_tokens(s.label), search_tokens(s.note), search_tokens(s.text) FROM spans s "
            "JOIN span_search_keys k ON k.span_id = s.id WHERE NOT EXISTS "
            "(SELECT 1 FROM search_backlog b WHERE b.name = 'span_search') AND k.key > :key",
        ),
    ),
    # Counted from the batch in hand (see ``_count_spans``): grouping the new rows in SQL meant a sort.
    "spans_count_insert": ("spans", ()),
    "hub_spans_insert": (
        "spans",
        (
            "INSERT INTO hub_pending (kind, key) SELECT 'spans', id FROM spans "
            f"WHERE rowid > :row AND {_HUB_CONNECTED} "
            "ON CONFLICT (kind, key) DO UPDATE SET edits = edits + 1",
        ),
    ),
}
_TABLES = ("documents", "spans")
_PARTIAL = re.compile(r"\)\s*WHERE\b", re.IGNORECASE)  # after an index's column list: a partial index
_INSERT_TRIGGER = re.compile(r"\b(?:BEFORE|AFTER|INSTEAD\s+OF)\s+INSERT\b", re.IGNORECASE)


def insert_triggers(conn: sqlite3.Connection) -> dict[str, str]:
    """The insert triggers of ``documents`` and ``spans``: name -> the SQL that created it."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (?, ?)", _TABLES
    ).fetchall()
    return {name: sql for name, sql in rows if _INSERT_TRIGGER.search(sql)}


def insert_new(
    database: Database, documents: Sequence[DocumentRow], spans: Sequence[tuple[object, ...]]
) -> None:
    """Insert articles new to the project, then spans (of these or other articles) given as rows in the
    spans table's column order (``storage.spans.SpanRow``), in the caller's transaction; derived rows come
    out as if each row had been inserted on its own."""
    conn = database.joined().conn
    triggers = insert_triggers(conn)
    if set(triggers) != set(REPLAYED):
        bulk.insert_document_rows(database, documents)
        bulk.insert_span_rows(database, spans)
        return
    after = {table: {"row": _last_rowid(conn, table), "key": _last_key(conn, table)} for table in _TABLES}
    for name in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    try:
        bulk.insert_document_rows(database, documents)
        bulk.insert_span_rows(database, spans)
        for table, statements in REPLAYED.values():
            for statement in statements:
                conn.execute(statement, after[table])
        _count_spans(conn, spans)
    finally:
        for sql in triggers.values():
            conn.execute(sql)


def no_spans(database: Database) -> bool:
    """Whether the project has no span at all (an import then looks no span id up)."""
    return bool(database.conn.execute("SELECT NOT EXISTS (SELECT 1 FROM spans)").fetchone()[0])


def nothing_stored(database: Database) -> bool:
    """Whether the project has no article and no span yet (a new project's first import)."""
    row = database.conn.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM documents) AND NOT EXISTS (SELECT 1 FROM spans)"
    ).fetchone()
    return bool(row[0])


def lift_indexes(database: Database, table: str) -> list[str]:
    """Drop ``table``'s secondary indexes for a large load into it, in the caller's transaction; returns
    the statements that build them again (``restore_indexes``, before the transaction commits).

    An index built once from the loaded rows sorts them; kept while the rows arrive, every row lands at
    a random place of each (random ids, texts). For 200,000 spans the span indexes cost 1.7 s row by
    row and 0.55 s built afterwards, and the commit then writes fewer pages.

    A partial index (``WHERE``) stays: it holds only the rows its condition takes (spans needing review,
    none of a load's), so keeping it costs next to nothing, and building it again read the whole table."""
    conn = database.joined().conn
    rows = [
        (name, sql)
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
            "ORDER BY name",
            (table,),
        )
        if not _PARTIAL.search(sql)
    ]
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


def restore_indexes(database: Database, statements: Sequence[str]) -> None:
    """Build the indexes ``lift_indexes`` dropped, each sort shared with worker threads (``bulk.sorting``)."""
    conn = database.joined().conn
    with bulk.sorting(database):
        for sql in statements:
            conn.execute(sql)


def _count_spans(conn: sqlite3.Connection, spans: Sequence[tuple[object, ...]]) -> None:
    counts = Counter(map(itemgetter(1), spans))  # by document id
    conn.executemany(
        "INSERT INTO document_span_counts (document_id, spans) VALUES (?, ?) "
        "ON CONFLICT (document_id) DO UPDATE SET spans = spans + excluded.spans",
        counts.items(),
    )


def _last_rowid(conn: sqlite3.Connection, table: str) -> int:
    last = conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0]
    return int(last or 0)


def _last_key(conn: sqlite3.Connection, table: str) -> int:
    keys = {"documents": "document_search_keys", "spans": "span_search_keys"}[table]
    last = conn.execute(f"SELECT max(key) FROM {keys}").fetchone()[0]
    return int(last or 0)
