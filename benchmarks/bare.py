"""The floors: what a competent engineer writes without any of Annotator's features.

    python -m benchmarks.bare load SOURCE.jsonl DATABASE [FORMAT]   # prints the seconds it took
    python -m benchmarks.bare export DATABASE OUT.jsonl

* The bare load parses our native JSONL with ``json`` and inserts documents and spans with
  ``executemany`` into plain tables with primary keys only, in one transaction: no full-text index, no
  triggers, no secondary indexes, no validation. It runs as a process of its own (as the issue asks), so
  its figure includes nothing of ours, not even our imports.
* Given a format, it loads a file of that format the same way (``bare load SOURCE DATABASE FORMAT``):
  Label Studio's task list with one ``json.load``, doccano's and Prodigy's lines with ``json.loads``, each
  format's spans taken as it writes them, with no check. It is what the same engineer writes for that
  format, and tells how much of an import's time the format itself costs (Prodigy writes each article's
  text once per annotator).
* The bare export reads documents, statuses and spans of a project with ``sqlite3`` and writes each
  record with ``json.dumps``: no models, no checks of span texts, no filters.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

_PLAIN_TABLES = """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY, title TEXT, source TEXT, text TEXT, sha256 TEXT
    );
    CREATE TABLE spans (
        id TEXT PRIMARY KEY, document_id TEXT, start INTEGER, "end" INTEGER, label TEXT, text TEXT,
        annotator TEXT, note TEXT
    );
"""
_BATCH = 1000


Row = tuple[object, ...]
# A file's records as rows: (document row or None for a text already given, its span rows).
Records = Iterator[tuple[Row | None, list[Row]]]


def _json_lines(source: Path) -> Iterator[Any]:
    with source.open(encoding="utf-8") as stream:
        for line in stream:
            yield json.loads(line)


def _article(record: Any) -> Row:
    """The document row of a native or doccano record (our exports give both the same ``meta``)."""
    meta = record["meta"]
    return (record["id"], meta["title"], meta["source"], record["text"], meta["sha256"])


def native_records(source: Path) -> Records:
    for record in _json_lines(source):
        document_id = record["id"]
        spans: list[Row] = [
            (s["id"], document_id, s["start"], s["end"], s["label"], s["text"], s["annotator"], s["note"])
            for s in record["spans"]
        ]
        yield _article(record), spans


def label_studio_records(source: Path) -> Records:
    with source.open(encoding="utf-8") as stream:
        tasks = json.load(stream)
    for task in tasks:
        data, document_id = task["data"], str(task["id"])
        document: Row = (document_id, data.get("title"), data.get("source"), data["text"], None)
        spans: list[Row] = [
            (r["id"], document_id, v["start"], v["end"], v["labels"][0], v["text"], a["created_username"], "")
            for a in task["annotations"]
            if not a["was_cancelled"]
            for r in a["result"]
            if r["type"] == "labels"
            for v in (r["value"],)
        ]
        yield document, spans


def doccano_records(source: Path) -> Records:
    for record in _json_lines(source):
        document_id, text, annotators = record["id"], record["text"], record["meta"]["annotators"]
        spans: list[Row] = [
            (f"{document_id}/{n}", document_id, start, end, label, text[start:end], annotators[n], "")
            for n, (start, end, label) in enumerate(record["label"])
        ]
        yield _article(record), spans


def prodigy_records(source: Path) -> Records:
    seen: set[str] = set()  # one task per article and annotator: each article's text is stored once
    for task in _json_lines(source):
        meta, document_id = task["meta"], task["meta"]["id"]
        who = task.get("_annotator_id") or task.get("_session_id") or ""
        document: Row | None = None
        if document_id not in seen:
            seen.add(document_id)
            document = (document_id, meta["title"], meta["source"], task["text"], None)
        spans: list[Row] = [
            (f"{document_id}/{who}/{n}", document_id, s["start"], s["end"], s["label"], s["text"], who, "")
            for n, s in enumerate(task["spans"])
        ]
        yield document, spans


READERS: dict[str, Callable[[Path], Records]] = {
    "jsonl": native_records,
    "label-studio": label_studio_records,
    "doccano": doccano_records,
    "prodigy": prodigy_records,
}


def bare_load(source: Path, database: Path, format_name: str = "jsonl") -> int:
    """``source`` (native JSONL, or ``format_name``) into plain tables of a new ``database``; returns the
    spans inserted."""
    for stale in database.parent.glob(database.name + "*"):
        stale.unlink()
    spans_inserted = 0
    with closing(sqlite3.connect(database, isolation_level=None)) as conn:
        conn.executescript(_PLAIN_TABLES)
        conn.execute("BEGIN")
        documents: list[Row] = []
        spans: list[Row] = []
        for document, record_spans in READERS[format_name](source):
            if document is not None:
                documents.append(document)
            spans += record_spans
            if len(documents) >= _BATCH:
                spans_inserted += _insert(conn, documents, spans)
                documents, spans = [], []
        spans_inserted += _insert(conn, documents, spans)
        conn.execute("COMMIT")
    return spans_inserted


def _insert(conn: sqlite3.Connection, documents: list[Row], spans: list[Row]) -> int:
    conn.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?)", documents)
    conn.executemany("INSERT INTO spans VALUES (?, ?, ?, ?, ?, ?, ?, ?)", spans)
    return len(spans)


_DOCUMENTS = "SELECT id, title, source, sha256, text FROM documents ORDER BY id"
_STATUSES = "SELECT document_id, annotator, status FROM document_status"
_SPANS = (
    'SELECT document_id, id, start, "end", label, text, annotator, note FROM spans '
    'ORDER BY document_id, start, "end", label, annotator, id'
)


def bare_export(database: Path, out: Path) -> int:
    """The same records as the native export, straight from sqlite3 to json.dumps. Returns spans written."""
    written = 0
    with closing(sqlite3.connect(database)) as conn, out.open("w", encoding="utf-8", newline="\n") as stream:
        statuses: dict[str, dict[str, str]] = {}
        for document_id, annotator, status in conn.execute(_STATUSES):
            statuses.setdefault(document_id, {})[annotator] = status
        spans = conn.execute(_SPANS)
        pending = spans.fetchone()
        for document_id, title, source, sha256, text in conn.execute(_DOCUMENTS):
            record_spans = []
            while pending is not None and pending[0] == document_id:
                _, span_id, start, end, label, span_text, annotator, note = pending
                record_spans.append(
                    {
                        "id": span_id,
                        "start": start,
                        "end": end,
                        "label": label,
                        "text": span_text,
                        "annotator": annotator,
                        "note": note,
                    }
                )
                pending = spans.fetchone()
            record = {
                "id": document_id,
                "text": text,
                "meta": {"title": title, "source": source, "sha256": sha256},
                "status": statuses.get(document_id, {}),
                "spans": record_spans,
            }
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += len(record_spans)
    return written


def main(argv: list[str]) -> None:
    command, first, second, *rest = argv
    started = time.perf_counter()
    if command == "load":
        count = bare_load(Path(first), Path(second), *rest)
    elif command == "export":
        count = bare_export(Path(first), Path(second))
    else:
        raise SystemExit(f"unknown command {command!r}: expected load or export")
    print(json.dumps({"seconds": time.perf_counter() - started, "spans": count}))


if __name__ == "__main__":
    main(sys.argv[1:])
