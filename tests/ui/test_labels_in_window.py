"""The label editor and guidelines, reached from the main window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QWidget
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


def test_a_palette_filled_again_shows_only_its_new_buttons(qtbot: QtBot) -> None:
    # The old buttons and hint are deleted when the event loop next runs; until then (a reload while
    # the window paints, a screenshot) they must not show under the new ones.
    from annotator.domain.models import Label
    from annotator.ui.label_palette import LabelPalette

    palette = LabelPalette()
    qtbot.addWidget(palette)
    palette.show()
    palette.set_labels([Label(name=n, colour="#3366cc", hotkey=str(i)) for i, n in enumerate("abcd", 1)])
    qtbot.waitUntil(lambda: all(b.isVisible() for b in palette.buttons.values()))
    old = palette.findChildren(QWidget)
    assert len(old) == 5  # four buttons and the hint
    palette.set_labels([Label(name=n, colour="#3366cc", hotkey=str(i)) for i, n in enumerate("abcdefgh", 1)])
    assert all(widget.isHidden() for widget in old)
    assert sorted(b.label.name for b in palette.buttons.values()) == list("abcdefgh")
