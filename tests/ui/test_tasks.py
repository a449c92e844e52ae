"""Long operations run on a worker: the window stays responsive, results come back, cancel rolls back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from annotator.domain.errors import Cancelled
from annotator.domain.progress import Progress
from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.services.samples import open_project
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
    with open_project(theirs, annotator="bob", samples=True) as bob:
        document_id = reading.list_documents(bob)[0].id
        annotation.tag_span(bob, document_id, 0, 2, "chips")
    window = make_window(project)
    task = window.files.merge_from(theirs)
    assert task is not None
    qtbot.waitUntil(lambda: bool(window.files.last_report), timeout=10_000)
    assert "spans: 1 added" in window.files.last_report
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

    task = window.files.run_task("Tagging…", slow_tagging, outcome.append)
    assert task is not None
    qtbot.waitUntil(task.done.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=5_000)
    assert outcome == []
    assert count_spans(db_path) == 0
    assert isinstance(Cancelled("x"), Exception)


def test_rebuilding_the_search_index_runs_on_a_worker_from_the_search_menu(
    qtbot: QtBot, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    from annotator.services.search import index_is_sound, search_corpus

    with sqlite3.connect(db_path) as conn:  # another program changes an article behind the index's back
        conn.execute("DROP TRIGGER documents_search_update")
        conn.execute("UPDATE documents SET text = 'armadillo chips' WHERE rowid = 1")
    conn.close()
    assert not index_is_sound(project)
    window = make_window(project)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Search")
    action = next(a for a in menu.actions() if a.text() == "&Rebuild the search index…")
    articles = len(reading.list_documents(project))

    action.trigger()
    qtbot.waitUntil(lambda: "Search index rebuilt" in window.statusBar().currentMessage(), timeout=10_000)
    assert window.statusBar().currentMessage() == f"Search index rebuilt: {articles} articles, 0 spans."
    assert index_is_sound(project)
    assert len(search_corpus(project, "armadillo")) == 1


def test_cancel_pressed_after_the_work_committed_reports_it_done(
    qtbot: QtBot, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    document_id = reading.list_documents(project)[0].id
    outcome: list[object] = []

    def quick_tagging(worker_project: Project, progress: Progress) -> int:
        annotation.tag_span(worker_project, document_id, 0, 5, "chips")  # committed
        task.cancel()  # the user presses Cancel just after: too late to change anything
        return 1

    task = window.files.run_task("Tagging…", quick_tagging, outcome.append)
    assert task is not None
    qtbot.waitUntil(lambda: outcome == [1], timeout=10_000)
    assert count_spans(db_path) == 1
    assert "cancelled" not in window.statusBar().currentMessage()
    assert window.last_error is None
