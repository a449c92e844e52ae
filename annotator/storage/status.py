"""Each annotator's progress per document. No row means "todo"."""

from __future__ import annotations

from annotator.domain.models import DocumentStatus, utc_now
from annotator.storage.database import Database


def get_status(database: Database, document_id: str, annotator: str) -> DocumentStatus:
    rows = database.query(
        "SELECT status FROM document_status WHERE document_id = ? AND annotator = ?", (document_id, annotator)
    )
    return DocumentStatus(rows[0]["status"]) if rows else DocumentStatus.TODO


def set_status(database: Database, document_id: str, annotator: str, status: DocumentStatus) -> None:
    db = database.joined()
    db.execute("INSERT OR IGNORE INTO annotators (name, created) VALUES (?, ?)", [annotator, utc_now()])
    db.execute(
        "INSERT INTO document_status (document_id, annotator, status, updated) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(document_id, annotator) DO UPDATE SET status = excluded.status, "
        "updated = excluded.updated",
        [document_id, annotator, status.value, utc_now()],
    )


def all_statuses(database: Database) -> dict[str, dict[str, str]]:
    """Document id -> annotator -> status, for every status anyone set (no entry means "todo")."""
    grouped: dict[str, dict[str, str]] = {}
    for row in database.query(
        "SELECT document_id, annotator, status FROM document_status ORDER BY annotator"
    ):
        grouped.setdefault(row["document_id"], {})[row["annotator"]] = row["status"]
    return grouped


def has_status(database: Database, document_id: str, annotator: str) -> bool:
    rows = database.query(
        "SELECT 1 FROM document_status WHERE document_id = ? AND annotator = ?", (document_id, annotator)
    )
    return bool(rows)


def annotators_with_status(database: Database, document_id: str) -> list[str]:
    """Who has set a status other than "todo" on the document (they worked on it, spans or not)."""
    rows = database.query(
        "SELECT annotator FROM document_status WHERE document_id = ? AND status != 'todo' ORDER BY annotator",
        (document_id,),
    )
    return [row["annotator"] for row in rows]


def counts_by_annotator(database: Database) -> dict[str, dict[str, int]]:
    """Annotator -> status -> number of documents, for every status anyone set."""
    counts: dict[str, dict[str, int]] = {}
    for row in database.query(
        "SELECT annotator, status, COUNT(*) AS n FROM document_status GROUP BY annotator, status"
    ):
        counts.setdefault(row["annotator"], {})[row["status"]] = int(row["n"])
    return counts
