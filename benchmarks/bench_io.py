"""Import and export throughput, each against bare sqlite3 doing the same rows in the same run.

    python -m benchmarks.bench_io [--scale 1] [--runs 3]

* Export: ``export_dataset(..., "jsonl")`` on the corpus of 100,000 articles and 1,000,000 spans, against
  a loop that SELECTs the same documents and spans with sqlite3 and writes each record with json.dumps.
* Import: ``import_files`` of that corpus as a native JSONL file into a new project, against a loop that
  reads the same file with json.loads and inserts the same rows with one ``executemany`` per table in one
  transaction, into a new project of the same schema (so both pay for the same indexes and triggers).

A ratio is baseline time over our time (1.0: as fast as bare sqlite3); the target is at least 0.5.

* Reading a Label Studio task list of 20,000 tasks (2.6 MB, indented as Label Studio writes it): each
  task's line is looked up in one index of the file's newlines (our own target: at most 2 s; counting
  the newlines from the start for every task took 52 s).
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

from annotator.formats import label_studio
from annotator.formats.records import ReadOptions
from annotator.services.exporting import export_dataset
from annotator.services.importing import ImportOptions, import_files
from annotator.services.project import Project
from benchmarks import synthetic
from benchmarks.harness import Figure, median_seconds, options, report

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


def _rows(source: Path) -> Iterator[dict[str, object]]:
    with source.open(encoding="utf-8") as stream:
        for line in stream:
            yield json.loads(line)


def bare_import(source: Path, database: Path) -> int:
    """The file's rows inserted with one executemany per table in one transaction. Returns spans inserted."""
    documents: list[tuple[object, ...]] = []
    spans: list[tuple[object, ...]] = []
    for record in _rows(source):
        meta = record["meta"]
        assert isinstance(meta, dict)
        text = str(record["text"])
        documents.append(
            (record["id"], meta["title"], meta["source"], text, meta["sha256"], len(text), synthetic.CREATED)
        )
        for span in record["spans"]:  # type: ignore[attr-defined]
            spans.append(
                (
                    span["id"],
                    record["id"],
                    span["start"],
                    span["end"],
                    span["label"],
                    span["text"],
                    span["annotator"],
                    span["note"],
                    synthetic.CREATED,
                    synthetic.CREATED,
                )
            )
    with closing(sqlite3.connect(database, isolation_level=None)) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO documents (id, title, source, text, sha256, length, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            documents,
        )
        conn.executemany(
            'INSERT INTO spans (id, document_id, start, "end", label, text, annotator, note, created, '
            "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            spans,
        )
        conn.execute("COMMIT")
    return len(spans)


def fresh_project(path: Path) -> Path:
    """An empty project with the corpus's labels and annotators, as both imports start from."""
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    with Project.open(path, annotator=synthetic.ANNOTATORS[0]) as project:
        synthetic.prepare_project(project)
    return path


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def export_figure(workdir: Path, scale: float, runs: int) -> Figure:
    database = synthetic.corpus_database(workdir, scale)
    ours_out, bare_out = workdir / "export-ours.jsonl", workdir / "export-bare.jsonl"
    ratios, ours_times = [], []
    with Project.open(database, annotator=synthetic.ANNOTATORS[0]) as project:
        for _ in range(max(runs, 1)):
            bare = timed(lambda: bare_export(database, bare_out))
            ours = timed(lambda: export_dataset(project, ours_out, "jsonl"))
            ratios.append(bare / ours)
            ours_times.append(ours)
    spans = sum(len(json.loads(line)["spans"]) for line in ours_out.open(encoding="utf-8"))
    ours_out.unlink()
    bare_out.unlink()
    return Figure(
        f"export {spans:,} spans as JSONL, throughput vs bare sqlite3 SELECT + json.dumps",
        statistics.median(ratios),
        0.5,
        "x",
        len(ratios),
        note=f"ours {statistics.median(ours_times):.1f} s",
    )


def import_figure(workdir: Path, scale: float, runs: int) -> Figure:
    source = workdir / f"corpus-v{synthetic.CORPUS_VERSION}-{scale:g}.jsonl"
    if not source.exists():
        partial = source.with_name(source.name + ".part")
        synthetic.write_corpus_jsonl(partial, scale)
        partial.rename(source)
    target = workdir / "import-target.db"
    ratios, ours_times = [], []
    spans = 0
    for _ in range(max(runs, 1)):
        fresh_project(target)
        bare = timed(lambda: bare_import(source, target))
        fresh_project(target)
        with Project.open(target, annotator=synthetic.ANNOTATORS[0]) as project:
            started = time.perf_counter()
            result = import_files(project, [source], ImportOptions(format="jsonl"))
            ours = time.perf_counter() - started
        spans = result.spans_added
        ratios.append(bare / ours)
        ours_times.append(ours)
    for leftover in workdir.glob(target.name + "*"):
        leftover.unlink()
    documents = sum(1 for _ in source.open(encoding="utf-8"))
    return Figure(
        f"import {documents:,} articles with {spans:,} spans, throughput vs bare sqlite3 executemany",
        statistics.median(ratios),
        0.5,
        "x",
        len(ratios),
        note=f"ours {statistics.median(ours_times):.1f} s",
    )


def task_list_figure(workdir: Path, scale: float, runs: int) -> Figure:
    count = max(20, round(20_000 * scale))
    source = workdir / f"label-studio-{count}.json"
    tasks = [
        {"id": n, "data": {"text": f"Task {n}: Huawei ships Ascend chips."}, "annotations": []}
        for n in range(count)
    ]
    source.write_text(json.dumps(tasks, indent=2), encoding="utf-8")
    seconds = median_seconds(lambda: label_studio.read(source, ReadOptions()), runs)
    return Figure(f"read a Label Studio task list of {count:,} tasks", seconds, 2.0, "s", runs)


def main(argv: list[str] | None = None) -> None:
    args = options(__doc__ or "", argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    report(
        [
            export_figure(args.workdir, args.scale, args.runs),
            import_figure(args.workdir, args.scale, args.runs),
            task_list_figure(args.workdir, args.scale, args.runs),
        ],
        args,
    )


if __name__ == "__main__":
    main()
