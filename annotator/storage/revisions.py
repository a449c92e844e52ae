"""Rows touched when a document's text is replaced: its past versions and its spans' review flags.

Spans live in two tables with the same offsets and review columns: annotators' ``spans`` and the adjudicated
``gold_spans``. Rejected gold candidates are keyed by their offsets and carry no text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from annotator.domain.errors import NotFoundError
from annotator.domain.models import utc_now
from annotator.storage.database import Database


class Layer(StrEnum):
    """The table a span row lives in."""

    SPANS = "spans"
    GOLD = "gold_spans"


@dataclass(frozen=True)
class SpanRow:
    layer: Layer
    id: str
    document_id: str
    start: int
    end: int
    text: str
    label: str
    owner: str  # the annotator, or who decided a gold span
    needs_review: bool
    review_reason: str


@dataclass(frozen=True)
class Rejection:
    start: int
    end: int
    label: str
    decided_by: str
    decided_at: str


_OWNER = {Layer.SPANS: "annotator", Layer.GOLD: "decided_by"}


def _select(layer: Layer, where: str) -> str:
    return (
        f'SELECT id, document_id, start, "end", text, label, {_OWNER[layer]} AS owner, needs_review, '
        f'review_reason FROM {layer.value} WHERE {where} ORDER BY start, "end", id'
    )


def _span_row(layer: Layer, row: sqlite3.Row) -> SpanRow:
    return SpanRow(
        layer=layer,
        id=row["id"],
        document_id=row["document_id"],
        start=row["start"],
        end=row["end"],
        text=row["text"],
        label=row["label"],
        owner=row["owner"],
        needs_review=bool(row["needs_review"]),
        review_reason=row["review_reason"],
    )


def span_rows(database: Database, document_id: str) -> list[SpanRow]:
    """Every span of the document, annotators' first, then gold."""
    return [
        _span_row(layer, row)
        for layer in Layer
        for row in database.query(_select(layer, "document_id = ?"), (document_id,))
    ]


def flagged_rows(database: Database, document_id: str | None = None) -> list[SpanRow]:
    """Spans waiting for review (of one document, or of all)."""
    where, params = (
        ("needs_review = 1", ())
        if document_id is None
        else (
            "needs_review = 1 AND document_id = ?",
            (document_id,),
        )
    )
    # "+document_id" keeps SQLite off spans_by_document (it would read every span of the document, 8 ms
    # for 10,000, on each opening) and on the partial index of flagged spans; gold_spans has no such index.
    spans_where = where.replace("document_id", "+document_id")
    rows = [
        _span_row(layer, row)
        for layer in Layer
        for row in database.query(_select(layer, spans_where if layer is Layer.SPANS else where), params)
    ]
    return sorted(rows, key=lambda r: (r.document_id, r.start, r.end, r.id))


def get_span_row(database: Database, layer: Layer, span_id: str) -> SpanRow:
    rows = database.query(_select(layer, "id = ?"), (span_id,))
    if not rows:
        raise NotFoundError(f"span {span_id} does not exist (it may have been deleted)")
    return _span_row(layer, rows[0])


def place_span(
    database: Database,
    layer: Layer,
    span_id: str,
    *,
    start: int,
    end: int,
    text: str,
    needs_review: bool,
    review_reason: str = "",
) -> None:
    """Set a span's offsets, text and review flag together."""
    db = database.joined()
    db.execute(
        f'UPDATE {layer.value} SET start = ?, "end" = ?, text = ?, needs_review = ?, review_reason = ? '
        "WHERE id = ?",
        [start, end, text, int(needs_review), review_reason if needs_review else "", span_id],
    )
    if layer is Layer.SPANS:
        db.execute("UPDATE spans SET updated = ? WHERE id = ?", [utc_now(), span_id])


def rejections(database: Database, document_id: str) -> list[Rejection]:
    rows = database.query(
        'SELECT start, "end", label, decided_by, decided_at FROM gold_rejections WHERE document_id = ? '
        'ORDER BY start, "end", label',
        (document_id,),
    )
    return [
        Rejection(row["start"], row["end"], row["label"], row["decided_by"], row["decided_at"])
        for row in rows
    ]


def replace_rejections(database: Database, document_id: str, rejections: Iterable[Rejection]) -> None:
    """Replace all of a document's rejected gold candidates (all at once: moved keys may cross)."""
    db = database.joined()
    db.execute("DELETE FROM gold_rejections WHERE document_id = ?", [document_id])
    db.conn.executemany(
        "INSERT OR IGNORE INTO gold_rejections "
        '(document_id, start, "end", label, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)',
        [(document_id, r.start, r.end, r.label, r.decided_by, r.decided_at) for r in rejections],
    )


def record_revision(database: Database, document_id: str, revision: int, text: str, sha256: str) -> None:
    """Keep a text that is being replaced, as revision ``revision`` of the document."""
    db = database.joined()
    db.execute(
        "INSERT INTO document_revisions (document_id, revision, text, sha256, replaced) "
        "VALUES (?, ?, ?, ?, ?)",
        [document_id, revision, text, sha256, utc_now()],
    )


def replace_text(database: Database, document_id: str, text: str, sha256: str, revision: int) -> None:
    db = database.joined()
    cursor = db.execute(
        "UPDATE documents SET text = ?, sha256 = ?, length = ?, revision = ? WHERE id = ?",
        [text, sha256, len(text), revision, document_id],
    )
    if cursor.rowcount == 0:
        raise NotFoundError(f"document {document_id} does not exist")


def current_revision(database: Database, document_id: str) -> int:
    rows = database.query("SELECT revision FROM documents WHERE id = ?", (document_id,))
    if not rows:
        raise NotFoundError(f"document {document_id} does not exist")
    return int(rows[0]["revision"])


def previous_text(database: Database, document_id: str, revision: int) -> str:
    rows = database.query(
        "SELECT text FROM document_revisions WHERE document_id = ? AND revision = ?", (document_id, revision)
    )
    if not rows:
        raise NotFoundError(f"document {document_id} has no revision {revision}")
    return str(rows[0]["text"])
