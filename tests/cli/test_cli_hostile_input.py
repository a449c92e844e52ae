"""Bad input on the command line: each case is one line naming the file (and place), exit status 1, and
nothing changed; and what the command line prints from data cannot drive the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.services import annotation, reading
from annotator.services.project import Project
from tests.fixtures.hostile_projects import content, make_project

HUGE = "7" * 5000


def run_cli(*args: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )


def refused(result: subprocess.CompletedProcess[str], where: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("annotator: error: ") and where in result.stderr, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    make_project(path, "alice")
    return path


BAD_FILES = {
    "huge-offset.jsonl": f'{{"text": "abc def", "spans": [{{"start": {HUGE}, "end": 2, "label": "x"}}]}}\n',
    "huge-id.jsonl": f'{{"id": {HUGE}, "text": "abc def", "spans": []}}\n',
    "huge-doccano.jsonl": f'{{"text": "abc def", "label": [[0, {HUGE}, "x"]]}}\n',
    "huge-prodigy.jsonl": f'{{"text": "abc", "_input_hash": {HUGE}, "spans": []}}\n',
    "huge-label-studio.json": (
        '[{"data": {"text": "abc"}, "annotations": [{"result": '
        f'[{{"value": {{"start": {HUGE}, "end": 2, "labels": ["x"]}}}}]}}]}}]'
    ),
    "deep.jsonl": "[" * 200_000 + "\n",
    "deep-inside.jsonl": '{"text": "a", "meta": ' + "[" * 200_000 + "\n",
    "deep.json": "[" * 200_000,
    "second-line.jsonl": '{"text": "fine text", "spans": []}\n' + f'{{"text": "b", "n": {HUGE}}}\n',
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_huge_integers_and_deep_nesting_are_refused_with_file_and_line(
    db: Path, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_text(BAD_FILES[name], encoding="utf-8")
    before = content(db)
    line = ", line 2" if name.startswith("second") else ", line 1"
    refused(run_cli("import", "--db", str(db), str(path)), f"{path}{line}")
    assert content(db) == before


def test_a_huge_brat_offset_is_refused_with_file_and_line(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "doc.txt").write_text("abc def\n", encoding="utf-8")
    (folder / "doc.ann").write_text(f"T1\tx 0 3\tabc\nT2\tx 0 {HUGE}\tabc\n", encoding="utf-8")
    before = content(db)
    refused(run_cli("import", "--db", str(db), str(folder)), f"{folder / 'doc.ann'}, line 2")
    assert content(db) == before


def test_a_label_schema_file_with_huge_numbers_or_nesting_is_refused(db: Path, tmp_path: Path) -> None:
    from annotator.domain.errors import InputError
    from annotator.services.labels import read_schema_file

    for text in (f'{{"labels": [{{"name": "x", "position": {HUGE}}}]}}', '{"labels": ' + "[" * 100_000):
        schema = tmp_path / "labels.json"
        schema.write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=str(schema)):
            read_schema_file(schema)


@pytest.mark.parametrize("target", ["fifo", "under-a-file", "folder"])
def test_a_bad_rejected_report_path_is_refused_before_importing(
    db: Path, tmp_path: Path, target: str
) -> None:
    data = tmp_path / "mixed.jsonl"
    data.write_text('{"text": "A good record about chips."}\n{"text": 5}\n', encoding="utf-8")
    report = {"fifo": tmp_path / "fifo", "under-a-file": data / "r.jsonl", "folder": tmp_path}[target]
    if target == "fifo":
        os.mkfifo(report)
    before = content(db)
    result = run_cli("import", "--db", str(db), "--skip-invalid", "--rejected-report", str(report), str(data))
    refused(result, str(report.resolve()))
    assert content(db) == before


def test_a_reader_that_stops_early_gets_one_line_not_a_traceback(db: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `head` does once it has its lines
    try:
        result = subprocess.run(
            [sys.executable, "-m", "annotator", "--db", str(db), "stats"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    refused(result, "the output was closed before everything was printed")


@pytest.mark.parametrize("kind", ["fifo", "device"])
@pytest.mark.parametrize("command", ["import", "merge", "restore", "update-text", "--db"])
def test_a_pipe_or_device_named_on_the_command_line_is_refused_at_once(
    db: Path, tmp_path: Path, command: str, kind: str
) -> None:
    special = Path("/dev/zero")
    if kind == "fifo":
        special = tmp_path / "fifo"
        os.mkfifo(special)
    before = content(db)
    args = {
        "import": ["import", "--db", str(db), str(special)],
        "merge": ["merge", "--db", str(db), str(special)],
        "restore": ["restore", "--db", str(db), str(special)],
        "update-text": ["update-text", "--db", str(db), "0" * 32, str(special)],
        "--db": ["stats", "--db", str(special)],
    }[command]
    refused(run_cli(*args), f"{special}: is not a regular file")
    assert content(db) == before


ESCAPE = "\x1b]0;owned\x07\x1b[31m"
BIDI = "\u202egnp.exe"


def test_names_from_data_cannot_drive_the_terminal(db: Path, tmp_path: Path) -> None:
    with Project.open(db, annotator="alice") as project:
        document = reading.list_documents(project)[0]
        annotation.tag_span(Project(project.database, f"eve{ESCAPE}"), document.id, 0, 6, "chips")
        annotation.tag_span(Project(project.database, f"mallory{BIDI}"), document.id, 0, 6, "chips")
    result = run_cli("--db", str(db), "stats")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout
    assert "eve\\u001b]0;owned\\u0007" in result.stdout and "mallory\\u202egnp.exe" in result.stdout
    as_json = run_cli("--db", str(db), "stats", "--json")
    assert "\x1b" not in as_json.stdout and "\u202e" not in as_json.stdout
    annotators = json.loads(as_json.stdout)["spans_per_annotator"]
    assert f"eve{ESCAPE}" in annotators and f"mallory{BIDI}" in annotators  # the JSON itself is exact
    missing = tmp_path / f"article{ESCAPE}.txt"
    error = run_cli("import", "--db", str(db), str(missing))
    refused(error, "no such file")
    assert "\x1b" not in error.stderr and "article\\u001b]0;owned" in error.stderr


def test_progress_on_a_terminal_rewrites_its_line_and_data_stays_escaped(tmp_path: Path) -> None:
    # The carriage return of a progress line is the command's own; escaping it printed "\u000d" instead.
    path = tmp_path / "p.db"
    with Project.open(path, annotator="alice", samples=True):
        pass
    leader, follower = os.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "annotator", "reindex", "--db", str(path)],
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
            timeout=60,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end is closed: everything was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert result.returncode == 0, result.stdout
    text = shown.decode()
    assert "\rindexing… 100%" in text and "\\u000d" not in text, text
