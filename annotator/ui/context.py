"""What every room of the window shares: the open project, the settings, the undo history, and the one
place where messages and errors reach the user. Rooms receive this instead of the window, so none of
them reaches into another."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMainWindow

from annotator.services.project import Project
from annotator.ui.errors import error_box


class WindowContext(QObject):
    projectChanged = Signal()  # another project file was opened in this window

    def __init__(self, window: QMainWindow, project: Project, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window  # the parent of dialogs and message boxes, nothing else
        self.project = project
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self.last_error: BaseException | None = None

    def message(self, text: str, milliseconds: int = 5000) -> None:
        """A short message in the status bar."""
        self.window.statusBar().showMessage(text, milliseconds)

    def show_error(self, error: BaseException, action: str) -> None:
        self.last_error = error
        error_box(self.window, error, action=action)

    def set_project(self, project: Project) -> None:
        self.project = project
        self.undo_stack.clear()
        self.projectChanged.emit()
