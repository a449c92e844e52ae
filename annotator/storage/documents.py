"""Document rows. Lists never load the text; only ``get_document`` does."""

from __future__ import annotations

from annotator.domain.errors import NotFoundError
from annotator.domain.models import Document, DocumentSummary
from annotator.storage.database import Database

_SUMMARY = """
    SELECT d.id, d.title, d.source, d.sha256, d.length,
           (SELECT COUNT(*) FROM spans s WHERE s.document_id = d.id) AS span_count
    FROM documents d
"""


def insert_document(database: Database, document: Document) -> None:
    with database.write() as db:
        row = document.model_dump()
        row["length"] = len(document.text)
        db.table("documents").insert(row)


def get_document(database: Database, document_id: str) -> Document:
    rows = database.query(
        "SELECT id, title, source, text, sha256, created FROM documents WHERE id = ?", (document_id,)
    )
    if not rows:
        raise NotFoundError(f"document {document_id} does not exist")
    return Document(**dict(rows[0]))


def find_by_sha256(database: Database, sha256: str) -> str | None:
    rows = database.query("SELECT id FROM documents WHERE sha256 = ?", (sha256,))
    return rows[0]["id"] if rows else None


def list_documents(database: Database) -> list[DocumentSummary]:
    rows = database.query(_SUMMARY + " ORDER BY d.title COLLATE NOCASE, d.id")
    return [DocumentSummary(**dict(row)) for row in rows]


def get_summary(database: Database, document_id: str) -> DocumentSummary:
    rows = database.query(_SUMMARY + " WHERE d.id = ?", (document_id,))
    if not rows:
        raise NotFoundError(f"document {document_id} does not exist")
    return DocumentSummary(**dict(rows[0]))


def document_count(database: Database) -> int:
    return int(database.query("SELECT COUNT(*) AS n FROM documents")[0]["n"])


def iter_documents(database: Database) -> list[Document]:
    rows = database.query("SELECT id, title, source, text, sha256, created FROM documents ORDER BY id")
    return [Document(**dict(row)) for row in rows]
