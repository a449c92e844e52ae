"""Span rows. Writes are upserts keyed by the span's UUID, so retrying one after a crash never duplicates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any, NamedTuple

from annotator.domain.errors import NotFoundError
from annotator.domain.models import Span, utc_now
from annotator.storage.database import Database
from annotator.storage.trusted import collector_paused, trusted_models

_COLUMNS = 'id, document_id, start, "end", label, text, annotator, note, created, updated'


def upsert_spans(database: Database, spans: Iterable[Span]) -> None:
    upsert_span_rows(database, [row_of(s) for s in spans])


def upsert_span_rows(database: Database, rows: Sequence[SpanRow]) -> None:
    """``upsert_spans`` for rows built from checked values (an import's), without a model per span."""
    db = database.joined()
    # Whoever a span belongs to is an annotator of the project from its first span on.
    db.conn.executemany(
        "INSERT OR IGNORE INTO annotators (name, created) VALUES (?, ?)",
        [(name, utc_now()) for name in sorted({row.annotator for row in rows})],
    )
    db.conn.executemany(
        f"INSERT INTO spans ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET document_id = excluded.document_id, start = excluded.start, "
        '"end" = excluded."end", label = excluded.label, text = excluded.text, '
        "annotator = excluded.annotator, note = excluded.note, updated = excluded.updated",
        rows,  # the row's fields are in _COLUMNS' order
    )


def update_spans(database: Database, spans: Iterable[Span]) -> None:
    """Change spans that exist, in place: a sixth of an upsert's time (which first tries an insert)."""
    db = database.joined()
    db.conn.executemany(
        'UPDATE spans SET start = ?, "end" = ?, label = ?, text = ?, note = ?, updated = ? WHERE id = ?',
        [(s.start, s.end, s.label, s.text, s.note, s.updated, s.id) for s in spans],
    )


def delete_spans(database: Database, span_ids: Iterable[str]) -> None:
    db = database.joined()
    db.conn.executemany("DELETE FROM spans WHERE id = ?", [(span_id,) for span_id in span_ids])


def get_span(database: Database, span_id: str) -> Span:
    rows = database.query(f"SELECT {_COLUMNS} FROM spans WHERE id = ?", (span_id,))
    if not rows:
        raise NotFoundError(f"span {span_id} does not exist (it may have been deleted)")
    return Span(**dict(rows[0]))


def find_span(database: Database, span_id: str) -> Span | None:
    rows = database.query(f"SELECT {_COLUMNS} FROM spans WHERE id = ?", (span_id,))
    return Span(**dict(rows[0])) if rows else None


class SpanRow(NamedTuple):
    """A span's fields as a plain tuple, in ``Span``'s field order: what the article view holds.

    An article's 10,000 rows become tuples in a few milliseconds; as models, even unvalidated ones, they
    took as long again as the query that read them.
    """

    id: str
    document_id: str
    start: int
    end: int
    label: str
    text: str
    annotator: str
    note: str
    created: str
    updated: str


_as_row = partial(tuple.__new__, SpanRow)  # the tuple's own constructor, in C (``_make`` is Python)


def row_of(span: Span) -> SpanRow:
    return SpanRow(*(getattr(span, field) for field in SpanRow._fields))


def _document_query(document_id: str, annotators: Iterable[str] | None) -> tuple[str, tuple[object, ...]]:
    sql = f"SELECT {_COLUMNS} FROM spans WHERE document_id = ?"
    params: list[object] = [document_id]
    if annotators is not None:
        names = list(annotators)
        sql += f" AND annotator IN ({', '.join('?' for _ in names)})"
        params += names
    return sql, tuple(params)


def spans_for_document(
    database: Database, document_id: str, annotators: Iterable[str] | None = None
) -> list[Span]:
    """The document's spans (of the given annotators only, when given), in text order."""
    sql, params = _document_query(document_id, annotators)
    with collector_paused():
        rows = database.conn.execute(sql + ' ORDER BY start, "end", label, id', params)
        return trusted_spans(rows)  # built as the rows stream in


def span_rows_for_document(
    database: Database, document_id: str, annotators: Iterable[str] | None = None
) -> list[SpanRow]:
    """What ``spans_for_document`` reads, as plain rows and in no particular order.

    Unordered, because SQLite sorts 10,000 rows in a temporary B-tree at a third of the cost of reading
    them, and the article view sorts them anyway (its key in C takes a tenth of that).
    """
    with collector_paused():
        rows = database.conn.execute(*_document_query(document_id, annotators)).fetchall()
        return list(map(_as_row, rows))


def trusted_spans(rows: Iterable[Sequence[Any]]) -> list[Span]:
    """Spans from rows of ``_COLUMNS`` that we wrote: not validated again (see storage.trusted)."""
    return trusted_models(Span, rows)


def all_spans_by_document(database: Database) -> dict[str, list[Span]]:
    grouped: dict[str, list[Span]] = {}
    rows = database.query(f'SELECT {_COLUMNS} FROM spans ORDER BY document_id, start, "end", label, id')
    for row in rows:
        grouped.setdefault(row["document_id"], []).append(Span.model_construct(**dict(row)))
    return grouped


def count_by(database: Database, column: str) -> dict[str, int]:
    if column not in {"label", "annotator"}:
        raise ValueError(f"cannot count spans by {column}")
    rows = database.query(
        f"SELECT {column} AS key, COUNT(*) AS n FROM spans GROUP BY {column} ORDER BY {column}"
    )
    return {row["key"]: int(row["n"]) for row in rows}


def span_count(database: Database) -> int:
    return int(database.query("SELECT COUNT(*) AS n FROM spans")[0]["n"])
