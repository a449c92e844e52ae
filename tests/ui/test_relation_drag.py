"""Ctrl+drag from span to span in a real window makes a relation of the type picked by its key, as one
undo step; T in the Relations panel changes a relation's type through the same menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from annotator.services import annotation
from annotator.services.project import Project
from annotator.storage import relations as relation_rows
from annotator.ui.article_view import ArticleView
from tests.formats.structured import TEXT, at, relation_total
from tests.ui.conftest import WindowFactory, char_point, open_imported
from tests.ui.test_structure_in_window import prepare

CTRL = Qt.KeyboardModifier.ControlModifier


def ctrl_drag(qtbot: QtBot, view: ArticleView, start: QPoint, end: QPoint) -> None:
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, CTRL, start)
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(end),
        QPointF(viewport.mapToGlobal(end)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.LeftButton,
        CTRL,
    )
    QApplication.sendEvent(viewport, move)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, CTRL, end)


def answer_menu(qtbot: QtBot, key: str | Qt.Key, seen: list[list[str]]) -> None:
    """Press ``key`` in the menu once it is open, noting its entries."""

    def press() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.append([action.text() for action in menu.actions()])
        qtbot.keyClick(menu, key)

    QTimer.singleShot(50, press)


# A menu grabs the keyboard on a desktop; the offscreen platform says it cannot, which is no fault here.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_ctrl_drag_between_two_spans_makes_the_relation_picked_by_key(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    prepare(empty_project)
    window, document = open_imported(empty_project, tmp_path / "a.txt", TEXT, make_window)
    huawei = annotation.tag_span(empty_project, document.id, *at(TEXT, "Huawei"), "strategy")
    ascend = annotation.tag_span(empty_project, document.id, *at(TEXT, "Ascend 910B"), "chips")
    window.panes.open_document(document.id, window.left)
    view = window.left.view
    source = char_point(view, at(TEXT, "Huawei")[0] + 2, 0.5)
    target = char_point(view, at(TEXT, "Ascend 910B")[0] + 3, 0.5)
    menus: list[list[str]] = []
    answer_menu(qtbot, "s", menus)
    ctrl_drag(qtbot, view, source, target)
    # Both types allow strategy -> chips; each is listed with its key.
    assert menus == [["&S   supplies", "&T   trains_on"]]
    (relation,) = relation_rows.relations_for_document(empty_project.database, document.id)
    assert (relation.source_id, relation.target_id, relation.type) == (huawei.id, ascend.id, "supplies")
    assert not view.textCursor().hasSelection()  # the drag selected no text
    assert window.undo_stack.undoText() == "add a supplies relation"
    window.undo_stack.undo()
    assert relation_total(empty_project) == 0
    window.undo_stack.redo()
    assert relation_total(empty_project) == 1
    # From chips to strategy only trains_on fits ("supplies" goes from strategy); Esc makes nothing.
    menus.clear()
    answer_menu(qtbot, Qt.Key.Key_Escape, menus)
    ctrl_drag(qtbot, view, target, source)
    assert menus == [["&T   trains_on"]]
    assert relation_total(empty_project) == 1
    # A drag released outside any span makes nothing either, and says so.
    ctrl_drag(qtbot, view, source, source + QPoint(0, 400))
    assert "another span" in window.statusBar().currentMessage()
    assert relation_total(empty_project) == 1

    # T in the Relations panel changes the relation's type, as one undo step.
    controller = window.structure_controller
    controller.dock.raise_()
    controller.panel.table.setFocus()
    controller.panel.table.selectRow(0)
    menus.clear()
    answer_menu(qtbot, "t", menus)
    qtbot.keyClick(controller.panel.table, Qt.Key.Key_T)
    assert menus == [["&T   trains_on"]]
    (retyped,) = relation_rows.relations_for_document(empty_project.database, document.id)
    assert (retyped.id, retyped.type) == (relation.id, "trains_on")
    window.undo_stack.undo()
    (back,) = relation_rows.relations_for_document(empty_project.database, document.id)
    assert back.type == "supplies"
