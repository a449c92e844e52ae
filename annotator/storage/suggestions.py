"""Suggestion rows, analysts' rejections of them, and the provenance of accepted spans.

Suggestions are the output of their sources and are replaced source by source; what an analyst decided
(a rejection, an accepted span's provenance) lives apart and is never touched by a refresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from annotator.domain.models import utc_now
from annotator.domain.suggestions import Provenance, Suggestion, SuggestionSource
from annotator.storage.database import Database

_COLUMNS = 's.id, s.document_id, s.start, s."end", s.label, s.text, s.source, s.score, s.provenance'


def _suggestion(row: Sequence[Any]) -> Suggestion:
    # Rows we wrote through the model: not validated again.
    suggestion_id, document_id, start, end, label, text, source, score, provenance = row
    return Suggestion.model_construct(
        id=suggestion_id,
        document_id=document_id,
        start=start,
        end=end,
        label=label,
        text=text,
        source=SuggestionSource(source),
        score=score,
        provenance=provenance,
    )


def replace_suggestions(
    database: Database,
    source: SuggestionSource,
    suggestions: Iterable[Suggestion],
    *,
    document_ids: Iterable[str] | None = None,
    labels: Iterable[str] | None = None,
    texts: Iterable[str] | None = None,
) -> int:
    """Replace ``source``'s suggestions (in the given documents, of the given labels and over the given
    texts only, when given) with ``suggestions``; returns how many were stored."""
    db = database.joined()
    conn = db.conn
    where, params = "source = ?", [source.value]
    for column, values in (("label", labels), ("text", texts)):
        if values is not None:
            names = list(values)
            where += f" AND {column} IN ({', '.join('?' for _ in names)})"
            params += names
    if document_ids is None:
        conn.execute(f"DELETE FROM suggestions WHERE {where}", params)
    else:
        conn.executemany(
            f"DELETE FROM suggestions WHERE {where} AND document_id = ?",
            [(*params, document_id) for document_id in document_ids],
        )
    return add_suggestions(database, suggestions)


def add_suggestions(database: Database, suggestions: Iterable[Suggestion]) -> int:
    """Store suggestions; one already stored from the same source is updated (score, provenance)."""
    db = database.joined()
    created = utc_now()
    rows = [
        (s.document_id, s.start, s.end, s.label, s.text, s.source.value, s.score, s.provenance, created)
        for s in suggestions
    ]
    db.conn.executemany(
        'INSERT INTO suggestions (document_id, start, "end", label, text, source, score, provenance, '
        "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        'ON CONFLICT (document_id, start, "end", label, source) DO UPDATE SET score = excluded.score, '
        "provenance = excluded.provenance, text = excluded.text",
        rows,
    )
    return len(rows)


def open_suggestions(database: Database, document_id: str, annotator: str) -> list[Suggestion]:
    """The document's suggestions that ``annotator`` has neither tagged (same place, same label) nor
    rejected, best first where several sources propose the same thing."""
    rows = database.conn.execute(
        f"SELECT {_COLUMNS} FROM suggestions s WHERE s.document_id = ? "
        "AND NOT EXISTS (SELECT 1 FROM spans t WHERE t.document_id = s.document_id AND t.start = s.start "
        'AND t."end" = s."end" AND t.label = s.label AND t.annotator = ?) '
        "AND NOT EXISTS (SELECT 1 FROM suggestion_rejections r WHERE r.document_id = s.document_id "
        'AND r.start = s.start AND r."end" = s."end" AND r.label = s.label AND r.annotator = ?) '
        'ORDER BY s.start, s."end", s.label, s.score DESC, s.source',
        (document_id, annotator, annotator),
    ).fetchall()
    return [_suggestion(row) for row in rows]


def find_suggestion(database: Database, suggestion_id: int) -> Suggestion | None:
    rows = database.conn.execute(
        f"SELECT {_COLUMNS} FROM suggestions s WHERE s.id = ?", (suggestion_id,)
    ).fetchall()
    return _suggestion(rows[0]) if rows else None


# -- rejections --------------------------------------------------------------------------------------


def add_rejections(database: Database, keys: Iterable[tuple[str, int, int, str]], annotator: str) -> None:
    db = database.joined()
    now = utc_now()
    db.conn.executemany(
        'INSERT OR IGNORE INTO suggestion_rejections (document_id, start, "end", label, annotator, '
        "rejected_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(*key, annotator, now) for key in keys],
    )


def delete_rejections(database: Database, keys: Iterable[tuple[str, int, int, str]], annotator: str) -> None:
    db = database.joined()
    db.conn.executemany(
        'DELETE FROM suggestion_rejections WHERE document_id = ? AND start = ? AND "end" = ? AND label = ? '
        "AND annotator = ?",
        [(*key, annotator) for key in keys],
    )


def rejected_keys(database: Database, annotator: str) -> set[tuple[str, int, int, str]]:
    rows = database.conn.execute(
        'SELECT document_id, start, "end", label FROM suggestion_rejections WHERE annotator = ?', (annotator,)
    ).fetchall()
    return {(str(d), int(s), int(e), str(label)) for d, s, e, label in rows}


# -- provenance of accepted spans ----------------------------------------------------------------------


def set_provenance(database: Database, span_id: str, provenance: Provenance) -> None:
    db = database.joined()
    db.conn.execute(
        "INSERT INTO span_provenance (span_id, source, score, provenance, accepted_at) "
        "VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (span_id) DO UPDATE SET source = excluded.source, score = excluded.score, "
        "provenance = excluded.provenance, accepted_at = excluded.accepted_at",
        (span_id, provenance.source.value, provenance.score, provenance.provenance, provenance.accepted_at),
    )


def delete_provenance(database: Database, span_ids: Iterable[str]) -> None:
    db = database.joined()
    db.conn.executemany("DELETE FROM span_provenance WHERE span_id = ?", [(i,) for i in span_ids])


def provenance_of(database: Database, span_ids: Iterable[str] | None = None) -> dict[str, Provenance]:
    """Provenance of accepted spans (of the given ones, when given); spans tagged by hand have none."""
    sql = "SELECT span_id, source, score, provenance, accepted_at FROM span_provenance"
    if span_ids is None:
        rows = database.conn.execute(sql).fetchall()
    else:
        ids = list(span_ids)
        rows = []
        for low in range(0, len(ids), 500):  # within SQLite's limit on parameters
            chunk = ids[low : low + 500]
            rows += database.conn.execute(
                sql + f" WHERE span_id IN ({', '.join('?' for _ in chunk)})", chunk
            ).fetchall()
    return {
        str(span_id): Provenance(
            source=SuggestionSource(source), score=float(score), provenance=str(text), accepted_at=str(when)
        )
        for span_id, source, score, text, when in rows
    }


def most_uncertain_document(database: Database, annotator: str, after: str | None) -> str | None:
    """The article the model is least sure about (its suggestions' scores nearest 0.5 on average) among
    those ``annotator`` has not tagged, other than ``after``."""
    row = database.conn.execute(
        "SELECT s.document_id FROM suggestions s WHERE s.source = 'model' AND s.document_id IS NOT ? "
        "AND NOT EXISTS (SELECT 1 FROM spans t WHERE t.document_id = s.document_id AND t.annotator = ?) "
        "GROUP BY s.document_id ORDER BY AVG(ABS(s.score - 0.5)), COUNT(*) DESC, s.document_id LIMIT 1",
        (after, annotator),
    ).fetchone()
    return str(row[0]) if row else None
