"""Document rows. Lists never load the text; only ``get_document`` does."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from annotator.domain.errors import NotFoundError
from annotator.domain.models import Document, DocumentStatus, DocumentSummary
from annotator.storage.database import Database
from annotator.storage.trusted import collector_paused, trusted_models


class DocumentRow(NamedTuple):
    """A new article's columns as a plain tuple, in the order ``storage.bulk`` inserts them: an import
    builds one per article from checked values, where even an unvalidated model cost a tenth of a second
    per 20,000 articles."""

    id: str
    title: str
    source: str
    text: str
    sha256: str
    length: int
    created: str
    note: str


# The status column is the given annotator's progress (no row means "todo"). Span counts are kept by
# triggers (migration 0007), and the covering index ``documents_by_title`` serves the title order without
# reading any article text: 100,000 articles list in a fraction of a second.
_SUMMARY = """
    SELECT d.id, d.title, d.source, d.sha256, d.length,
           COALESCE(c.spans, 0) AS span_count,
           COALESCE(st.status, 'todo') AS status
    FROM documents d
    LEFT JOIN document_span_counts c ON c.document_id = d.id
    LEFT JOIN document_status st ON st.document_id = d.id AND st.annotator = :annotator
"""
_ORDER = " ORDER BY d.title COLLATE NOCASE, d.id"
_DOCUMENT_COLUMNS = "id, title, source, text, sha256, created, note"


def insert_document(database: Database, document: Document) -> None:
    db = database.joined()
    row = document.model_dump()
    row["length"] = len(document.text)
    db.table("documents").insert(row)


def get_document(database: Database, document_id: str) -> Document:
    rows = database.query(f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (document_id,))
    if not rows:
        raise NotFoundError(f"document {document_id} does not exist")
    return Document(**dict(rows[0]))


def get_document_note(database: Database, document_id: str) -> str:
    rows = database.query("SELECT note FROM documents WHERE id = ?", (document_id,))
    if not rows:
        raise NotFoundError(f"document {document_id} does not exist")
    return str(rows[0]["note"])


def text_slice(database: Database, document_id: str, start: int, end: int) -> tuple[str, int]:
    """``(text[start:end], len(text))`` of a document without reading a long text into Python.

    SQLite's ``substr`` counts characters as code points, as Python does, and only reads the text up to
    the piece; the length is the stored one. SQLite's text functions stop at a NUL, which makes the piece
    come back short: such a text is read whole instead.
    """
    start, end = max(start, 0), max(end, 0)
    rows = database.conn.execute(
        "SELECT substr(text, ?, ?), length FROM documents WHERE id = ?",
        (start + 1, max(end - start, 0), document_id),
    ).fetchall()
    if not rows:
        raise NotFoundError(f"document {document_id} does not exist")
    piece, length = rows[0]
    if len(piece) != max(min(end, length) - start, 0):
        text = get_document(database, document_id).text
        return text[start:end], len(text)
    return piece, length


def find_by_sha256(database: Database, sha256: str) -> str | None:
    rows = database.query("SELECT id FROM documents WHERE sha256 = ?", (sha256,))
    return rows[0]["id"] if rows else None


def ids_by_sha256(database: Database, hashes: Iterable[str]) -> dict[str, str]:
    """The documents whose text has one of ``hashes``: hash -> id, in one query."""
    rows = database.conn.execute(
        "SELECT sha256, id FROM documents WHERE sha256 IN (SELECT value FROM json_each(?))",
        (json.dumps(list(hashes)),),
    )
    return {str(sha): str(document_id) for sha, document_id in rows}


@dataclass(frozen=True)
class ArticleList:
    """The article list as columns: ids and titles in list order (title, then id), span counts, and the
    statuses that are not "todo".

    At 100,000 articles, building one tuple per article cost as much as reading the rows; the list shows a
    few dozen at a time, so it looks each field up when it is asked for.
    """

    ids: list[str]
    titles: list[str]
    span_counts: dict[str, int]  # articles without spans may be missing
    statuses: dict[str, DocumentStatus]  # articles still to do are missing


def article_list(database: Database, annotator: str = "") -> ArticleList:
    """Every document without its text, in list order, with ``annotator``'s status."""
    status_of = {status.value: status for status in DocumentStatus}
    conn = database.conn
    # Plain reads joined in Python: per-row lookups into the counts and statuses in SQLite cost more than
    # the dictionaries (a third of the list's loading time at 100,000 articles).
    with collector_paused():
        counts = dict(conn.execute("SELECT document_id, spans FROM document_span_counts").fetchall())
        statuses = {
            document_id: status_of[status]
            for document_id, status in conn.execute(
                "SELECT document_id, status FROM document_status WHERE annotator = ? AND status != 'todo'",
                (annotator,),
            )
        }
        rows = conn.execute("SELECT id, title FROM documents" + _ORDER.replace("d.", "")).fetchall()
        ids, titles = (list(column) for column in zip(*rows, strict=True)) if rows else ([], [])
    return ArticleList(ids, titles, counts, statuses)


def list_documents(database: Database, annotator: str = "") -> list[DocumentSummary]:
    return [_summary(row) for row in database.query(_SUMMARY + _ORDER, {"annotator": annotator})]


def _summary(row: sqlite3.Row) -> DocumentSummary:
    # Rows come from our own schema, so validation is skipped: lists of 100,000 articles load fast.
    values = dict(row)
    values["status"] = DocumentStatus(values["status"])
    return DocumentSummary.model_construct(**values)


def get_summary(database: Database, document_id: str, annotator: str = "") -> DocumentSummary:
    rows = database.query(_SUMMARY + " WHERE d.id = :id", {"annotator": annotator, "id": document_id})
    if not rows:
        raise NotFoundError(f"document {document_id} does not exist")
    return _summary(rows[0])


def document_count(database: Database) -> int:
    return int(database.query("SELECT COUNT(*) AS n FROM documents")[0]["n"])


def iter_documents(database: Database) -> Iterator[Document]:
    """Every document of the corpus in id order (an export), a few hundred in memory at a time."""
    rows = database.conn.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY id")
    for batch in iter(lambda: rows.fetchmany(200), []):
        # Our own rows, built without validating them again.
        yield from trusted_models(Document, batch)


def count_documents(database: Database) -> int:
    return int(database.query("SELECT count(*) FROM documents")[0][0])


def set_document_note(database: Database, document_id: str, note: str) -> None:
    db = database.joined()
    cursor = db.execute("UPDATE documents SET note = ? WHERE id = ?", [note, document_id])
    if cursor.rowcount == 0:
        raise NotFoundError(f"document {document_id} does not exist")


def documents_with_label(database: Database, label: str) -> set[str]:
    rows = database.query("SELECT DISTINCT document_id FROM spans WHERE label = ?", (label,))
    return {row["document_id"] for row in rows}


def document_ids(database: Database) -> set[str]:
    return {row["id"] for row in database.query("SELECT id FROM documents")}


def find_by_source(database: Database, source: str) -> str | None:
    """The one document imported from ``source``, or None (also when several share it)."""
    rows = database.query("SELECT id FROM documents WHERE source = ? LIMIT 2", (source,))
    return rows[0]["id"] if len(rows) == 1 else None
