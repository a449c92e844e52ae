"""Long operations run on a worker: the window stays responsive, results come back, cancel rolls back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from annotator.domain.errors import Cancelled
from annotator.domain.progress import Progress
from annotator.services import annotation, reading
from annotator.services.project import Project
from tests.ui.conftest import WindowFactory, close_message_boxes


def count_spans(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM spans").fetchone()[0])
    finally:
        conn.close()


def test_merge_runs_on_a_worker_and_reports(
    qtbot: QtBot, project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    theirs = tmp_path / "bob.db"
    with Project.open(theirs, annotator="bob") as bob:
        document_id = reading.list_documents(bob)[0].id
        annotation.tag_span(bob, document_id, 0, 2, "chips")
    window = make_window(project)
    task = window.merge_from(theirs)
    assert task is not None
    qtbot.waitUntil(lambda: bool(window.last_report), timeout=10_000)
    assert "spans: 1 added" in window.last_report
    assert any("Merged bob.db" in text for text in close_message_boxes())
    assert "bob" in [a.data() for a in window.left.layers_menu.actions()]


def test_cancelled_work_changes_nothing(
    qtbot: QtBot, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    document_id = reading.list_documents(project)[0].id
    outcome: list[object] = []

    def slow_tagging(worker_project: Project, progress: Progress) -> int:
        with worker_project.database.write():
            for n in range(200):
                annotation.tag_span(worker_project, document_id, n, n + 1, "chips")
                progress.step(n, 200)
                if n == 50:
                    task.cancel()  # the user presses Cancel half-way
        return 200

    task = window.run_task("Tagging…", slow_tagging, outcome.append)
    assert task is not None
    qtbot.waitUntil(task.done.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=5_000)
    assert outcome == []
    assert count_spans(db_path) == 0
    assert isinstance(Cancelled("x"), Exception)
