"""The label editor's schema tabs in a real window, from the keyboard: relation types, attributes and
document label sets added, renamed with their data, refused with the service's reasons, and deleted as
one undo step that brings the data back. Every outcome is read back from the project file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.services.project import Project
from annotator.ui.label_editor import LabelEditorDialog
from annotator.ui.main_window import MainWindow
from tests.formats.structured import build
from tests.ui.conftest import WindowFactory, close_message_boxes

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def query(db_path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.fixture
def editor(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> tuple[MainWindow, LabelEditorDialog]:
    build(empty_project, tmp_path)
    window = make_window(empty_project)
    dialog = window.edit_labels()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return window, dialog


def type_into(qtbot: QtBot, widget: object, text: str) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)  # type: ignore[arg-type]
    qtbot.keyClicks(widget, text)  # type: ignore[arg-type]


def test_each_tab_is_reached_by_its_key(qtbot: QtBot, editor: tuple[MainWindow, LabelEditorDialog]) -> None:
    _window, dialog = editor
    tabs = dialog.tabs
    for key, page in (
        (Qt.Key.Key_R, tabs.relation_types),
        (Qt.Key.Key_T, tabs.attributes),
        (Qt.Key.Key_O, tabs.label_sets),
        (Qt.Key.Key_B, tabs.widget(0)),
    ):
        qtbot.keyClick(QApplication.focusWidget() or dialog, key, ALT)
        assert tabs.currentWidget() is page
    qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)
    assert [tabs.relation_types.list.item(i).text() for i in range(3)] == [  # type: ignore[union-attr]
        "supplies",
        "trains_on",
        "same_company",
    ]
    assert tabs.relation_types.list.hasFocus()


def test_a_relation_type_is_added_renamed_refused_and_deleted_with_undo(
    qtbot: QtBot, editor: tuple[MainWindow, LabelEditorDialog], db_path: Path
) -> None:
    window, dialog = editor
    qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)
    page = dialog.tabs.relation_types
    # Ctrl+N adds a type and puts the cursor in its name; Enter applies the name and the form.
    qtbot.keyClick(page.list, Qt.Key.Key_N, CTRL)
    assert page.name_edit.hasFocus()
    qtbot.keyClicks(page.name_edit, "invests_in")
    page.hotkey_edit.setText("i")
    page.direction.setCurrentIndex(1)  # symmetric
    page.sources.setFocus()
    page.sources.setCurrentRow(page.label_names.index("strategy"))
    qtbot.keyClick(page.sources, Qt.Key.Key_Space)
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert query(
        db_path, "SELECT directed, hotkey, source_labels FROM relation_types WHERE name = ?", "invests_in"
    ) == [(0, "i", '["strategy"]')]
    # A rename keeps the relations of the type.
    page.list.setCurrentRow(0)
    assert page.current().name == "supplies"  # type: ignore[union-attr]
    type_into(qtbot, page.name_edit, "sells_to")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert query(db_path, "SELECT COUNT(*) FROM relations WHERE type = 'sells_to'") == [(3,)]
    # Refusals come from the service, in the tab and in a box.
    type_into(qtbot, page.name_edit, "trains_on")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert "already a relation type called 'trains_on'" in page.status.text()
    type_into(qtbot, page.name_edit, "Equiv")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert "reserved name" in page.status.text()
    close_message_boxes()
    # Delete in the list asks, then deletes the type with its relations: one undo step brings them back.
    page.refresh()
    page.list.setCurrentRow(0)
    asked: list[str] = []
    page.confirm = lambda question: asked.append(question) or True  # type: ignore[method-assign]
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Delete)
    assert asked == ["Delete the relation type 'sells_to' and its 3 relation(s)? Undo brings them back."]
    assert query(db_path, "SELECT COUNT(*) FROM relations WHERE type = 'sells_to'") == [(0,)]
    assert window.undo_stack.count() == 1
    dialog.close()
    window.undo_stack.undo()
    assert query(db_path, "SELECT COUNT(*) FROM relations WHERE type = 'sells_to'") == [(3,)]
    assert "sells_to" in [t.name for t in window.structure_controller.schema.relation_types]
    window.undo_stack.redo()
    assert query(db_path, "SELECT COUNT(*) FROM relation_types WHERE name = 'sells_to'") == [(0,)]


def test_an_attribute_is_renamed_with_its_values_and_deleted_with_undo(
    qtbot: QtBot, editor: tuple[MainWindow, LabelEditorDialog], db_path: Path
) -> None:
    window, dialog = editor
    qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)
    page = dialog.tabs.attributes
    page.label_combo.setCurrentIndex(page.label_combo.findText("financials"))
    assert [page.list.item(i).text() for i in range(page.list.count())] == [  # type: ignore[union-attr]
        "metric",
        "amount",
        "period",
        "audited",
    ]
    page.list.setCurrentRow(0)
    type_into(qtbot, page.name_edit, "measure")
    page.choices_edit.setPlainText("revenue\nprofit\nmargin")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return, CTRL)
    assert query(db_path, "SELECT COUNT(*) FROM span_attributes WHERE name = 'measure'") == [(2,)]
    assert query(db_path, "SELECT choices FROM label_attributes WHERE name = 'measure'") == [
        ('["revenue", "profit", "margin"]',)
    ]
    # A new yes/no attribute on another label, then a value that does not fit is refused.
    page.label_combo.setCurrentIndex(page.label_combo.findText("chips"))
    qtbot.keyClick(page.list, Qt.Key.Key_N, CTRL)
    type_into(qtbot, page.name_edit, "export_banned")
    page.kind_combo.setCurrentIndex(1)
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert query(db_path, "SELECT label, kind FROM label_attributes WHERE name = 'export_banned'") == [
        ("chips", "boolean")
    ]
    page.label_combo.setCurrentIndex(page.label_combo.findText("financials"))
    page.list.setCurrentRow(1)  # amount: numbers on two spans
    page.kind_combo.setCurrentIndex(0)
    page.choices_edit.setPlainText("big")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert "does not fit" in page.status.text()
    close_message_boxes()
    page.refresh()
    page.confirm = lambda question: True  # type: ignore[method-assign]
    page.list.setCurrentRow(1)
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Delete)
    assert query(db_path, "SELECT COUNT(*) FROM span_attributes WHERE name = 'amount'") == [(0,)]
    dialog.close()
    window.undo_stack.undo()
    assert query(db_path, "SELECT COUNT(*) FROM span_attributes WHERE name = 'amount'") == [(2,)]


def test_a_document_label_set_is_renamed_with_the_articles_labels_and_deleted_with_undo(
    qtbot: QtBot, editor: tuple[MainWindow, LabelEditorDialog], db_path: Path
) -> None:
    window, dialog = editor
    qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)
    page = dialog.tabs.label_sets
    assert page.current().name == "topic"  # type: ignore[union-attr]
    type_into(qtbot, page.name_edit, "subject")
    page.choices_edit.setPlainText("sanctions [s]\nearnings\nchips [c]")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert query(
        db_path, "SELECT name, choices, hotkeys FROM document_label_sets WHERE name = 'subject'"
    ) == [("subject", '["sanctions", "earnings", "chips"]', '["s", "", "c"]')]
    assert query(
        db_path, "SELECT COUNT(*) FROM document_labels WHERE label_set = 'subject' AND value = 'sanctions'"
    ) == [(2,)]
    # The window's article headers and keys follow at once.
    bar = window.structure_controller.bars[window.left.name]
    assert "subject" in [s.name for s in bar.sets]
    page.confirm = lambda question: True  # type: ignore[method-assign]
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Delete)
    assert query(db_path, "SELECT COUNT(*) FROM document_labels WHERE label_set = 'subject'") == [(0,)]
    dialog.close()
    window.undo_stack.undo()
    assert query(db_path, "SELECT COUNT(*) FROM document_labels WHERE label_set = 'subject'") == [(4,)]
