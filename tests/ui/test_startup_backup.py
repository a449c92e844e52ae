"""The rolling backup taken at start runs beside the window, not before it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from annotator.services.backup import list_backups
from annotator.services.project import Project
from annotator.ui.app import StartupBackup
from tests.ui.conftest import WindowFactory


def test_backup_is_taken_in_the_background(
    qtbot: QtBot, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    backup = StartupBackup(db_path, window)
    with qtbot.waitSignal(backup.finished, timeout=10_000) as finished:
        backup.start(delay_ms=200)
        # The window shows first: nothing is read or written until the delay has run out.
        assert not backup.worker.is_alive() and list_backups(db_path) == []
    assert finished.args == [""]
    assert len(list_backups(db_path)) == 1


def test_a_failed_backup_is_reported_in_the_window(
    qtbot: QtBot, project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    blocked = tmp_path / "blocked.db"
    blocked.write_bytes(b"not a database at all")
    backup = StartupBackup(blocked, window)
    with qtbot.waitSignal(backup.finished, timeout=10_000) as finished:
        backup.start()
    assert finished.args[0] != ""
    assert "No backup was taken" in window.statusBar().currentMessage()
