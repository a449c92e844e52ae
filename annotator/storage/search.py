"""Full-text queries over the FTS5 indexes of migrations 0007 and 0017 (documents' title and text; spans'
label, note and text).

The indexes hold each value's word suffixes and character pairs without positions (see
``storage.search_tokens``): a term is looked up as the tokens every value holding it has, case ignored,
wherever it occurs (inside words and in Chinese too). What the index finds holds every term's pieces, and
nearly always the term itself: ASCII terms are checked with ``LIKE`` in the query, others by the caller,
who reads the text anyway. One-letter terms are checked with ``LIKE`` on the rows the longer terms found,
or by reading the rows in order when the query has only such terms (it stops once ``limit`` rows are
found). ``LIKE`` ignores case for ASCII letters only.

User text never becomes FTS5 syntax: every token is passed as one quoted string, so quotes, ``AND``,
``OR``, ``NOT``, ``NEAR``, ``*``, ``^``, ``:`` and brackets are searched for as they are.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import NamedTuple

from annotator.domain.search import stands_alone
from annotator.storage import search_edits
from annotator.storage.database import Database
from annotator.storage.search_tokens import term_expression


class DocumentMatch(NamedTuple):
    id: str
    title: str
    text: str
    key: int  # where the next page of matches begins (``matching_documents``)


class SpanMatch(NamedTuple):
    span_id: str
    document_id: str
    title: str
    start: int
    end: int
    label: str
    text: str
    note: str
    annotator: str


def like_pattern(term: str) -> str:
    """A ``LIKE ... ESCAPE '\\'`` pattern matching ``term`` anywhere."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class _Query(NamedTuple):
    expression: str  # the FTS5 expression every match satisfies ("" when the index cannot narrow)
    checked: list[str]  # terms to require with LIKE (ASCII: LIKE folds its case as the index does)


def _split(terms: Sequence[str]) -> _Query:
    """How ``terms`` (all required) are looked up in an index and checked."""
    parts: list[str] = []
    checked: list[str] = []
    for term in (term.replace("\x00", "") for term in terms):
        if not term:
            continue
        expression = term_expression(term, whole_word=stands_alone(term)) if len(term) > 1 else ""
        if expression:
            parts.append(expression)
        if not expression or term.isascii():
            checked.append(term)
    return _Query(" AND ".join(parts), checked)


def _like_all(short: list[str], columns: Sequence[str]) -> tuple[str, list[object]]:
    """SQL requiring each short term in one of ``columns``, with its parameters."""
    clauses: list[str] = []
    params: list[object] = []
    for term in short:
        pattern = like_pattern(term)
        clauses.append("(" + " OR ".join(f"{column} LIKE ? ESCAPE '\\'" for column in columns) + ")")
        params += [pattern] * len(columns)
    return " AND ".join(clauses), params


def _found(table: str, database: Database) -> str:
    """The rows of ``table``'s index that match the expression (``?``), as a table of ``rowid``: with the
    rows another program changed since Annotator's last transaction, which the index does not hold yet."""
    matched = f"(SELECT rowid FROM {table} WHERE {table} MATCH ?)"
    if not search_edits.noted(database.conn, table):
        return matched
    return (
        f"(SELECT rowid FROM {table} WHERE {table} MATCH ? "
        f"UNION SELECT key FROM search_edits WHERE name = '{table}')"
    )


def matching_documents(
    database: Database, terms: Sequence[str], *, limit: int, after: int = 0
) -> list[DocumentMatch]:
    """Up to ``limit`` documents whose title or text may contain every term (case ignored), in index order,
    from the one after the key ``after`` on (``DocumentMatch.key``: the next page starts there).

    Every document that does is a candidate; for terms that are not ASCII, a few that hold their pieces
    apart may be among them (the caller reads the text).
    """
    query = _split(terms)
    if not (query.expression or query.checked):
        return []
    where_checked, params = _like_all(query.checked, ("d.title", "d.text"))
    if query.expression:
        sql = (
            f"SELECT k.key, d.id, d.title, d.text FROM {_found('document_search', database)} f "
            "JOIN document_search_keys k ON k.key = f.rowid JOIN documents d ON d.id = k.document_id "
            "WHERE f.rowid > ?"
        )
    else:
        sql = "SELECT d.rowid AS key, d.id, d.title, d.text FROM documents d WHERE d.rowid > ?"
    params = [*([query.expression] if query.expression else []), after, *params]
    if where_checked:
        sql += " AND " + where_checked
    rows = database.query(sql + " LIMIT ?", (*params, limit))
    return [DocumentMatch(row["id"], row["title"], row["text"], row["key"]) for row in rows]


def matching_spans(database: Database, terms: Sequence[str], *, limit: int) -> list[SpanMatch]:
    """Up to ``limit`` spans whose label, note or text may contain every term (as ``matching_documents``)."""
    query = _split(terms)
    if not (query.expression or query.checked):
        return []
    where_checked, params = _like_all(query.checked, ("s.label", "s.note", "s.text"))
    columns = (
        's.id, s.document_id, d.title, s.start, s."end", s.label, s.text, s.note, s.annotator '
        "FROM spans s JOIN documents d ON d.id = s.document_id"
    )
    if query.expression:
        sql = (
            f"SELECT {columns} JOIN span_search_keys k ON k.span_id = s.id "
            f"JOIN {_found('span_search', database)} f ON f.rowid = k.key WHERE 1"
        )
        params = [query.expression, *params]
        if where_checked:
            sql += " AND " + where_checked
    else:
        sql = f"SELECT {columns} WHERE {where_checked}"
    rows = database.query(sql + " LIMIT ?", (*params, limit))
    return [
        SpanMatch(
            row["id"],
            row["document_id"],
            row["title"],
            row["start"],
            row["end"],
            row["label"],
            row["text"],
            row["note"],
            row["annotator"],
        )
        for row in rows
    ]


def documents_containing(
    database: Database, needle: str, *, case_sensitive: bool, whole_words: bool = False
) -> list[str]:
    """Ids of the documents whose text may contain ``needle`` (standing on its own when ``whole_words``):
    every one that does, perhaps a few more.

    The caller confirms each occurrence in the text itself; this only spares reading every article.
    """
    needle = needle.replace("\x00", "")
    if not needle:
        return []
    expression = term_expression(needle, whole_word=whole_words) if len(needle) > 1 else ""
    if expression:
        # Articles still waiting to be indexed may hold it too.
        sql = (
            f"SELECT k.document_id, k.key FROM {_found('document_search', database)} f "
            "JOIN document_search_keys k ON k.key = f.rowid "
            "UNION SELECT k.document_id, k.key FROM document_search_keys k "
            "JOIN search_backlog b ON b.name = 'document_search' AND k.key >= b.pending_from ORDER BY 2"
        )
        rows = database.query(sql, (expression,))
    elif case_sensitive:
        rows = database.query("SELECT id FROM documents WHERE instr(text, ?) > 0", (needle,))
    elif needle.isascii():
        rows = database.query(
            "SELECT id FROM documents WHERE text LIKE ? ESCAPE '\\'", (like_pattern(needle),)
        )
    else:
        # LIKE folds ASCII only: any document may hold another case of a short non-ASCII needle.
        rows = database.query("SELECT id FROM documents")
    return [row[0] for row in rows]


def search_index_is_consistent(database: Database) -> bool:
    """Whether both indexes match the rows they index (FTS5's own check of its structure, and every
    token's count of rows against an index made afresh from the rows)."""
    # The checks are written as INSERTs, so they run in the caller's write transaction (they change
    # nothing that stays).
    db = database.joined()
    if waiting_rows(database):
        # Rows waiting to be indexed are missing from the index by design: the check would say nothing.
        return True
    search_edits.index_edits(db.conn)
    try:
        for table, columns in search_edits.INDEXED_COLUMNS.items():
            db.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
            if not search_edits.index_matches_rows(db.conn, table, columns):
                return False
    except sqlite3.DatabaseError:
        return False
    return True


# Rows indexed per statement while rebuilding: small enough to report progress and notice a cancel often,
# large enough that the statements cost nothing next to the indexing.
_REBUILD_BATCH = 2000


def rebuild_search_index(
    database: Database, progress: Callable[[int, int], None] | None = None
) -> tuple[int, int]:
    """Index every document and span again from scratch, in one transaction; returns how many of each.

    ``progress(done, total)`` counts documents and spans indexed so far; whatever it raises (``Cancelled``)
    rolls the whole rebuild back, leaving the index as it was.
    """
    db = database.joined()
    conn = db.conn
    conn.execute("DELETE FROM search_backlog")
    conn.execute("DELETE FROM search_edits")
    conn.execute("DELETE FROM document_search_keys")
    conn.execute("INSERT INTO document_search_keys (document_id) SELECT id FROM documents ORDER BY rowid")
    conn.execute("DELETE FROM span_search_keys")
    conn.execute("INSERT INTO span_search_keys (span_id) SELECT id FROM spans ORDER BY rowid")
    tables = ("document_search", "span_search")
    sizes = [conn.execute(f"SELECT count(*) FROM {table}_keys").fetchone()[0] for table in tables]
    total, done = sum(sizes), 0
    for table, columns in zip(tables, ("title, text", "label, note, text"), strict=True):
        # The indexes keep no content: they are emptied and each row's tokens inserted again, in steps.
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
        last = conn.execute(f"SELECT coalesce(max(key), 0) FROM {table}_keys").fetchone()[0]
        for low in range(0, last, _REBUILD_BATCH):
            cursor = conn.execute(
                f"INSERT INTO {table} (rowid, {columns}) SELECT key, {columns} FROM {table}_rows "
                "WHERE key > ? AND key <= ?",
                (low, low + _REBUILD_BATCH),
            )
            done += cursor.rowcount
            if progress is not None:
                progress(done, total)
    if progress is not None:
        progress(total, total)
    return sizes[0], sizes[1]


# -- indexing after a bulk import -------------------------------------------------------------------------

_INDEXED_COLUMNS = {"document_search": "title, text", "span_search": "label, note, text"}


def defer_indexing(database: Database) -> None:
    """Leave the rows inserted from now on out of the full-text index until ``index_waiting`` takes them.

    Called inside a bulk import's transaction; rows already waiting stay waiting.
    """
    db = database.joined()
    for table in _INDEXED_COLUMNS:
        db.execute(
            "INSERT OR IGNORE INTO search_backlog (name, pending_from) "
            f"SELECT ?, coalesce(max(key), 0) + 1 FROM {table}_keys",
            (table,),
        )


def waiting_rows(database: Database) -> int:
    """How many articles and spans are not in the full-text index yet."""
    total = 0
    for table in _INDEXED_COLUMNS:
        row = database.query(
            f"SELECT count(*) FROM {table}_keys k JOIN search_backlog b "
            "ON b.name = ? AND k.key >= b.pending_from",
            (table,),
        )
        total += row[0][0]
    return total


def index_waiting(database: Database, limit: int) -> int:
    """Index up to about ``limit`` waiting articles (or ten times as many spans), the lowest keys first, in
    the caller's transaction.

    Returns how many were indexed; 0 when nothing waits any more (the backlog is then empty).
    """
    db = database.joined()
    conn = db.conn
    for table, columns in _INDEXED_COLUMNS.items():
        found = conn.execute(
            f"SELECT b.pending_from, (SELECT max(key) FROM {table}_keys) FROM search_backlog b "
            "WHERE b.name = ?",
            (table,),
        ).fetchone()
        if found is None:
            continue
        low, last = found
        if last is None or low > last:
            conn.execute("DELETE FROM search_backlog WHERE name = ?", (table,))
            continue
        # Keys are dense apart from deletions: a range of ``limit`` keys is about ``limit`` rows. A span
        # is a few words where an article is a few thousand: ten times as many are indexed at a time.
        high = low + (limit if table == "document_search" else 10 * limit)
        cursor = conn.execute(
            f"INSERT INTO {table} (rowid, {columns}) SELECT key, {columns} FROM {table}_rows "
            "WHERE key >= ? AND key < ?",
            (low, high),
        )
        if high > last:
            conn.execute("DELETE FROM search_backlog WHERE name = ?", (table,))
        else:
            conn.execute("UPDATE search_backlog SET pending_from = ? WHERE name = ?", (high, table))
        return max(cursor.rowcount, 1)
    return 0
