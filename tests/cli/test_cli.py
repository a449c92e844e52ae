"""The command line, run as a user would: a real process on a real database file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import __version__
from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.services.samples import open_project


def run_cli(*args: str, env_db: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = None
    if env_db is not None:
        import os

        env = {**os.environ, "ANNOTATOR_DB": str(env_db)}
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"annotator {__version__}"


def test_headless_commands_never_import_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from annotator.cli.main import main; "
        f"main(['--db', r'{tmp_path / 'p.db'}', 'stats']); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_import_export_and_stats(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    article = tmp_path / "article.txt"
    article.write_bytes("\ufeffHuawei Ascend chips 👩‍💻\r\nsecond line\r".encode())
    result = run_cli("import", "--db", str(db), str(article))
    assert result.returncode == 0, result.stderr
    assert "1 document(s) added" in result.stdout

    with Project.open(db, annotator="bob") as project:
        document = next(d for d in reading.list_documents(project) if d.source == str(article))
        assert reading.load_document(project, document.id).text == "Huawei Ascend chips 👩‍💻\nsecond line\n"
        annotation.tag_span(project, document.id, 7, 13, "chips")

    out = tmp_path / "out.jsonl"
    result = run_cli("export", "--db", str(db), str(out))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1  # a new project holds what the user put in it: no sample articles
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)
    ours = next(r for r in records if r["meta"]["source"] == str(article))
    assert ours["spans"] == [
        {
            "id": ours["spans"][0]["id"],
            "start": 7,
            "end": 13,
            "label": "chips",
            "text": "Ascend",
            "annotator": "bob",
            "note": "",
        }
    ]
    assert set(ours["meta"]) == {"title", "source", "sha256"}

    # Exporting again gives the same bytes: the dataset is deterministic.
    again = tmp_path / "again.jsonl"
    run_cli("export", "--db", str(db), str(again))
    assert again.read_bytes() == out.read_bytes()

    result = run_cli("stats", "--db", str(db), "--json")
    stats = json.loads(result.stdout)
    assert stats == {
        "documents": 1,
        "spans": 1,
        "spans_per_label": {"chips": 1},
        "spans_per_annotator": {"bob": 1},
    }
    assert "documents  1" in run_cli("stats", "--db", str(db)).stdout


def test_database_from_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = run_cli("stats", "--json", env_db=db)
    assert result.returncode == 0, result.stderr
    assert db.exists()
    assert json.loads(result.stdout)["documents"] == 0  # only the app's own default project has samples


def _snapshot(db: Path) -> list[tuple[object, ...]]:
    import sqlite3

    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, sha256 FROM documents ORDER BY id").fetchall()
    conn.close()
    return rows


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: d / "missing.txt", "missing.txt: no such file"),
        (
            lambda d: (d / "bad.txt").write_bytes(b"fine\nline two \xff\xfe oops") and d / "bad.txt",
            "bad.txt, line 2: is not valid utf-8",
        ),
        (lambda d: (d / "empty.txt").write_text("  \n") and d / "empty.txt", "empty.txt: is empty"),
        (lambda d: (d / "folder").mkdir() or d / "folder", "folder: contains no .txt or .md files"),
    ],
)
def test_bad_input_names_the_file_and_changes_nothing(tmp_path: Path, make: object, expected: str) -> None:
    db = tmp_path / "p.db"
    good = tmp_path / "good.txt"
    good.write_text("a perfectly good article about chips", encoding="utf-8")
    open_project(db, samples=True).close()
    before = _snapshot(db)
    bad = make(tmp_path)  # type: ignore[operator]
    result = run_cli("import", "--db", str(db), str(good), str(bad))
    assert result.returncode == 1
    assert expected in result.stderr
    assert result.stderr.startswith("annotator: error: ")
    assert _snapshot(db) == before  # the good file was not imported either: all or nothing


def test_encoding_option_imports_other_encodings(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Caf\xe9 revenue rose".encode("latin-1"))
    assert "--encoding" in run_cli("import", "--db", str(db), str(legacy)).stderr
    result = run_cli("import", "--db", str(db), "--encoding", "latin-1", str(legacy))
    assert result.returncode == 0, result.stderr
    with open_project(db, samples=True) as project:
        assert any(d.title == "Café revenue rose" for d in reading.list_documents(project))


def test_reimport_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    article = tmp_path / "a.txt"
    article.write_text("one article about models", encoding="utf-8")
    run_cli("import", "--db", str(db), str(article))
    before = _snapshot(db)
    result = run_cli("import", "--db", str(db), str(article))
    assert "0 document(s) added, 1 already present" in result.stdout
    assert _snapshot(db) == before


def test_reading_commands_register_nobody_as_an_annotator(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "p.db"
    for command in (["stats"], ["export", str(tmp_path / "out.jsonl")]):
        assert run_cli(*command, "--db", str(db)).returncode == 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM annotators").fetchone() == (0,)
    conn.close()
