"""The environment fails: full disk, read-only file, file deleted or locked underneath an open project.

Each time the edit raises StorageError with a message a person can act on, the database is exactly as it
was, and once the condition clears the next edit is saved.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from annotator.domain.errors import StorageError
from annotator.services.annotation import set_span_note, tag_span
from annotator.services.backup import restore_backup, take_rolling_backup
from annotator.services.project import Project
from annotator.services.revisions import update_document_text
from annotator.services.samples import open_project
from annotator.storage.documents import get_document, list_documents
from annotator.storage.spans import find_span

HUGE_NOTE = "x" * 2_000_000
LABEL = "chips"  # one of the default labels


def dump(path: Path) -> list[str]:
    """Every row of every table, read by a separate connection (what is really in the file)."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return list(conn.iterdump())


def first_document(project: Project) -> str:
    return list_documents(project.database)[0].id


def test_full_disk_changes_nothing_and_the_next_edit_after_space_is_freed_is_saved(
    project: Project, db_path: Path
) -> None:
    document_id = first_document(project)
    span = tag_span(project, document_id, 0, 5, LABEL)
    before = dump(db_path)
    conn = project.database.conn
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    conn.execute(f"PRAGMA max_page_count = {pages}")

    with pytest.raises(StorageError, match="disk is full; the change was not saved"):
        set_span_note(project, span, HUGE_NOTE)
    with pytest.raises(StorageError, match="disk is full"):
        update_document_text(project, document_id, HUGE_NOTE)
    assert dump(db_path) == before
    assert find_span(project.database, span.id) == span

    conn.execute("PRAGMA max_page_count = 1073741823")
    set_span_note(project, span, HUGE_NOTE)
    assert find_span(project.database, span.id).note == HUGE_NOTE  # type: ignore[union-attr]
    assert dump(db_path) != before


@pytest.fixture
def make_read_only(db_path: Path) -> Iterator[object]:
    """Make a file read-only for this process. Root ignores permissions, so it also gets the immutable
    attribute there (skipped where chattr is unavailable)."""
    immutable: list[Path] = []

    def apply(path: Path) -> None:
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        if os.geteuid() == 0:
            if shutil.which("chattr") is None:
                pytest.skip("running as root without chattr: cannot make a file read-only")
            result = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
            if result.returncode != 0:
                pytest.skip(f"running as root and chattr +i failed: {result.stderr.decode().strip()}")
            immutable.append(path)

    yield apply
    for path in immutable:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    db_path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_read_only_file_opens_read_only_with_a_reason_and_refuses_edits(
    db_path: Path, make_read_only: object
) -> None:
    with open_project(db_path, annotator="alice", samples=True) as project:
        document_id = first_document(project)
        tag_span(project, document_id, 0, 5, LABEL)
    before = dump(db_path)
    make_read_only(db_path)  # type: ignore[operator]

    with open_project(db_path, annotator="alice", samples=True) as project:
        assert project.database.read_only
        assert project.database.read_only_reason == "the database file is read-only"
        assert list_documents(project.database)  # the project can still be read
        refused = r"open read-only \(the database file is read-only\); the change was not saved"
        with pytest.raises(StorageError, match=refused):
            tag_span(project, document_id, 10, 20, LABEL)
    assert dump(db_path) == before


def test_read_only_file_can_be_edited_once_it_is_writable_again(
    db_path: Path, make_read_only: object
) -> None:
    open_project(db_path, annotator="alice", samples=True).close()
    make_read_only(db_path)  # type: ignore[operator]
    with open_project(db_path, annotator="alice", samples=True) as project, pytest.raises(StorageError):
        tag_span(project, first_document(project), 0, 5, LABEL)
    subprocess.run(["chattr", "-i", str(db_path)], check=False, capture_output=True)
    db_path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    with open_project(db_path, annotator="alice", samples=True) as project:
        span = tag_span(project, first_document(project), 0, 5, LABEL)
    assert any(span.id in line for line in dump(db_path))


def test_locked_database_says_it_is_in_use_and_the_edit_after_the_lock_is_saved(
    project: Project, db_path: Path
) -> None:
    document_id = first_document(project)
    project.database.conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    before = dump(db_path)
    with pytest.raises(StorageError, match="in use by another program"):
        tag_span(project, document_id, 0, 5, LABEL)
    other.execute("ROLLBACK")
    other.close()
    assert dump(db_path) == before
    span = tag_span(project, document_id, 0, 5, LABEL)
    assert any(span.id in line for line in dump(db_path))


def test_file_moved_away_refuses_edits_and_works_again_when_put_back(project: Project, db_path: Path) -> None:
    document_id = first_document(project)
    moved = db_path.with_name("moved.db")
    db_path.rename(moved)
    with pytest.raises(StorageError, match="deleted or moved while open; the change was not saved"):
        tag_span(project, document_id, 0, 5, LABEL)
    assert get_document(project.database, document_id).id == document_id  # reading still works
    moved.rename(db_path)
    span = tag_span(project, document_id, 0, 5, LABEL)
    project.close()
    assert any(span.id in line for line in dump(db_path))


def test_deleted_file_refuses_edits_and_blocks_a_restore_while_its_journal_is_in_use(
    project: Project, db_path: Path
) -> None:
    document_id = first_document(project)
    tag_span(project, document_id, 0, 5, LABEL)
    db_path.unlink()
    with pytest.raises(StorageError, match="deleted or moved while open"):
        tag_span(project, document_id, 10, 20, LABEL)
    # A new file cannot be put in its place while the old one's journal is still in use.
    backup = db_path.with_name("elsewhere.db")
    shutil.copy(Path(__file__), backup)
    with pytest.raises(StorageError, match=r"may still have the deleted project\.db open"):
        restore_backup(db_path, take_rolling_backup_of_copy(project, db_path))


def take_rolling_backup_of_copy(project: Project, db_path: Path) -> Path:
    """A sound backup of the project, taken from the connection that still reads the deleted file."""
    copy = db_path.with_name("copy.db")
    with closing(sqlite3.connect(copy)) as target:
        project.database.conn.backup(target)
    backup = take_rolling_backup(copy)
    assert backup is not None
    return backup


def test_file_replaced_underneath_refuses_edits_until_reopened(project: Project, db_path: Path) -> None:
    document_id = first_document(project)
    replacement = db_path.with_name("replacement.db")
    with closing(sqlite3.connect(replacement)) as target:
        project.database.conn.backup(target)
    os.replace(replacement, db_path)
    with pytest.raises(StorageError, match="replaced by another file while open"):
        tag_span(project, document_id, 0, 5, LABEL)
    project.close()
    with Project.open(db_path, annotator="alice") as reopened:
        span = tag_span(reopened, document_id, 0, 5, LABEL)
    assert any(span.id in line for line in dump(db_path))
