"""Restore and open with files that are not what they claim: a backup is checked before it replaces
anything, a damaged project is kept byte for byte, a newer project is not touched, and a project that
cannot be written opens read-only or says why."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.domain.errors import InputError, StorageError
from annotator.services.backup import list_backups, restore_backup
from annotator.services.merge import merge_project
from annotator.services.project import Project
from annotator.services.reading import list_documents
from tests.fixtures.hostile_projects import NEWER_STEP, alter, content, make_project


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    path = tmp_path / "alice.db"
    make_project(path, "alice")
    return path


@pytest.fixture
def backup(tmp_path: Path) -> Path:
    path = tmp_path / "elsewhere" / "backup.db"
    path.parent.mkdir()
    make_project(path, "alice", "An older article about Kunlun chips and the Ascend 910B.\n")
    return path


def restore_refused(mine: Path, backup: Path, pattern: str) -> None:
    before = content(mine)
    with pytest.raises(InputError, match=pattern) as raised:
        restore_backup(mine, backup)
    assert str(raised.value).startswith(str(backup))
    assert content(mine) == before
    assert list_backups(mine) == []


@pytest.mark.parametrize(
    ("statements", "pattern"),
    [
        (["DROP TABLE _sqlite_migrations"], r"is not an Annotator project"),
        (
            [NEWER_STEP],
            r"newer version",
        ),
        (["CREATE VIEW v AS SELECT * FROM spans"], r"unexpected view 'v'"),
        (["CREATE TRIGGER t AFTER UPDATE ON spans BEGIN DELETE FROM documents; END"], r"unexpected trigger"),
        (["UPDATE spans SET text = 'Ascend 910X'"], r"is damaged .*span .*the document has 'Ascend 910B'"),
        (['UPDATE spans SET start = 1000, "end" = 1011'], r"is damaged .*offsets \[1000, 1011\) do not fit"),
        (["DELETE FROM documents"], r"is damaged .*refers to a missing row of documents"),
        (
            ["UPDATE document_status SET status = 'finished'"],
            r"document_status: 1 record\(s\) break the rule",
        ),
        (
            ["UPDATE labels SET position = 'first'"],
            r"table labels, record 1, field 'position': holds text, expected integer",
        ),
        (
            ["UPDATE documents SET note = zeroblob(10)"],
            r"table documents, record 1, field 'note': holds blob",
        ),
        (["UPDATE _sqlite_migrations SET applied_at = CAST(x'ff' AS TEXT)"], r"_sqlite_migrations.*UTF-8"),
        (["UPDATE labels SET colour = 'red'"], r"table labels, record 1 .*#rrggbb"),
    ],
    ids=[
        "no-schema",
        "newer",
        "view",
        "trigger",
        "span-text",
        "span-offsets",
        "orphan-span",
        "check-rule",
        "wrong-type",
        "binary-text",
        "invalid-utf8",
        "bad-colour",
    ],
)
def test_a_backup_that_would_not_work_replaces_nothing(
    mine: Path, backup: Path, statements: list[str], pattern: str
) -> None:
    alter(backup, *statements)
    restore_refused(mine, backup, pattern)


@pytest.mark.parametrize("kind", ["empty", "other-program", "garbage", "truncated", "fifo", "folder"])
def test_a_file_that_is_not_a_backup_replaces_nothing(
    mine: Path, backup: Path, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / f"{kind}.db"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "other-program":
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    elif kind == "garbage":
        path.write_bytes(b"SQLite format 3\0" + bytes(range(256)) * 40)
    elif kind == "truncated":
        data = backup.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    restore_refused(mine, path, r"not an Annotator project|not a readable|damaged|not a regular|is a folder")


def test_the_command_line_refuses_a_bad_backup_in_one_line(
    mine: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    before = content(mine)
    assert main(["restore", "--db", str(mine), str(empty)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith(f"annotator: error: {empty}: ")
    assert content(mine) == before


def damaged_bytes(data: bytes, damage: str) -> bytes:
    if damage == "truncated":
        return data[: len(data) // 3]
    if damage == "overwritten":
        return data[:100] + b"\xee" * (len(data) - 100)
    at = data.index(b"CREATE TABLE labels") + 5  # a schema that is not UTF-8
    return data[:at] + b"\x80" + data[at + 1 :]


@pytest.mark.parametrize("damage", ["truncated", "overwritten", "schema-not-utf8"])
def test_a_damaged_project_is_moved_aside_byte_for_byte_and_the_backup_put_in_place(
    mine: Path, backup: Path, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = damaged_bytes(mine.read_bytes(), damage)
    mine.write_bytes(damaged)
    assert main(["stats", "--db", str(mine)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith(f"annotator: error: {mine}: ")
    assert mine.read_bytes() == damaged
    kept = restore_backup(mine, backup)
    assert kept is not None and kept.read_bytes() == damaged
    assert content(mine) == content(backup)
    with Project.open(mine, annotator="alice") as project:
        assert [d.title for d in list_documents(project)] == [
            "An older article about Kunlun chips and the Ascend 910B."
        ]


def test_a_project_from_a_newer_version_is_refused_without_any_change(
    mine: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alter(
        mine,
        NEWER_STEP,
    )
    before = mine.read_bytes()
    with pytest.raises(StorageError, match=r"newer version of Annotator \(schema step 9999_future\)"):
        Project.open(mine, annotator="alice", samples=True)
    assert main(["stats", "--db", str(mine)]) == 1
    assert "newer version" in capsys.readouterr().err
    assert mine.read_bytes() == before
    assert sorted(p.name for p in mine.parent.glob("alice.db*")) == ["alice.db"]
    with closing(sqlite3.connect(f"{mine.as_uri()}?mode=ro", uri=True)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(a writable folder, the same folder mounted read-only); skipped where mounting is not allowed."""
    source, view = tmp_path / "rw", tmp_path / "ro"
    source.mkdir()
    view.mkdir()
    mounted = subprocess.run(["mount", "--bind", str(source), str(view)], capture_output=True).returncode == 0
    if not mounted:
        pytest.skip("mounting a read-only view needs root")
    try:
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], capture_output=True).returncode:
            pytest.skip("cannot remount read-only here")
        yield source, view
    finally:
        subprocess.run(["umount", str(view)], check=False)


def wal_project(path: Path, *, keep_log: bool) -> None:
    """A WAL project as a crashed or copied program leaves it: no -shm; with or without a log."""
    make_project(path, "alice")
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
    if keep_log:
        # A writer that stops without closing leaves its committed changes in the log.
        code = (
            "import os, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('PRAGMA wal_autocheckpoint = 0'); "
            "c.execute(\"UPDATE documents SET note = 'in the log'\"); c.commit(); os._exit(0)"
        )
        subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    path.with_name(path.name + "-shm").unlink(missing_ok=True)


def test_a_project_on_a_read_only_filesystem_without_its_shm_opens_read_only(
    read_only_folder: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    source, view = read_only_folder
    wal_project(source / "p.db", keep_log=False)
    assert main(["stats", "--db", str(view / "p.db")]) == 0
    assert "documents  1" in capsys.readouterr().out
    with Project.open(view / "p.db", annotator="alice", samples=True) as project:
        assert project.database.read_only
        assert len(list_documents(project)) == 1


def test_a_project_whose_log_cannot_be_read_there_gives_the_reason(
    read_only_folder: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    source, view = read_only_folder
    wal_project(source / "p.db", keep_log=True)
    assert (source / "p.db-wal").stat().st_size > 0
    assert main(["stats", "--db", str(view / "p.db")]) == 1
    error = capsys.readouterr().err
    assert "its write-ahead log (p.db-wal) cannot be read" in error and "Traceback" not in error


def test_a_colleagues_file_or_a_backup_on_a_read_only_disk_without_its_shm_can_be_used(
    read_only_folder: tuple[Path, Path], mine: Path
) -> None:
    source, view = read_only_folder
    wal_project(source / "p.db", keep_log=False)
    with Project.open(mine, annotator="alice") as project:
        assert merge_project(project, view / "p.db").documents_matched == 1
    assert restore_backup(mine, view / "p.db") is not None
    assert sorted(p.name for p in source.iterdir()) == ["p.db", "p.txt"]
