"""The window indexes what a large import left for the search index, on a worker, while it stays usable."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from annotator.services.importing import ImportOptions, import_files
from annotator.services.importing_store import DEFER_INDEX_FROM
from annotator.services.project import Project
from annotator.services.search import index_backlog
from annotator.ui.search_dock import SearchDock
from tests.ui.conftest import WindowFactory

ARTICLES = DEFER_INDEX_FROM + 5


def imported(tmp_path: Path) -> Project:
    source = tmp_path / "many.jsonl"
    lines = [json.dumps({"text": f"Report {n} on the okapi{n:04d} herd."}) for n in range(ARTICLES)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = Project.open(tmp_path / "big.db", annotator="alice")
    import_files(project, [source], ImportOptions(format="jsonl"))
    return project


def test_a_search_says_how_much_is_not_searched_yet(qtbot: QtBot, tmp_path: Path) -> None:
    with imported(tmp_path) as project:
        dock = SearchDock(project)
        qtbot.addWidget(dock)
        dock.query.setText("okapi0003")
        assert dock.search() == 0
        assert f"catching up after an import: {ARTICLES:,} articles and spans" in dock.status.text()


def test_the_window_indexes_them_on_a_worker(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    with imported(tmp_path) as project:
        assert index_backlog(project) == ARTICLES
        window = make_window(project)
        catch_up = window.index_catch_up
        # The worker's end reaches the window as a queued signal, after its thread has ended.
        qtbot.waitUntil(lambda: not catch_up.running and not catch_up.label.isVisible(), timeout=30_000)
        assert index_backlog(project) == 0
        window.search_dock.query.setText("okapi0003")
        assert window.search_dock.search() == 1
        assert "catching up" not in window.search_dock.status.text()
