"""Span rows. Writes are upserts keyed by the span's UUID, so retrying one after a crash never duplicates."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from annotator.domain.errors import NotFoundError
from annotator.domain.models import Span, utc_now
from annotator.storage.database import Database

_COLUMNS = 'id, document_id, start, "end", label, text, annotator, note, created, updated'


def upsert_spans(database: Database, spans: Iterable[Span]) -> None:
    spans = list(spans)
    with database.write() as db:
        # Whoever a span belongs to is an annotator of the project from its first span on.
        db.conn.executemany(
            "INSERT OR IGNORE INTO annotators (name, created) VALUES (?, ?)",
            [(name, utc_now()) for name in sorted({s.annotator for s in spans})],
        )
        db.conn.executemany(
            f"INSERT INTO spans ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET document_id = excluded.document_id, start = excluded.start, "
            '"end" = excluded."end", label = excluded.label, text = excluded.text, '
            "annotator = excluded.annotator, note = excluded.note, updated = excluded.updated",
            [
                (
                    s.id,
                    s.document_id,
                    s.start,
                    s.end,
                    s.label,
                    s.text,
                    s.annotator,
                    s.note,
                    s.created,
                    s.updated,
                )
                for s in spans
            ],
        )


def delete_spans(database: Database, span_ids: Iterable[str]) -> None:
    with database.write() as db:
        db.conn.executemany("DELETE FROM spans WHERE id = ?", [(span_id,) for span_id in span_ids])


def get_span(database: Database, span_id: str) -> Span:
    rows = database.query(f"SELECT {_COLUMNS} FROM spans WHERE id = ?", (span_id,))
    if not rows:
        raise NotFoundError(f"span {span_id} does not exist (it may have been deleted)")
    return Span(**dict(rows[0]))


def find_span(database: Database, span_id: str) -> Span | None:
    rows = database.query(f"SELECT {_COLUMNS} FROM spans WHERE id = ?", (span_id,))
    return Span(**dict(rows[0])) if rows else None


def spans_for_document(
    database: Database, document_id: str, annotators: Iterable[str] | None = None
) -> list[Span]:
    """The document's spans (of the given annotators only, when given), in text order."""
    sql = f"SELECT {_COLUMNS} FROM spans WHERE document_id = ?"
    params: list[object] = [document_id]
    if annotators is not None:
        names = list(annotators)
        sql += f" AND annotator IN ({', '.join('?' for _ in names)})"
        params += names
    with collector_paused():
        rows = database.conn.execute(sql + ' ORDER BY start, "end", label, id', tuple(params)).fetchall()
        return trusted_spans(rows)


_FIELDS = tuple(Span.model_fields)
# What ``model_construct`` does for a model whose every field is given and which has no aliases, extra or
# private attributes: it is a quarter of the time, and opening an article with 10,000 spans spent more
# time building its spans than showing them.
_PLAIN = (
    tuple(column.strip().strip('"') for column in _COLUMNS.split(",")) == _FIELDS
    and not Span.__private_attributes__
    and Span.model_config.get("extra") != "allow"
    and Span.__pydantic_post_init__ is None
)
_set = object.__setattr__


def trusted_spans(rows: Iterable[Sequence[Any]]) -> list[Span]:
    """Spans from rows of ``_COLUMNS`` written by us (already valid): no validation, built fast."""
    if not _PLAIN:
        return [Span.model_construct(**dict(zip(_FIELDS, row, strict=True))) for row in rows]
    spans = []
    new = Span.__new__
    with collector_paused():
        for row in rows:
            span = new(Span)
            _set(span, "__dict__", dict(zip(_FIELDS, row, strict=True)))
            _set(span, "__pydantic_fields_set__", set(_FIELDS))
            _set(span, "__pydantic_extra__", None)
            _set(span, "__pydantic_private__", None)
            spans.append(span)
    return spans


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold the cycle collector while many span rows are built.

    A full collection over the GUI's large heap costs as much as building 10,000 spans, and the collector
    fires several times while they are built; rows and spans never form reference cycles.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


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
