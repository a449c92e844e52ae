from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from pytestqt.qtbot import QtBot

from annotator.domain.models import DocumentSummary
from annotator.services import reading
from annotator.services.importing import import_paths
from annotator.services.project import Project
from annotator.ui.article_view import ArticleView
from annotator.ui.main_window import MainWindow

WindowFactory = Callable[[Project], MainWindow]


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def make_window(qtbot: QtBot, settings_path: Path) -> Iterator[WindowFactory]:
    windows: list[MainWindow] = []

    def make(project: Project) -> MainWindow:
        window = MainWindow(project, QSettings(str(settings_path), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        if not settings_path.exists():
            window.resize(1300, 800)
        with qtbot.waitExposed(window):
            window.show()
        # Shortcuts reach only the active window, as on a desktop.
        with qtbot.waitActive(window):
            window.activateWindow()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def open_imported(
    project: Project, source: Path, text: str, make_window: WindowFactory
) -> tuple[MainWindow, DocumentSummary]:
    """Write ``text`` to ``source``, import it, and open it in the left pane of a new window."""
    source.write_text(text, encoding="utf-8")
    import_paths(project, [source])
    document = next(d for d in reading.list_documents(project) if d.source == str(source))
    window = make_window(project)
    window.panes.open_document(document.id, window.left)
    return window, document


def char_point(view: ArticleView, qt_position: int, fraction: float) -> QPoint:
    """A point ``fraction`` of the way across the character at ``qt_position`` in the viewport."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(view.document())
    cursor.setPosition(qt_position)
    left = view.cursorRect(cursor)
    cursor.setPosition(qt_position + 1)
    right = view.cursorRect(cursor)
    width = right.left() - left.left() if right.top() == left.top() else 8
    return QPoint(int(left.left() + width * fraction), left.center().y())


def drag_select(qtbot: QtBot, view: ArticleView, qt_start: int, qt_end: int) -> None:
    """Select with the mouse, from just inside the first character to just inside the last one."""
    view.ensureCursorVisible()
    start = char_point(view, qt_start, 0.2)
    end = char_point(view, qt_end - 1, 0.8)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(end),
        QPointF(viewport.mapToGlobal(end)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, move)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def close_message_boxes() -> list[str]:
    """Close every message box on screen (they open without blocking) and return their texts."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    texts = []
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            texts.append(widget.text())
            widget.close()
    return texts
