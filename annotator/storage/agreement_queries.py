"""Read-only queries for agreement: every chosen annotator's spans, who marked what done, and the texts.

Rows come back as plain tuples (no ``sqlite3.Row``, no pydantic): agreement reads every span of the
corpus, and at 100,000 spans per second of overhead per object that would be most of its time budget.
Filters are passed as one JSON array each (``json_each``), so a list of 10,000 documents never runs
into SQLite's limit on query parameters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from annotator.storage.database import Database
from annotator.storage.labels import label_names


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


def reviewed_documents(database: Database, *, document_ids: Sequence[str] | None = None) -> set[str]:
    """Documents whose review is finished: a reviewed document with no gold spans is a judgement too,
    like a "done" annotator."""
    where, params = _filters(None, document_ids, "review_status")
    where = (where + " AND " if where else " WHERE ") + "review_status.status = 'reviewed'"
    return {row[0] for row in database.conn.execute(f"SELECT document_id FROM review_status{where}", params)}


@dataclass(frozen=True)
class CodedCorpus:
    """Agreement's input read in bulk: each document in scope, and every span and "done" mark as integer
    codes (document index, annotator index into ``annotators``, label index into ``labels``)."""

    document_ids: list[str]
    titles: list[str]
    texts: list[str]
    annotators: list[str]
    labels: list[str]
    spans: npt.NDArray[np.int64]  # (spans, 5): document, annotator, label, start, end
    done: npt.NDArray[np.int64]  # (marks, 2): document, annotator


def coded_corpus(
    database: Database,
    *,
    annotators: Sequence[str],
    document_ids: Sequence[str] | None = None,
    gold_layer: str | None = None,
) -> CodedCorpus:
    """Every span of ``annotators`` (and of the gold layer, named ``gold_layer``, when given) in the chosen
    documents (default: all), with the documents any of them tagged or finished, ordered as the document
    list is.

    A million spans as a million Python tuples would cost more than all of agreement's arithmetic, so
    SQLite writes each document's spans as one string of numbers (annotator and label already coded) and
    NumPy parses them all at once: one Python object per document instead of five per span.
    """
    names = list(annotators)
    labels = sorted(label_names(database))
    layers: list[tuple[str, int, str]] = []  # (document id, how many spans, their numbers)
    where, params = _filters(names, document_ids, "spans")
    # Grouped along the index by document (a temporary B-tree over every span cost a third more), each
    # span written by one printf (faster than joining its four numbers with ||).
    layers += database.conn.execute(
        f"SELECT document_id, count(*), group_concat(printf('%d %d %d %d', {_code('annotator', names)}, "
        f"{_code('label', labels)}, start, \"end\"), ' ') FROM spans{where} GROUP BY document_id",
        [*names, *labels, *params],
    ).fetchall()
    done = [
        (document_id, names.index(annotator))
        for document_id, names_done in done_by_document(
            database, annotators=names, document_ids=document_ids
        ).items()
        for annotator in sorted(names_done)
    ]
    coded_names = names
    if gold_layer is not None:
        coded_names = [*names, gold_layer]
        where, params = _filters(None, document_ids, "gold_spans")
        layers += database.conn.execute(
            f"SELECT document_id, count(*), group_concat(printf('{len(names)} %d %d %d', "
            f"{_code('label', labels)}, start, \"end\"), ' ') FROM gold_spans{where} GROUP BY document_id",
            [*labels, *params],
        ).fetchall()
        reviewed = reviewed_documents(database, document_ids=document_ids)
        done += [(document_id, len(names)) for document_id in sorted(reviewed)]

    in_scope = {document_id for document_id, _count, _numbers in layers} | {row[0] for row in done}
    documents = document_texts(database, sorted(in_scope))
    index_of = {row[0]: number for number, row in enumerate(documents)}
    counts = np.fromiter((count for _id, count, _numbers in layers), np.int64, len(layers))
    text = " ".join(numbers for _id, _count, numbers in layers)
    numbers = np.fromstring(text, np.int64, sep=" ") if text else np.zeros(0, np.int64)
    spans = numbers.reshape(-1, 4)
    document = np.repeat(
        np.fromiter((index_of[document_id] for document_id, _c, _n in layers), np.int64, len(layers)), counts
    )
    return CodedCorpus(
        document_ids=[row[0] for row in documents],
        titles=[row[1] for row in documents],
        texts=[row[2] for row in documents],
        annotators=coded_names,
        labels=labels,
        spans=np.column_stack([document, spans]) if len(spans) else np.zeros((0, 5), np.int64),
        done=np.array([(index_of[d], a) for d, a in done], np.int64).reshape(-1, 2),
    )


def _code(column: str, values: list[str]) -> str:
    """SQL mapping ``column`` to its position in ``values`` (one parameter per value)."""
    if not values:
        return "-1"
    return (
        f"CASE {column} "
        + " ".join(f"WHEN ? THEN {position}" for position in range(len(values)))
        + " ELSE -1 END"
    )
