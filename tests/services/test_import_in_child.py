"""A large file is read and checked in a child process while the import stores what it has read.

Whatever the child meets (a bad record, a file it cannot read, a cancel, its own death), the import
behaves as if the file had been read here: the same rows stored, the same errors naming the same file and
line, nothing stored when the import fails, and no child left running.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from annotator.domain.errors import AnnotatorError, Cancelled, InputError
from annotator.services import importing_records
from annotator.services.importing import ImportOptions, import_files
from annotator.services.project import Project
from annotator.services.reading import list_documents

RECORDS = 2 * importing_records.CHILD_BATCH + 40  # several of the child's batches, and a short last one


def corpus(
    path: Path, count: int = RECORDS, *, bad: int | None = None, broken_json: int | None = None
) -> Path:
    lines = []
    for n in range(count):
        text = f"Article {n}: Huawei ships the Ascend 910B to 数据中心 🚀 {n}."
        start = text.index("Ascend")
        spans = [
            {"start": start, "end": start + 11, "label": "chips", "text": "Ascend 910B"},
            {"start": 0, "end": 7, "label": "kind", "text": "Article", "annotator": "lee"},
        ]
        if n == bad:
            spans[0]["text"] = "something else"  # offsets that do not cover the stated text
        line = json.dumps({"text": text, "meta": {"title": f"No. {n}"}, "spans": spans}, ensure_ascii=False)
        lines.append("{not json" if n == broken_json else line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(project: Project) -> list[tuple[object, ...]]:
    rows = project.database.conn.execute(
        'SELECT d.title, d.text, s.start, s."end", s.label, s.text, s.annotator '
        "FROM spans s JOIN documents d ON d.id = s.document_id ORDER BY d.title, s.start"
    )
    return list(rows)


# Forked from the command line, spawned from the window (``importing_records.start_method``): both.
STARTS = ["fork", "spawn"]


@pytest.fixture(params=STARTS)
def in_child(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing_records, "CHILD_FROM_BYTES", 0)
    monkeypatch.setattr(importing_records, "start_method", lambda: request.param)


def children() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "annotator-import-reader"]


@pytest.mark.parametrize("start", STARTS)
def test_a_file_read_in_the_child_is_stored_as_if_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str
) -> None:
    monkeypatch.setattr(importing_records, "start_method", lambda: start)
    source = corpus(tmp_path / "big.jsonl")
    results = []
    for threshold in (10**12, 0):  # read here, then in the child
        monkeypatch.setattr(importing_records, "CHILD_FROM_BYTES", threshold)
        with Project.open(tmp_path / f"{threshold}.db", annotator="alice") as project:
            steps: list[tuple[int, int]] = []
            report = import_files(
                project,
                [source],
                ImportOptions(format="jsonl"),
                progress=lambda done, total, seen=steps: seen.append((done, total)),
            )
            results.append((stored(project), len(report.added), report.spans_added, report.records_read))
            assert steps[-1] == (1, 1) and (RECORDS, RECORDS) in steps
    assert results[0] == results[1]
    assert results[1][1:] == (RECORDS, 2 * RECORDS, RECORDS)
    assert not children()


@pytest.mark.usefixtures("in_child")
def test_a_bad_record_read_in_the_child_names_its_line_and_nothing_is_stored(tmp_path: Path) -> None:
    source = corpus(tmp_path / "big.jsonl", bad=RECORDS - 3)
    with Project.open(tmp_path / "p.db", annotator="alice") as project:
        with pytest.raises(InputError) as caught:
            import_files(project, [source], ImportOptions(format="jsonl"))
        assert caught.value.path == str(source)
        assert caught.value.line == RECORDS - 2
        assert "something else" in str(caught.value)
        assert list_documents(project) == []
    assert not children()


@pytest.mark.usefixtures("in_child")
def test_skip_invalid_in_the_child_lists_the_reader_s_and_the_checks_rejections(tmp_path: Path) -> None:
    source = corpus(tmp_path / "big.jsonl", bad=10, broken_json=RECORDS - 1)
    with Project.open(tmp_path / "p.db", annotator="alice") as project:
        report = import_files(project, [source], ImportOptions(format="jsonl", skip_invalid=True))
        assert sorted(r.line for r in report.rejected) == [11, RECORDS]
        assert len(report.added) == RECORDS - 2
        assert report.records_read == RECORDS


@pytest.mark.usefixtures("in_child")
def test_a_file_the_child_cannot_read_is_refused_with_the_reader_s_own_error(tmp_path: Path) -> None:
    source = tmp_path / "tasks.json"
    source.write_text('{"not": "a task list"}' + " " * 100, encoding="utf-8")
    with Project.open(tmp_path / "p.db", annotator="alice") as project:
        with pytest.raises(InputError) as caught:
            import_files(project, [source], ImportOptions(format="label-studio"))
        assert caught.value.path == str(source)
        report = import_files(project, [source], ImportOptions(format="label-studio", skip_invalid=True))
        assert [r.path for r in report.rejected] == [source]


@pytest.mark.usefixtures("in_child")
def test_cancelling_stops_the_child_and_stores_nothing(tmp_path: Path) -> None:
    source = corpus(tmp_path / "big.jsonl")
    with Project.open(tmp_path / "p.db", annotator="alice") as project:

        def cancelled() -> bool:
            return bool(children())  # as soon as the child runs

        with pytest.raises(Cancelled):
            import_files(project, [source], ImportOptions(format="jsonl"), cancelled=cancelled)
        assert list_documents(project) == []
    assert not children()


@pytest.mark.usefixtures("in_child")
def test_a_child_that_dies_fails_the_import_with_a_clear_error(tmp_path: Path) -> None:
    # More batches than the child may have ready: it is still running when it is killed.
    source = corpus(tmp_path / "big.jsonl", 12 * importing_records.CHILD_BATCH)
    with Project.open(tmp_path / "p.db", annotator="alice") as project:

        def progress(done: int, total: int) -> None:
            for child in children():
                if child.pid is not None and done == 5:
                    os.kill(child.pid, signal.SIGKILL)

        with pytest.raises(AnnotatorError, match="reading the file stopped unexpectedly"):
            import_files(project, [source], ImportOptions(format="jsonl"), progress=progress)
        assert list_documents(project) == []
    assert not children()


def test_the_child_is_forked_only_from_a_process_with_one_thread() -> None:
    # A fresh interpreter, as the command line runs an import: nothing but its main thread.
    alone = subprocess.run(
        [sys.executable, "-c", f"import {importing_records.__name__} as r; print(r.start_method())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert alone.stdout.strip() == "fork"
    # Any other thread (the window's, Qt's own) and the child is spawned: a fork would copy its locks held.
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert importing_records.start_method() == "spawn"
    finally:
        release.set()
        other.join()


def test_the_file_s_lines_are_counted_only_for_progress_that_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The progress total is the file's line count: reading the file once more just for it (a tenth of a
    # second for 150 MB) is wasted on an import nobody watches, such as the command line's.
    from annotator.services import importing

    counted: list[Path] = []
    real = importing.count_lines
    monkeypatch.setattr(importing, "count_lines", lambda path: counted.append(path) or real(path))
    source = corpus(tmp_path / "big.jsonl")
    with Project.open(tmp_path / "quiet.db", annotator="alice") as project:
        import_files(project, [source], ImportOptions(format="jsonl"))
    assert counted == []
    steps: list[tuple[int, int]] = []
    with Project.open(tmp_path / "shown.db", annotator="alice") as project:
        import_files(
            project, [source], ImportOptions(format="jsonl"), progress=lambda *step: steps.append(step)
        )
    assert counted == [source] and (1, RECORDS) in steps
