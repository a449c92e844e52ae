"""Read-only queries for agreement: every chosen annotator's spans, who marked what done, and the texts.

Rows come back as plain tuples (no ``sqlite3.Row``, no pydantic): agreement reads every span of the
corpus, and at 100,000 spans per second of overhead per object that would be most of its time budget.
Filters are passed as one JSON array each (``json_each``), so a list of 10,000 documents never runs
into SQLite's limit on query parameters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from annotator.storage.database import Database

SpanRow = tuple[int, int, str]


def _filters(
    annotators: Sequence[str] | None, document_ids: Sequence[str] | None, table: str
) -> tuple[str, list[object]]:
    clauses = []
    params: list[object] = []
    if annotators is not None:
        clauses.append(f"{table}.annotator IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(annotators)))
    if document_ids is not None:
        clauses.append(f"{table}.document_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(document_ids)))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def spans_by_document(
    database: Database,
    *,
    annotators: Sequence[str] | None = None,
    document_ids: Sequence[str] | None = None,
) -> dict[str, dict[str, list[SpanRow]]]:
    """``{document id: {annotator: [(start, end, label), ...]}}`` for the chosen annotators and documents.

    Spans come in no particular order (the metrics sort them): sorting a million rows in SQLite costs
    more than sorting each annotator's few spans per document.
    """
    where, params = _filters(annotators, document_ids, "spans")
    rows = database.conn.execute(
        f'SELECT document_id, annotator, start, "end", label FROM spans{where}', params
    ).fetchall()
    grouped: dict[str, dict[str, list[SpanRow]]] = {}
    for document_id, annotator, start, end, label in rows:
        layers = grouped.get(document_id)
        if layers is None:
            layers = grouped[document_id] = {}
        layer = layers.get(annotator)
        if layer is None:
            layer = layers[annotator] = []
        layer.append((start, end, label))
    return grouped


def done_by_document(
    database: Database,
    *,
    annotators: Sequence[str] | None = None,
    document_ids: Sequence[str] | None = None,
) -> dict[str, set[str]]:
    """``{document id: annotators who marked it done}``."""
    where, params = _filters(annotators, document_ids, "document_status")
    where = (where + " AND " if where else " WHERE ") + "document_status.status = 'done'"
    rows = database.conn.execute(
        f"SELECT document_id, annotator FROM document_status{where}", params
    ).fetchall()
    done: dict[str, set[str]] = {}
    for document_id, annotator in rows:
        done.setdefault(document_id, set()).add(annotator)
    return done


def document_texts(database: Database, document_ids: Sequence[str]) -> list[tuple[str, str, str]]:
    """``(id, title, text)`` of the given documents, ordered by title then id, as the document list is."""
    return database.conn.execute(
        "SELECT id, title, text FROM documents WHERE id IN (SELECT value FROM json_each(?)) "
        "ORDER BY title COLLATE NOCASE, id",
        [json.dumps(list(document_ids))],
    ).fetchall()


def existing_document_ids(database: Database, document_ids: Sequence[str]) -> set[str]:
    rows = database.conn.execute(
        "SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(list(document_ids))],
    ).fetchall()
    return {row[0] for row in rows}


def gold_by_document(
    database: Database, *, document_ids: Sequence[str] | None = None
) -> tuple[dict[str, list[SpanRow]], set[str]]:
    """The gold layer as ``{document id: [(start, end, label), ...]}``, and the documents whose review is
    finished (a reviewed document with no gold spans is a judgement too, like a "done" annotator)."""
    params: list[object] = []
    where = ""
    if document_ids is not None:
        where = " WHERE document_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(document_ids)))
    grouped: dict[str, list[SpanRow]] = {}
    for document_id, start, end, label in database.conn.execute(
        f'SELECT document_id, start, "end", label FROM gold_spans{where}', params
    ).fetchall():
        grouped.setdefault(document_id, []).append((start, end, label))
    reviewed_where = (where + " AND " if where else " WHERE ") + "status = 'reviewed'"
    reviewed = {
        row[0]
        for row in database.conn.execute(
            f"SELECT document_id FROM review_status{reviewed_where}", params
        ).fetchall()
    }
    return grouped, reviewed
