"""Span queries for import and export: which span ids are taken, and spans filtered for a dataset."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import attrgetter

from annotator.domain.models import Span
from annotator.storage.database import Database
from annotator.storage.spans import trusted_spans

_COLUMNS = 'id, document_id, start, "end", label, text, annotator, note, created, updated'
# SQLite allows 999 parameters in older builds; stay well below.
_CHUNK = 500


def taken_span_ids(database: Database, span_ids: Iterable[str]) -> set[str]:
    """Those of ``span_ids`` that already belong to a span in the project."""
    wanted = list(dict.fromkeys(span_ids))
    taken: set[str] = set()
    for first in range(0, len(wanted), _CHUNK):
        chunk = wanted[first : first + _CHUNK]
        rows = database.query(
            f"SELECT id FROM spans WHERE id IN ({', '.join('?' for _ in chunk)})", tuple(chunk)
        )
        taken |= {row["id"] for row in rows}
    return taken


def span_ids_by_key(database: Database, document_id: str) -> dict[tuple[int, int, str, str], str]:
    """(start, end, label, annotator) of every span of a document, which makes two spans the same, with
    the span's id: what an import links the file's relations and attributes to."""
    rows = database.conn.execute(
        'SELECT start, "end", label, annotator, id FROM spans WHERE document_id = ?', (document_id,)
    )
    return {(start, end, label, annotator): span_id for start, end, label, annotator, span_id in rows}


def spans_by_document(
    database: Database, *, annotators: Sequence[str] = (), labels: Sequence[str] = ()
) -> Iterator[tuple[str, list[Span]]]:
    """(document id, its spans) in document id order, read as they stream: one document's at a time."""
    sql = f"SELECT {_COLUMNS} FROM spans"
    conditions: list[str] = []
    params: list[object] = []
    if annotators:
        conditions.append(f"annotator IN ({', '.join('?' for _ in annotators)})")
        params += list(annotators)
    if labels:
        conditions.append(f"label IN ({', '.join('?' for _ in labels)})")
        params += list(labels)
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    # In the order writers sort in (records.sorted_spans), so their sorts find each list already sorted.
    order = ' ORDER BY document_id, start, "end", label, annotator, id'
    rows = database.conn.execute(sql + order, tuple(params))  # streamed: no list of a million rows
    spans = (span for batch in iter(lambda: rows.fetchmany(_CHUNK), []) for span in trusted_spans(batch))
    for document_id, group in groupby(spans, key=_DOCUMENT):  # our own rows: built without validating
        yield document_id, list(group)


_DOCUMENT = attrgetter("document_id")
