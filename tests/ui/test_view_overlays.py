"""What is drawn over an article's text (suggestion outlines, relation arcs) stays with the text when the
view scrolls, and drawing it does not make the window paint the text twice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.domain.models import DocumentSummary
from annotator.domain.structure import RelationType
from annotator.services import annotation, relations, structure
from annotator.services.project import Project
from annotator.services.string_matcher import refresh_strings
from annotator.ui.article_view import ArticleView
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory, open_imported

# Long enough to scroll several pages; the tagged sentence is at the end, below the first page.
SENTENCE = "analysts compare compute budgets and model releases."
FILLER = "\n\n".join(f"Paragraph {n}: {SENTENCE}" for n in range(150))
TAIL = "Huawei ships the Ascend 910B to iFlytek. The Kunlun P800 follows."
TEXT = f"{FILLER}\n\n{TAIL}"
FIRST_SCREEN = f"{TAIL}\n\n{FILLER}"


def at(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def at_the_end(window: MainWindow) -> ArticleView:
    """The left view scrolled down to the tagged sentence."""
    view = window.left.view
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > bar.pageStep()  # really scrolled by more than a page
    return view


def grab(view: ArticleView) -> QImage:
    QApplication.processEvents()
    return view.viewport().grab().toImage()


def with_a_relation(
    project: Project, source: Path, text: str, make_window: WindowFactory
) -> tuple[MainWindow, DocumentSummary]:
    """``text`` imported and opened, with Huawei and Ascend 910B tagged and related."""
    structure.save_relation_type(project, RelationType(name="supplies", colour="#e53935"), seen=None)
    window, document = open_imported(project, source, text, make_window)
    huawei = annotation.tag_span(project, document.id, *at(text, "Huawei"), "strategy")
    ascend = annotation.tag_span(project, document.id, *at(text, "Ascend 910B"), "chips")
    relations.add_relation(project, huawei, ascend, "supplies")
    return window, document


def test_relation_arcs_are_drawn_after_the_view_scrolled(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    project = empty_project
    window, document = with_a_relation(project, tmp_path / "long.txt", TEXT, make_window)
    window.panes.open_document(document.id, window.left)
    layer = window.structure_controller.layers["left"]
    assert len(layer.relations) == 1
    view = at_the_end(window)
    with_arc = grab(view)
    types = list(layer.types.values())
    layer.show_relations([], types)
    without = grab(view)
    assert with_arc != without  # the arc is on screen where its spans are


def test_suggestion_outlines_are_drawn_after_the_view_scrolled(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    project = empty_project
    window, document = open_imported(project, tmp_path / "long.txt", TEXT, make_window)
    _, short = open_imported(project, tmp_path / "short.txt", "The Ascend 910B again.", make_window)
    annotation.tag_span(project, short.id, 4, 15, "chips")
    refresh_strings(project)
    window.panes.open_document(document.id, window.left)
    layer = window.suggestion_controller.layer(window.left)
    assert [s.text for s in layer.ordered()] == ["Ascend 910B"]
    view = at_the_end(window)
    with_outline = grab(view)
    window.suggestion_controller.show_action.setChecked(False)
    without = grab(view)
    assert with_outline != without


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_tagging_paints_the_text_once_with_arcs_and_outlines_shown(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    project = empty_project
    window, document = with_a_relation(project, tmp_path / "long.txt", FIRST_SCREEN, make_window)
    short_text = "Baidu's Kunlun P800."
    _, short = open_imported(project, tmp_path / "short.txt", short_text, make_window)
    annotation.tag_span(project, short.id, *at(short_text, "Kunlun P800"), "chips")
    refresh_strings(project)  # and suggested in the long article
    window.panes.open_document(document.id, window.left)
    assert window.suggestion_controller.layer(window.left).ordered()
    view = window.left.view
    QApplication.processEvents()
    view.select_range(*at(FIRST_SCREEN, "iFlytek"))
    QApplication.processEvents()
    paints = _Paints()
    view.viewport().installEventFilter(paints)
    window.span_ops.apply_label("models")
    view.viewport().repaint()
    view.viewport().removeEventFilter(paints)
    assert view.index.get(view.selected_span_id() or "") is not None
    assert paints.count == 1
