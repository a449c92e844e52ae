"""The agreement panel: compute on a worker, read the figures, drill down into review mode."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.services.samples import open_project
from tests.ui.conftest import WindowFactory


def tag_as(db_path: Path, who: str, document_id: str, needle: str, label: str) -> None:
    with open_project(db_path, annotator=who, samples=True) as project:
        text = reading.load_document(project, document_id).text
        start = text.index(needle)
        annotation.tag_span(project, document_id, start, start + len(needle), label)


def test_compute_read_and_drill_down(
    qtbot: QtBot, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    document_id = reading.list_documents(project)[0].id
    for who in ("alice", "bob"):
        tag_as(db_path, who, document_id, "iFlytek", "strategy")
    tag_as(db_path, "alice", document_id, "heavy losses", "financials")
    tag_as(db_path, "bob", document_id, "heavy losses", "strategy")
    window = make_window(project)
    panel = window.show_agreement()
    assert [panel.annotator_list.item(n).text() for n in range(panel.annotator_list.count())] == [
        "alice",
        "bob",
        "gold",
    ]
    assert panel.annotator_list.item(2).checkState() == Qt.CheckState.Unchecked
    qtbot.mouseClick(panel.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.report is not None, timeout=15_000)
    assert panel.report is not None
    assert panel.report.mean_pairwise_f1 == 0.5  # one of two spans each agree exactly
    assert "0.50" in panel.headline.text()
    assert panel.pairs.rowCount() == 1 and panel.pairs.item(0, 5).text() == "0.50"
    # Click the pair: its articles are listed; double-click one: review mode, alice vs bob.
    panel.pairs.cellClicked.emit(0, 0)
    rows = panel.documents.model()
    assert panel.tabs.currentIndex() == 4 and rows.rowCount() == 1
    assert rows.data(rows.index(0, 1)) == "alice, bob"
    assert rows.data(rows.index(0, 2)) == "0.50"  # one of the two spans agrees exactly
    panel.documents.doubleClicked.emit(rows.index(0, 0))
    assert window.review.active
    assert (window.review.left_layer, window.review.right_layer) == ("alice", "bob")
    assert window.left.document_id == document_id
    panel.close()
