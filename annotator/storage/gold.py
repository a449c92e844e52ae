"""The gold layer: adjudicated spans with provenance, rejected candidates, and review status."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from annotator.domain.adjudication import GoldSpan, SpanSource
from annotator.domain.models import utc_now
from annotator.storage.database import Database

_COLUMNS = 'id, document_id, start, "end", label, text, sources, decided_by, decided_at, auto_accepted, note'


def _gold(row: sqlite3.Row) -> GoldSpan:
    values = dict(row)
    values["sources"] = tuple(SpanSource(**item) for item in json.loads(values["sources"]))
    values["auto_accepted"] = bool(values["auto_accepted"])
    return GoldSpan(**values)


def upsert_gold(database: Database, spans: Iterable[GoldSpan]) -> None:
    db = database.joined()
    db.conn.executemany(
        f"INSERT INTO gold_spans ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        'ON CONFLICT(id) DO UPDATE SET start = excluded.start, "end" = excluded."end", '
        "label = excluded.label, text = excluded.text, sources = excluded.sources, "
        "decided_by = excluded.decided_by, decided_at = excluded.decided_at, "
        "auto_accepted = excluded.auto_accepted, note = excluded.note",
        [
            (
                g.id,
                g.document_id,
                g.start,
                g.end,
                g.label,
                g.text,
                json.dumps([s.model_dump() for s in g.sources]),
                g.decided_by,
                g.decided_at,
                int(g.auto_accepted),
                g.note,
            )
            for g in spans
        ],
    )


def delete_gold(database: Database, gold_ids: Iterable[str]) -> None:
    db = database.joined()
    db.conn.executemany("DELETE FROM gold_spans WHERE id = ?", [(i,) for i in gold_ids])


def find_gold(database: Database, gold_id: str) -> GoldSpan | None:
    rows = database.query(f"SELECT {_COLUMNS} FROM gold_spans WHERE id = ?", (gold_id,))
    return _gold(rows[0]) if rows else None


def gold_for_document(database: Database, document_id: str) -> list[GoldSpan]:
    rows = database.query(
        f'SELECT {_COLUMNS} FROM gold_spans WHERE document_id = ? ORDER BY start, "end", label, id',
        (document_id,),
    )
    return [_gold(row) for row in rows]


def all_gold_by_document(database: Database) -> dict[str, list[GoldSpan]]:
    grouped: dict[str, list[GoldSpan]] = {}
    for row in database.query(
        f'SELECT {_COLUMNS} FROM gold_spans ORDER BY document_id, start, "end", label, id'
    ):
        grouped.setdefault(row["document_id"], []).append(_gold(row))
    return grouped


def reject(
    database: Database,
    document_id: str,
    start: int,
    end: int,
    label: str,
    decided_by: str,
    decided_at: str | None = None,
) -> None:
    db = database.joined()
    db.execute(
        "INSERT INTO gold_rejections "
        '(document_id, start, "end", label, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?) '
        'ON CONFLICT (document_id, start, "end", label) DO UPDATE SET '
        "decided_by = excluded.decided_by, decided_at = excluded.decided_at",
        [document_id, start, end, label, decided_by, decided_at or utc_now()],
    )


def unreject(database: Database, document_id: str, start: int, end: int, label: str) -> None:
    db = database.joined()
    db.execute(
        'DELETE FROM gold_rejections WHERE document_id = ? AND start = ? AND "end" = ? AND label = ?',
        [document_id, start, end, label],
    )


def rejected_keys(database: Database, document_id: str) -> set[tuple[int, int, str]]:
    rows = database.query(
        'SELECT start, "end", label FROM gold_rejections WHERE document_id = ?', (document_id,)
    )
    return {(row["start"], row["end"], row["label"]) for row in rows}


def get_review_status(database: Database, document_id: str) -> str:
    rows = database.query("SELECT status FROM review_status WHERE document_id = ?", (document_id,))
    return str(rows[0]["status"]) if rows else "not_reviewed"


def set_review_status(
    database: Database, document_id: str, status: str, reviewer: str, updated: str | None = None
) -> None:
    db = database.joined()
    db.execute(
        "INSERT INTO review_status (document_id, status, reviewer, updated) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(document_id) DO UPDATE SET status = excluded.status, reviewer = excluded.reviewer, "
        "updated = excluded.updated",
        [document_id, status, reviewer, updated or utc_now()],
    )
