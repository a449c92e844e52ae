"""Every key listed in Help > Keyboard shortcuts, pressed in a real window, runs its command; no two
commands share a key; users can change keys, and the defaults keep clear of what desktops take."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.domain.errors import AnnotatorError
from annotator.services.project import Project
from annotator.ui.action_table import ACTIONS, REVIEW_ACTIONS, SPAN_EDGE_ACTIONS
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory
from tests.ui.test_workbench import tag_text

NATIVE = QKeySequence.SequenceFormat.NativeText


def close_dialogs(window: MainWindow) -> None:
    """Close whatever a command opened (dialogs are modal or not), so the next key reaches the window."""
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible() and isinstance(widget, QDialog | QMessageBox):
            widget.close()
    window.find_bar.hide()


def press(qtbot: QtBot, window: MainWindow, key: QKeySequence) -> None:
    combination = key[0]
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())


def listed_keys(window: MainWindow) -> list[tuple[str, str]]:
    """(command id, key) for every key Help > Keyboard shortcuts lists for a command."""
    dialog = window.show_shortcuts()
    rows = [(action_id, keys) for action_id, _group, _what, keys in dialog.rows() if action_id and keys]
    dialog.close()
    return [(action_id, key) for action_id, keys in rows for key in keys.split(" or ")]


def test_every_listed_key_runs_its_command(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    tag_text(window, "Huawei", "chips")  # undo, delete and notes have something to act on
    ran: list[str] = []
    for action_id, action in window.commands.actions.items():
        action.triggered.connect(lambda _checked=False, name=action_id: ran.append(name))
    keys = listed_keys(window)
    listed = {action_id for action_id, _ in keys}
    edges = {spec.id for spec in SPAN_EDGE_ACTIONS}
    assert listed == {spec.id for spec in (*ACTIONS, *REVIEW_ACTIONS) if spec.keys} | edges
    # Closing the window last; review keys act only in review mode.
    keys.sort(key=lambda item: (item[0] == "file.quit", item[0].startswith("review.")))

    def dismiss() -> None:  # modal dialogs (file choosers, About) are closed as soon as they show
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.close()

    closer = QTimer()
    closer.timeout.connect(dismiss)
    closer.start(20)
    for action_id, text in keys:
        if action_id in edges:
            continue  # keys of the article view: checked below
        if action_id.startswith("review.") and not window.review.active:
            window.commands["view.review"].setChecked(True)
        qtbot.waitUntil(lambda: not window.files.tasks, timeout=10_000)  # (agreement computes at once)
        close_dialogs(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        window.panes.active_pane.view.setFocus()
        if action_id == "edit.redo" and not window.undo_stack.canRedo():
            window.history.undo()  # a disabled command takes no keys: give redo a step to take
        if action_id == "edit.undo" and not window.undo_stack.canUndo():
            window.history.redo()
        ran.clear()
        press(qtbot, window, QKeySequence(text, NATIVE))
        qtbot.wait(1)
        assert ran == [action_id], f"{text} ran {ran}, not {action_id}"
    closer.stop()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)  # Ctrl+Q closed it


def test_no_two_commands_share_a_key(qtbot: QtBot, project: Project, make_window: WindowFactory) -> None:
    window = make_window(project)
    assert window.commands.conflicts() == []
    seen: dict[str, str] = {}
    for action_id, text in listed_keys(window):
        assert text not in seen, f"{text} belongs to {seen.get(text)} and {action_id}"
        seen[text] = action_id
    # Label keys (1-9) and review keys (single letters) do not collide with any command either.
    assert not {str(n) for n in range(1, 10)} & set(seen)


def test_defaults_avoid_keys_desktops_take() -> None:
    # GNOME, KDE and Windows: Super/Meta with anything, Ctrl+Alt with arrows or Delete, Alt+Tab/F4,
    # Alt+Shift (switches the keyboard layout), Ctrl+Esc.
    for spec in (*ACTIONS, *REVIEW_ACTIONS, *SPAN_EDGE_ACTIONS):
        for text in spec.keys:
            parts = set(text.split("+"))
            assert "Meta" not in parts, (spec.id, text)
            assert not {"Ctrl", "Alt"} <= parts, (spec.id, text)
            assert not {"Alt", "Shift"} <= parts, (spec.id, text)
            assert text not in ("Alt+Tab", "Alt+F4", "Ctrl+Esc", "Alt+Space"), (spec.id, text)


def test_a_user_can_change_a_key_and_it_is_remembered(
    qtbot: QtBot, project: Project, make_window: WindowFactory, settings_path: Path
) -> None:
    window = make_window(project)
    span_id = tag_text(window, "Huawei", "chips")
    view = window.left.view
    span = view.index.get(span_id)
    assert span is not None
    # Move the span's start with a key of the user's choosing.
    window.commands.set_keys("span.start_left", [QKeySequence("Ctrl+Alt+J")])
    qtbot.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    moved = view.index.get(span_id)
    assert moved is not None and moved.start == span.start - 1
    # A key that another command holds is refused and nothing changes.
    try:
        window.commands.set_keys("edit.done", [QKeySequence("Ctrl+J")])
    except AnnotatorError as error:
        assert "Open next unfinished article" in str(error)
    else:
        raise AssertionError("a key held by another command was given twice")
    assert window.commands["edit.done"].shortcut().toString() == "Ctrl+D"
    window.commands.set_keys("edit.done", [QKeySequence("F9")])
    window.close()
    again = make_window(project)
    assert again.commands["edit.done"].shortcut().toString() == "F9"
    assert QSettings(str(settings_path), QSettings.Format.IniFormat).value("shortcuts/edit.done") == "F9"


def test_the_shortcuts_window_changes_keys(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    dialog = window.show_shortcuts()
    row = next(n for n, r in enumerate(dialog.rows()) if r[0] == "view.swap")

    def answer() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or modal is dialog or not hasattr(modal, "first"):
            QTimer.singleShot(10, answer)
            return
        modal.first.setKeySequence(QKeySequence("F8"))  # type: ignore[attr-defined]
        modal.accept()  # type: ignore[attr-defined]

    QTimer.singleShot(0, answer)
    assert dialog.change_keys(row)
    shown = dialog.table.item(row, 2)
    assert shown is not None and shown.text() == "F8"
    assert window.commands["view.swap"].shortcut().toString() == "F8"
    dialog.close()
