"""When the environment fails under the window: a clear message, nothing shown as saved that is not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from annotator.domain.errors import StorageError
from annotator.services.project import Project
from annotator.services.samples import open_project
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory, close_message_boxes


def count_spans(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM spans").fetchone()[0])
    finally:
        conn.close()


def select(window: MainWindow, needle: str) -> None:
    view = window.left.view
    assert view.document_record is not None
    start = view.document_record.text.index(needle)
    view.select_range(start, start + len(needle))


def test_a_locked_database_is_reported_and_the_window_keeps_working(
    qtbot: QtBot, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    project.database.conn.execute("PRAGMA busy_timeout = 100")  # give up quickly in the test
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the database
    try:
        select(window, "iFlytek")
        qtbot.keyClick(window.left.view, "4")
        messages = close_message_boxes()
        assert any("in use by another program" in text for text in messages), messages
        assert isinstance(window.last_error, StorageError)
        assert len(window.left.view.index) == 0  # the failed tag is not shown as saved
        assert window.undo_stack.count() == 0
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert count_spans(db_path) == 0
    select(window, "iFlytek")  # the other program is gone: the next edit simply works
    qtbot.keyClick(window.left.view, "4")
    assert count_spans(db_path) == 1
    assert len(window.left.view.index) == 1


def test_a_read_only_project_says_so_and_refuses_changes(
    qtbot: QtBot, db_path: Path, make_window: WindowFactory
) -> None:
    from annotator.storage.database import Database

    open_project(db_path, annotator="alice", samples=True).close()
    project = Project(Database(db_path, read_only=True), "alice")
    try:
        window = make_window(project)
        assert window.status_line.read_only_banner.isVisible()
        assert (
            "read-only" in window.status_line.read_only_banner.text() and "read-only" in window.windowTitle()
        )
        select(window, "iFlytek")
        qtbot.keyClick(window.left.view, "4")
        assert any("read-only" in text for text in close_message_boxes())
        assert count_spans(db_path) == 0 and len(window.left.view.index) == 0
    finally:
        window.close()
        project.close()
