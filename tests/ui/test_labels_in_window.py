"""The label editor and guidelines, reached from the main window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.services import labels as label_service
from annotator.services.project import Project
from tests.ui.conftest import WindowFactory


def test_label_edits_reach_the_palette_and_shortcuts(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    dialog = window.edit_labels()
    label_service.update_label(project, "chips", new_name="hardware")
    dialog.labelsChanged.emit()
    assert "hardware" in window.palette_widget.buttons and "chips" not in window.palette_widget.buttons
    dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.left.view
    text = view.document_record.text  # type: ignore[union-attr]
    start = text.index("Huawei")
    view.select_range(start, start + 6)
    qtbot.keyClick(view, "2")
    assert [s.label for s in view.index.spans()] == ["hardware"]


def test_guidelines_dock_and_palette_tooltips(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    qtbot.keyClick(window.left.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert window.guidelines_dock.isVisible()
    assert "financials" in window.guidelines_dock.browser.toPlainText()
    button = window.palette_widget.buttons["chips"]
    # Hovering asks for the tooltip, which is rendered then.
    hover = QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), button.mapToGlobal(QPoint(5, 5)))
    assert button.toolTip() == ""  # nothing rendered until asked for
    QApplication.sendEvent(button, hover)
    tooltip = button.toolTip()
    assert "chips" in tooltip and "<" in tooltip  # rendered Markdown, not raw text
