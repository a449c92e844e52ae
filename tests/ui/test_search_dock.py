"""The corpus search dock: typed queries, hits drawn with their context, clicks and Enter open the hit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from annotator.domain.structure import AttributeDefinition
from annotator.services import annotation, reading, relations, structure
from annotator.services.project import Project
from annotator.services.search import HitKind, search_corpus
from annotator.ui.article_view import ArticleView
from annotator.ui.search_dock import SearchDock
from annotator.ui.search_model import HIT_ROLE, SearchResultsModel

SHOTS = Path("/tmp/annotator-shots")


class Window(QMainWindow):
    """An article view in the middle and the dock at the side; a hit opens its article there."""

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.view = ArticleView()
        self.setCentralWidget(self.view)
        self.dock = SearchDock(project, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hitActivated.connect(self.open_at)

    def open_at(self, document_id: str, start: int, end: int) -> None:
        self.view.show_document(
            reading.load_document(self.project, document_id),
            reading.document_span_rows(self.project, document_id),
        )
        if end > start:
            self.view.select_range(start, end)


WindowFactory = Callable[[Project], Window]


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[WindowFactory]:
    windows: list[Window] = []

    def make(project: Project) -> Window:
        window = Window(project)
        windows.append(window)
        qtbot.addWidget(window)
        window.resize(1100, 650)
        with qtbot.waitExposed(window):
            window.show()
        with qtbot.waitActive(window):
            window.activateWindow()
        return window

    yield make
    for window in windows:
        window.close()


def type_with_input_method(widget: QWidget, text: str) -> None:
    """Chinese arrives the way an input method delivers it: committed text, not key presses."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def click_hit(qtbot: QtBot, dock: SearchDock, row: int) -> None:
    """Click a hit, as a user opens it."""
    place = dock.results.visualRect(dock.model.index(row, 0)).center()
    qtbot.mouseClick(dock.results.viewport(), Qt.MouseButton.LeftButton, pos=place)


def search(qtbot: QtBot, dock: SearchDock, query: str) -> None:
    dock.query.clear()
    qtbot.keyClicks(dock.query, query)
    qtbot.keyClick(dock.query, Qt.Key.Key_Return)


def row_point(dock: SearchDock, row: int) -> QPoint:
    return dock.results.visualRect(dock.model.index(row, 0)).center()


def test_the_model_is_a_sound_list_model(qtmodeltester: ModelTester, project: Project) -> None:
    model = SearchResultsModel()
    model.set_hits(search_corpus(project, "Huawei"))
    assert model.rowCount() > 3
    qtmodeltester.check(model, force_py=True)
    model.set_hits([])
    qtmodeltester.check(model, force_py=True)


def test_typing_searches_after_a_pause(qtbot: QtBot, project: Project, make_window: WindowFactory) -> None:
    dock = make_window(project).dock
    qtbot.keyClicks(dock.query, "Ascend")
    assert dock.model.rowCount() == 0  # not on every key press
    qtbot.waitUntil(lambda: dock.model.rowCount() > 0)
    hits = [dock.model.index(row, 0).data(HIT_ROLE) for row in range(dock.model.rowCount())]
    assert hits == search_corpus(project, "Ascend")
    assert dock.status.text().startswith(f"{len(hits)} hits in ")


def test_clicking_a_hit_opens_the_article_at_it(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    dock = window.dock
    type_with_input_method(dock.query, "投資有風險")
    qtbot.keyClick(dock.query, Qt.Key.Key_Return)
    assert dock.model.rowCount() == 1
    hit = dock.model.hit(0)
    assert hit is not None
    with qtbot.waitSignal(dock.hitActivated) as signal:
        qtbot.mouseClick(dock.results.viewport(), Qt.MouseButton.LeftButton, pos=row_point(dock, 0))
    assert signal.args == [hit.document_id, hit.start, hit.end]
    assert window.view.document_record is not None
    assert window.view.document_record.id == hit.document_id
    assert window.view.textCursor().selectedText() == "投資有風險"


def test_keyboard_only_down_then_enter(qtbot: QtBot, project: Project, make_window: WindowFactory) -> None:
    window = make_window(project)
    dock = window.dock
    search(qtbot, dock, '"Xinghuo X1"')
    assert dock.model.rowCount() >= 2
    qtbot.keyClick(dock.query, Qt.Key.Key_Down)
    assert dock.results.hasFocus()
    qtbot.keyClick(dock.results, Qt.Key.Key_Down)
    second = dock.model.hit(1)
    assert second is not None
    with qtbot.waitSignal(dock.hitActivated) as signal:
        qtbot.keyClick(dock.results, Qt.Key.Key_Return)
    assert signal.args == [second.document_id, second.start, second.end]
    assert window.view.textCursor().selectedText() == "Xinghuo X1"
    # Up from the first hit goes back to the box.
    qtbot.keyClick(dock.results, Qt.Key.Key_Up)
    qtbot.keyClick(dock.results, Qt.Key.Key_Up)
    assert dock.query.hasFocus()


@pytest.mark.parametrize(
    "query", ['"', 'chips "', "NEAR(Huawei", "AND OR NOT", "%_", "'; DROP TABLE spans; --"]
)
def test_hostile_queries_are_just_text(
    qtbot: QtBot, project: Project, make_window: WindowFactory, query: str
) -> None:
    dock = make_window(project).dock
    search(qtbot, dock, query)
    assert "failed" not in dock.status.text()
    assert dock.status.text() == "No hits" or dock.model.rowCount() > 0


def test_span_notes_are_found_and_open_the_span(
    qtbot: QtBot, project: Project, make_window: WindowFactory, db_path: Path
) -> None:
    window = make_window(project)
    document = reading.list_documents(project)[0]
    text = reading.load_document(project, document.id).text
    start = text.index("Huawei")
    span = annotation.tag_span(project, document.id, start, start + 6, "strategy")
    span = annotation.set_span_note(project, span, "The backer, see the 2023 filing").after
    search(qtbot, window.dock, "backer filing")
    assert window.dock.model.rowCount() == 1
    hit = window.dock.model.hit(0)
    assert hit is not None and hit.kind is HitKind.SPAN and hit.span_id == span.id
    assert window.dock.status.text() == "1 span"
    click_hit(qtbot, window.dock, 0)
    assert window.view.textCursor().selectedText() == "Huawei"
    # Deleting the span takes it out of the results of the next search.
    annotation.remove_span(project, span)
    search(qtbot, window.dock, "backer filing")
    assert window.dock.model.rowCount() == 0
    assert window.dock.status.text() == "No hits"


def test_screenshots(qtbot: QtBot, project: Project, make_window: WindowFactory) -> None:
    window = make_window(project)
    SHOTS.mkdir(exist_ok=True)
    search(qtbot, window.dock, "Huawei chips")
    click_hit(qtbot, window.dock, 0)
    assert window.grab().save(str(SHOTS / "search_dock.png"))
    window.resizeDocks([window.dock], [260], Qt.Orientation.Horizontal)
    type_with_input_method(window.dock.query, "")
    window.dock.query.clear()
    type_with_input_method(window.dock.query, "風險")
    window.dock.search()
    assert window.dock.grab().save(str(SHOTS / "search_dock_narrow.png"))
    assert window.dock.model.rowCount() > 0


def test_an_attribute_filter_in_the_query_lists_the_spans_with_that_value(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    structure.save_attribute(
        project,
        AttributeDefinition(label="financials", name="metric", kind="choice", choices=("revenue", "profit")),
    )
    document_id = reading.list_documents(project)[0].id
    tagged = annotation.tag_span(project, document_id, 0, 5, "financials")
    annotation.tag_span(project, document_id, 6, 9, "financials")
    relations.set_span_attribute(project, tagged, "metric", "revenue", was=None)
    dock = make_window(project).dock
    dock.query.setText("metric=revenue")
    qtbot.keyClick(dock.query, Qt.Key.Key_Return)
    assert dock.model.rowCount() == 1
    hit = dock.model.hit(0)
    assert hit is not None and hit.span_id == tagged.id and hit.kind is HitKind.SPAN
