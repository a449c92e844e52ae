"""The label editor driven with clicks and keys; every outcome is checked in the database file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QColorDialog, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from annotator.domain.models import Label
from annotator.services import annotation, reading
from annotator.services import labels as label_service
from annotator.services.labels import DeletedLabel
from annotator.services.project import Project
from annotator.ui.label_editor import DeleteLabelDialog, LabelEditorDialog, unused_name
from annotator.ui.label_model import LABEL_NAME_ROLE, LabelListModel
from annotator.ui.label_text import label_tooltip_html
from tests.ui.conftest import WindowFactory

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def query(db_path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def labels_in(db_path: Path) -> list[tuple[object, ...]]:
    return query(db_path, "SELECT name, colour, hotkey, description FROM labels ORDER BY position")


def names_in(db_path: Path) -> list[object]:
    return [row[0] for row in labels_in(db_path)]


def span_labels_in(db_path: Path) -> list[object]:
    return [row[0] for row in query(db_path, "SELECT label FROM spans ORDER BY label, id")]


@pytest.fixture
def tagged(project: Project) -> Project:
    """Two chips spans and one models span in the first seed article."""
    summary = reading.list_documents(project)[0]
    text = reading.load_document(project, summary.id).text
    for needle, label in (("Huawei", "chips"), ("Nvidia", "chips"), ("ChatGPT 5", "models")):
        start = text.index(needle)
        annotation.tag_span(project, summary.id, start, start + len(needle), label)
    return project


@pytest.fixture
def make_editor(qtbot: QtBot) -> Iterator[Callable[[Project], LabelEditorDialog]]:
    def make(project: Project) -> LabelEditorDialog:
        editor = LabelEditorDialog(project)
        qtbot.addWidget(editor)
        with qtbot.waitExposed(editor):
            editor.show()
        # Shortcuts reach only the active window, as on a desktop.
        with qtbot.waitActive(editor):
            editor.activateWindow()
        return editor

    yield make


@pytest.fixture
def editor(make_editor: Callable[[Project], LabelEditorDialog], tagged: Project) -> LabelEditorDialog:
    return make_editor(tagged)


def click_row(qtbot: QtBot, editor: LabelEditorDialog, name: str) -> None:
    row = editor.model.row_of(name)
    assert row is not None
    rect = editor.table.visualRect(editor.model.index(row, 0))
    qtbot.mouseClick(editor.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.current_name == name


def retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, text)


def when_shown(kind: type[QWidget], answer: Callable[[QWidget], None]) -> None:
    """Answer the modal ``kind`` window about to open (modal windows block the test until answered)."""

    def attempt() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind) or not widget.isVisible():
            QTimer.singleShot(10, attempt)
            return
        answer(widget)

    QTimer.singleShot(0, attempt)


def error_boxes(qtbot: QtBot, editor: QWidget) -> list[QMessageBox]:
    """The error boxes on show (they open window-modal, without blocking)."""

    def shown() -> list[QMessageBox]:
        return [box for box in editor.findChildren(QMessageBox) if box.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()), timeout=2000)
    return shown()


# -- the item model ----------------------------------------------------------------------------------------


def test_label_model_passes_the_model_tester(qtmodeltester, project: Project) -> None:  # type: ignore[no-untyped-def]
    model = LabelListModel()
    qtmodeltester.check(model)
    model.set_labels(label_service.list_labels(project), {"chips": 3})
    qtmodeltester.check(model)
    model.set_labels([], {})
    qtmodeltester.check(model)


def test_label_model_shows_name_colour_key_and_span_count(project: Project) -> None:
    model = LabelListModel()
    label_service.update_label(project, "strategy", hotkey="")
    model.set_labels(label_service.list_labels(project), {"chips": 3})
    row = model.row_of("chips")
    assert row == 1
    assert [model.index(row, column).data() for column in range(3)] == ["chips", "2", 3]
    assert model.index(row, 0).data(Qt.ItemDataRole.DecorationRole) == QColor("#4aa3df")
    assert model.index(row, 0).data(LABEL_NAME_ROLE) == "chips"
    assert "Ascend 910B" in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(3, 1).data() == "–"
    assert model.index(3, 2).data() == 0
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_tooltips_render_the_description_and_escape_the_name() -> None:
    label = Label(name="<chips & co>", colour="#4aa3df", hotkey="2", description="*Named* **GPUs**\n\n- one")
    tooltip = label_tooltip_html(label)
    assert "&lt;chips &amp; co&gt;" in tooltip
    assert "<em>Named</em>" in tooltip and "<strong>GPUs</strong>" in tooltip and "<li>one</li>" in tooltip
    assert "key <b>2</b>" in tooltip
    assert "#4aa3df" in tooltip
    assert "No description yet" in label_tooltip_html(Label(name="bare"))


def test_unused_names_count_up() -> None:
    assert unused_name("new label", {"chips"}) == "new label"
    assert unused_name("new label", {"new label", "new label 2"}) == "new label 3"


# -- adding, renaming --------------------------------------------------------------------------------------


def test_add_then_type_the_name(qtbot: QtBot, editor: LabelEditorDialog, db_path: Path) -> None:
    with qtbot.waitSignal(editor.labelsChanged):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert names_in(db_path)[-1] == "new label"
    assert editor.name_edit.hasFocus() and editor.name_edit.selectedText() == "new label"
    with qtbot.waitSignal(editor.labelsChanged):
        qtbot.keyClicks(editor.name_edit, "policy")
        qtbot.keyClick(editor.name_edit, Qt.Key.Key_Return)
    name, colour, hotkey, description = labels_in(db_path)[-1]
    assert (name, hotkey, description) == ("policy", "5", "")
    assert colour not in {row[1] for row in labels_in(db_path)[:-1]}
    assert editor.current_name == "policy"
    # Ctrl+N adds another, with a name that does not clash.
    qtbot.keyClick(editor.table, Qt.Key.Key_N, CTRL)
    assert names_in(db_path)[-2:] == ["policy", "new label"]


def test_rename_carries_the_spans_along(qtbot: QtBot, editor: LabelEditorDialog, db_path: Path) -> None:
    click_row(qtbot, editor, "chips")
    with qtbot.waitSignal(editor.labelsChanged):
        retype(qtbot, editor.name_edit, "hardware")
        qtbot.keyClick(editor.name_edit, Qt.Key.Key_Return)
    assert names_in(db_path) == ["financials", "hardware", "models", "strategy"]
    assert span_labels_in(db_path) == ["hardware", "hardware", "models"]
    assert editor.model.index(1, 0).data() == "hardware"


def test_a_clashing_rename_is_refused_and_the_field_reverts(
    qtbot: QtBot, editor: LabelEditorDialog, db_path: Path
) -> None:
    before = labels_in(db_path)
    click_row(qtbot, editor, "chips")
    with qtbot.assertNotEmitted(editor.labelsChanged):
        retype(qtbot, editor.name_edit, "models")
        qtbot.keyClick(editor.name_edit, Qt.Key.Key_Return)
    boxes = error_boxes(qtbot, editor)
    assert len(boxes) == 1 and "already a label called 'models'" in boxes[0].text()
    boxes[0].close()
    assert labels_in(db_path) == before
    assert editor.name_edit.text() == "chips"


# -- colour, hotkey, description ---------------------------------------------------------------------------


def test_recolour_with_the_colour_dialog(qtbot: QtBot, editor: LabelEditorDialog, db_path: Path) -> None:
    click_row(qtbot, editor, "models")

    def pick(dialog: QWidget) -> None:
        assert isinstance(dialog, QColorDialog)
        assert dialog.currentColor() == QColor("#8bc34a")
        dialog.setCurrentColor(QColor("#123ABC"))
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    when_shown(QColorDialog, pick)
    with qtbot.waitSignal(editor.labelsChanged):
        qtbot.mouseClick(editor.colour_button, Qt.MouseButton.LeftButton)
    assert labels_in(db_path)[2][1] == "#123abc"
    assert editor.colour_button.text() == "#123abc"


def test_cancelling_the_colour_dialog_changes_nothing(
    qtbot: QtBot, editor: LabelEditorDialog, db_path: Path
) -> None:
    before = labels_in(db_path)
    click_row(qtbot, editor, "models")
    when_shown(QColorDialog, lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    with qtbot.assertNotEmitted(editor.labelsChanged):
        qtbot.mouseClick(editor.colour_button, Qt.MouseButton.LeftButton)
    assert labels_in(db_path) == before


def test_hotkeys_taken_by_other_labels_are_skipped(
    qtbot: QtBot, editor: LabelEditorDialog, db_path: Path
) -> None:
    click_row(qtbot, editor, "chips")
    combo = editor.hotkey_combo
    assert combo.currentText() == "2"
    assert "used by models" in combo.itemText(combo.findData("3"))
    combo.setFocus()
    # Down from 2 skips 3 and 4 (models, strategy) and lands on the first free key.
    with qtbot.waitSignal(editor.labelsChanged):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert labels_in(db_path)[1][2] == "5"
    with qtbot.waitSignal(editor.labelsChanged):
        qtbot.keyClick(combo, Qt.Key.Key_Home)
    assert labels_in(db_path)[1][2] == ""
    # Key 2 is free again, so financials can take it.
    click_row(qtbot, editor, "financials")
    assert "used by" not in combo.itemText(combo.findData("2"))


def test_description_preview_is_live_and_saved_on_leaving_the_editor(
    qtbot: QtBot, editor: LabelEditorDialog, db_path: Path
) -> None:
    click_row(qtbot, editor, "strategy")
    retype(qtbot, editor.description_edit, "Plans and **partnerships**, not results.")
    assert editor.preview.toPlainText() == "Plans and partnerships, not results."
    assert "font-weight" in editor.preview.toHtml()
    assert labels_in(db_path)[3][3] != "Plans and **partnerships**, not results."  # not per keystroke
    with qtbot.waitSignal(editor.labelsChanged):
        click_row(qtbot, editor, "models")
    assert labels_in(db_path)[3][3] == "Plans and **partnerships**, not results."
    assert editor.description_edit.toPlainText() == labels_in(db_path)[2][3]


def test_closing_the_editor_keeps_a_description_being_typed(
    qtbot: QtBot, editor: LabelEditorDialog, db_path: Path
) -> None:
    click_row(qtbot, editor, "chips")
    retype(qtbot, editor.description_edit, "Only *hardware*.")
    with qtbot.waitSignal(editor.labelsChanged):
        qtbot.keyClick(editor.description_edit, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert labels_in(db_path)[1][3] == "Only *hardware*."


# -- order -------------------------------------------------------------------------------------------------


def test_move_up_and_down_with_buttons_and_keys(
    qtbot: QtBot, editor: LabelEditorDialog, db_path: Path
) -> None:
    click_row(qtbot, editor, "models")
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert names_in(db_path) == ["models", "financials", "chips", "strategy"]
    assert editor.current_name == "models" and not editor.up_button.isEnabled()
    qtbot.keyClick(editor.table, Qt.Key.Key_Down, ALT)
    assert names_in(db_path) == ["financials", "models", "chips", "strategy"]
    click_row(qtbot, editor, "strategy")
    assert not editor.down_button.isEnabled()


# -- deleting ----------------------------------------------------------------------------------------------


def answer_delete(qtbot: QtBot, *, move_to: str | None = None, cancel: bool = False) -> None:
    def answer(widget: QWidget) -> None:
        assert isinstance(widget, DeleteLabelDialog)
        if cancel:
            qtbot.keyClick(widget, Qt.Key.Key_Escape)
            return
        # Radio buttons take clicks on their circle and text, at the left of the row.
        choice = widget.delete_choice if move_to is None else widget.move_choice
        qtbot.mouseClick(choice, Qt.MouseButton.LeftButton, pos=QPoint(8, choice.height() // 2))
        if move_to is not None:
            widget.target.setCurrentIndex(widget.target.findText(move_to))
        qtbot.mouseClick(widget.delete_button, Qt.MouseButton.LeftButton)

    when_shown(DeleteLabelDialog, answer)


def test_delete_moving_the_spans_to_another_label(
    qtbot: QtBot, editor: LabelEditorDialog, db_path: Path
) -> None:
    click_row(qtbot, editor, "chips")
    answer_delete(qtbot, move_to="strategy")
    with qtbot.waitSignal(editor.labelDeleted) as deleted:
        qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert names_in(db_path) == ["financials", "models", "strategy"]
    assert span_labels_in(db_path) == ["models", "strategy", "strategy"]
    assert editor.current_name == "models"
    # The signal carries what the window's undo step needs (see test_undo_of_a_label_deletion...).
    record = deleted.args[0]
    assert isinstance(record, DeletedLabel) and len(record.spans) == 2


def test_delete_with_its_spans(qtbot: QtBot, editor: LabelEditorDialog, db_path: Path) -> None:
    click_row(qtbot, editor, "chips")
    answer_delete(qtbot)
    with qtbot.waitSignal(editor.labelsChanged):
        qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert names_in(db_path) == ["financials", "models", "strategy"]
    assert span_labels_in(db_path) == ["models"]


def test_cancelling_a_delete_changes_nothing(qtbot: QtBot, editor: LabelEditorDialog, db_path: Path) -> None:
    labels_before, spans_before = labels_in(db_path), span_labels_in(db_path)
    click_row(qtbot, editor, "chips")
    answer_delete(qtbot, cancel=True)
    with qtbot.assertNotEmitted(editor.labelsChanged):
        qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert (labels_in(db_path), span_labels_in(db_path)) == (labels_before, spans_before)


def test_the_delete_question_offers_moving_first(qtbot: QtBot) -> None:
    dialog = DeleteLabelDialog("chips", 2, ["financials", "models"])
    qtbot.addWidget(dialog)
    assert dialog.move_choice.isChecked() and dialog.target.currentText() == "financials"
    assert dialog.disposal().move_to == "financials"
    dialog.delete_choice.setChecked(True)
    assert not dialog.target.isEnabled()
    assert dialog.disposal().move_to is None
    lonely = DeleteLabelDialog("chips", 2, [])
    qtbot.addWidget(lonely)
    assert lonely.delete_choice.isChecked() and not lonely.move_choice.isEnabled()
    unused = DeleteLabelDialog("chips", 0, ["models"])
    qtbot.addWidget(unused)
    assert unused.disposal().move_to is None


def test_deleting_an_unused_label_still_asks(qtbot: QtBot, editor: LabelEditorDialog, db_path: Path) -> None:
    click_row(qtbot, editor, "strategy")

    def confirm(widget: QWidget) -> None:
        assert isinstance(widget, DeleteLabelDialog) and widget.span_count == 0
        qtbot.mouseClick(widget.delete_button, Qt.MouseButton.LeftButton)

    when_shown(DeleteLabelDialog, confirm)
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert names_in(db_path) == ["financials", "chips", "models"]
    assert editor.current_name == "models"


# -- schema files ------------------------------------------------------------------------------------------


def test_load_a_schema_file(
    qtbot: QtBot, editor: LabelEditorDialog, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = tmp_path / "policy.json"
    schema.write_text(
        json.dumps(
            {
                "labels": [
                    {"name": "policy", "colour": "#336699", "hotkey": "1", "description": "Rules."},
                    {"name": "chips", "colour": "#000000", "hotkey": "2", "description": "Hardware."},
                ]
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(editor, "ask_open_schema_path", lambda: schema)
    with qtbot.waitSignal(editor.labelsChanged):
        qtbot.mouseClick(editor.load_button, Qt.MouseButton.LeftButton)
    assert labels_in(db_path)[:3] == [
        ("policy", "#336699", "1", "Rules."),
        ("chips", "#000000", "2", "Hardware."),
        ("financials", "#f2b134", "", labels_in(db_path)[2][3]),
    ]
    assert names_in(db_path)[3:] == ["models", "strategy"]
    assert span_labels_in(db_path) == ["chips", "chips", "models"]
    assert "1 label(s) added, 1 updated" in editor.status.text()
    assert editor.model.rowCount() == 5


def test_a_bad_schema_file_shows_where_and_changes_nothing(
    qtbot: QtBot, editor: LabelEditorDialog, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = tmp_path / "bad.json"
    schema.write_text('{"labels": [\n  {"name": "x", "colour": "teal"}\n]}', encoding="utf-8")
    before = labels_in(db_path)
    monkeypatch.setattr(editor, "ask_open_schema_path", lambda: schema)
    with qtbot.assertNotEmitted(editor.labelsChanged):
        qtbot.mouseClick(editor.load_button, Qt.MouseButton.LeftButton)
    boxes = error_boxes(qtbot, editor)
    assert len(boxes) == 1
    assert f"{schema}, line 2: field 'labels[0].colour'" in boxes[0].text()
    assert labels_in(db_path) == before


def test_save_the_schema(
    qtbot: QtBot, editor: LabelEditorDialog, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "saved.json"
    monkeypatch.setattr(editor, "ask_save_schema_path", lambda: out)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert [tuple(item.values()) for item in saved["labels"]] == labels_in(db_path)
    assert "4 label(s) saved to saved.json" in editor.status.text()


def test_cancelled_file_choices_do_nothing(
    qtbot: QtBot, editor: LabelEditorDialog, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = labels_in(db_path)
    monkeypatch.setattr(editor, "ask_open_schema_path", lambda: None)
    monkeypatch.setattr(editor, "ask_save_schema_path", lambda: None)
    with qtbot.assertNotEmitted(editor.labelsChanged):
        qtbot.mouseClick(editor.load_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert labels_in(db_path) == before and editor.status.text() == ""


def test_undo_of_a_label_deletion_in_the_window_restores_it_with_its_spans(
    qtbot: QtBot, tagged: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(tagged)
    editor = window.edit_labels()
    click_row(qtbot, editor, "chips")
    answer_delete(qtbot, move_to="strategy")
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert names_in(db_path) == ["financials", "models", "strategy"]
    editor.close()
    assert window.undo_stack.undoText() == "delete the label chips"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.left.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names_in(db_path) == ["financials", "chips", "models", "strategy"]
    assert span_labels_in(db_path) == ["chips", "chips", "models"]
    assert [label.name for label in window.labels] == ["financials", "chips", "models", "strategy"]
    qtbot.keyClick(window.left.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert names_in(db_path) == ["financials", "models", "strategy"]
