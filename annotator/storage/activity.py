"""The record of edits that annotation sessions are worked out from (one row per edit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from annotator.domain.models import utc_now
from annotator.domain.sessions import Activity
from annotator.storage.database import Database
from annotator.storage.trusted import collector_paused, trusted_models

_COLUMNS = "annotator, document_id, at, action, spans_added, spans_removed"


def record(
    database: Database, annotator: str, document_id: str, action: str, *, added: int = 0, removed: int = 0
) -> None:
    """Add one edit to the record, in the caller's transaction (the edit's own).

    An edit is known by who, where, when and what (a merge and the team hub take it by those), so two
    edits of one kind within a millisecond would become one there: the later is recorded a millisecond
    after the earlier instead."""
    db = database.joined()
    at = utc_now()
    while db.conn.execute(
        "SELECT 1 FROM activity WHERE annotator = ? AND document_id = ? AND at = ? AND action = ?",
        (annotator, document_id, at, action),
    ).fetchone():
        at = _millisecond_after(at)
    db.execute(
        f"INSERT INTO activity ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        [annotator, document_id, at, action, added, removed],
    )


def _millisecond_after(at: str) -> str:
    return (datetime.fromisoformat(at) + timedelta(milliseconds=1)).isoformat(timespec="milliseconds")


def activity(database: Database, annotators: Sequence[str] = (), since: str = "") -> list[Activity]:
    """Every recorded edit (of ``annotators``, when given; at or after ``since``, an ISO 8601 UTC time,
    when given), in time order. The rows were checked when written (here, or by a merge), so they are not
    validated again: a year of a team's edits is read in a fraction of the time."""
    conditions = [f"annotator IN ({', '.join('?' * len(annotators))})"] if annotators else []
    conditions += ["at >= ?"] if since else []
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    params = (*annotators, *([since] if since else []))
    with collector_paused():
        rows = database.conn.execute(
            f"SELECT {_COLUMNS} FROM activity {where} ORDER BY annotator, at", params
        )
        return trusted_models(Activity, rows.fetchall())


def add(database: Database, rows: Sequence[Activity]) -> None:
    """Add edits recorded elsewhere (a colleague's project being merged), in the caller's transaction."""
    database.joined().conn.executemany(
        f"INSERT INTO activity ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        [(a.annotator, a.document_id, a.at, a.action, a.spans_added, a.spans_removed) for a in rows],
    )


def find(database: Database, row: Activity) -> int | None:
    """The number of this edit in the record here, if it is there (an edit is who, where, when and what)."""
    found = database.conn.execute(
        "SELECT id FROM activity WHERE annotator = ? AND document_id = ? AND at = ? AND action = ?",
        (row.annotator, row.document_id, row.at, row.action),
    ).fetchone()
    return int(found[0]) if found else None


def add_one(database: Database, row: Activity) -> int:
    """Add one edit recorded elsewhere; returns its number here."""
    cursor = database.joined().conn.execute(
        f"INSERT INTO activity ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        (row.annotator, row.document_id, row.at, row.action, row.spans_added, row.spans_removed),
    )
    return int(cursor.lastrowid or 0)
