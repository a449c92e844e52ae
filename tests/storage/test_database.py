"""The database wrapper's failure handling: network drives, environment errors, our own bugs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import StorageError
from annotator.services.annotation import tag_span
from annotator.services.samples import open_project
from annotator.storage import database as database_module
from annotator.storage.database import Database, environment_error, network_filesystem, parse_mounts

MOUNTS = r"""sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
fileserver:/export/home /home nfs4 rw,relatime,vers=4.2 0 0
/dev/sdb1 /home/alice/local\040disk ext4 rw,relatime 0 0
//nas/projects /mnt/nas cifs rw,relatime,vers=3.1.1 0 0
alice@host:/data /mnt/remote fuse.sshfs rw,nosuid,nodev 0 0
/dev/sdc1 /mnt/nas-local ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/home/alice/annotator.db", "nfs4"),
        ("/home/alice/local disk/annotator.db", None),  # a local disk mounted inside the NFS home
        ("/mnt/nas/team/project.db", "cifs"),
        ("/mnt/nas-local/project.db", None),  # a prefix of the name is not the mount point
        ("/mnt/remote/project.db", "fuse.sshfs"),
        ("/tmp/project.db", None),
        ("/var/lib/project.db", None),
    ],
)
def test_network_filesystems_are_recognised_from_the_mount_table(path: str, expected: str | None) -> None:
    assert network_filesystem(Path(path), MOUNTS) == expected


def test_mount_points_with_escaped_spaces_are_read() -> None:
    assert ("/home/alice/local disk", "ext4") in parse_mounts(MOUNTS)


def test_the_test_machine_itself_is_read_without_error(tmp_path: Path) -> None:
    assert network_filesystem(tmp_path / "project.db") in {None, *database_module.NETWORK_FILESYSTEMS}


@pytest.fixture
def on_network_drive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A mount table in which tmp_path is an NFS mount."""
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\nserver:/share {tmp_path.resolve()} nfs rw 0 0\n")
    monkeypatch.setattr(database_module, "MOUNTS_FILE", mounts)
    monkeypatch.delenv(database_module.ALLOW_NETWORK_ENV, raising=False)
    return tmp_path


def test_a_project_on_a_network_drive_opens_read_only_with_a_warning(
    db_path: Path, on_network_drive: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(database_module, "MOUNTS_FILE", on_network_drive / "none")
    with open_project(db_path, annotator="alice", samples=True) as project:
        document_id = project.database.query("SELECT id FROM documents LIMIT 1")[0]["id"]
    monkeypatch.setattr(database_module, "MOUNTS_FILE", on_network_drive / "mounts")

    with open_project(db_path, annotator="alice", samples=True) as project:
        assert project.database.read_only
        assert "network drive (nfs)" in (project.database.read_only_reason or "")
        with pytest.raises(StorageError, match=r"open read-only \(it is on a network drive \(nfs\)"):
            tag_span(project, document_id, 0, 4, "chips")
    assert "opened read-only" in caplog.text


def test_writing_on_a_network_drive_can_be_allowed_explicitly(
    db_path: Path, on_network_drive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(database_module.ALLOW_NETWORK_ENV, "1")
    with open_project(db_path, annotator="alice", samples=True) as project:
        assert not project.database.read_only


def test_a_new_project_on_a_network_drive_is_refused_clearly(db_path: Path, on_network_drive: Path) -> None:
    with pytest.raises(StorageError, match=r"a new project cannot be made here: it is on a network drive"):
        open_project(db_path, annotator="alice", samples=True)


def error_named(name: str, message: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorname = name
    return error


@pytest.mark.parametrize(
    ("name", "message", "expected"),
    [
        ("SQLITE_FULL", "database or disk is full", "the disk is full"),
        ("SQLITE_BUSY", "database is locked", "in use by another program"),
        ("SQLITE_READONLY_DBMOVED", "attempt to write a readonly database", "moved or deleted"),
        ("SQLITE_READONLY", "attempt to write a readonly database", "is read-only"),
        ("SQLITE_IOERR_WRITE", "disk I/O error", "input/output error"),
        ("SQLITE_CORRUPT", "database disk image is malformed", "damaged"),
        ("SQLITE_NOTADB", "file is not a database", "not an Annotator database"),
        ("", "database or disk is full", "the disk is full"),  # no code name: the message decides
    ],
)
def test_environment_failures_become_storage_errors(name: str, message: str, expected: str) -> None:
    mapped = environment_error(error_named(name, message), "project.db")
    assert isinstance(mapped, StorageError)
    assert str(mapped).startswith("project.db: ")
    assert expected in str(mapped)
    assert str(mapped).endswith("the change was not saved")


def test_our_own_bugs_are_not_disguised_as_environment_failures(tmp_path: Path) -> None:
    database = Database(tmp_path / "bug.db")
    database.conn.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
    with pytest.raises(sqlite3.OperationalError, match="no such table"), database.write() as db:
        db.execute("INSERT INTO missing VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError), database.write() as db:
        db.execute("INSERT INTO t VALUES (1)")
        db.execute("INSERT INTO t VALUES (1)")
    assert database.query("SELECT COUNT(*) AS n FROM t")[0]["n"] == 0  # both rolled back
    assert not database.conn.in_transaction


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StorageError, match=r"notes\.db: cannot open the database"):
        Database(path)


def test_busy_timeout_is_configurable(tmp_path: Path) -> None:
    database = Database(tmp_path / "t.db", busy_timeout_ms=123)
    assert database.conn.execute("PRAGMA busy_timeout").fetchone() == (123,)
