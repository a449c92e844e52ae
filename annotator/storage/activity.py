"""The record of edits that annotation sessions are worked out from (one row per edit)."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.models import utc_now
from annotator.domain.sessions import Activity
from annotator.storage.database import Database

_COLUMNS = "annotator, document_id, at, action, spans_added, spans_removed"


def record(
    database: Database, annotator: str, document_id: str, action: str, *, added: int = 0, removed: int = 0
) -> None:
    """Add one edit to the record, in the caller's transaction (the edit's own)."""
    database.joined().execute(
        f"INSERT INTO activity ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        [annotator, document_id, utc_now(), action, added, removed],
    )


def activity(database: Database, annotators: Sequence[str] = ()) -> list[Activity]:
    """Every recorded edit (of ``annotators``, when given), in time order."""
    where = f"WHERE annotator IN ({', '.join('?' * len(annotators))})" if annotators else ""
    rows = database.query(
        f"SELECT {_COLUMNS} FROM activity {where} ORDER BY annotator, at", tuple(annotators)
    )
    return [Activity(**dict(row)) for row in rows]


def add(database: Database, rows: Sequence[Activity]) -> None:
    """Add edits recorded elsewhere (a colleague's project being merged), in the caller's transaction."""
    database.joined().conn.executemany(
        f"INSERT INTO activity ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        [(a.annotator, a.document_id, a.at, a.action, a.spans_added, a.spans_removed) for a in rows],
    )
