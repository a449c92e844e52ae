"""A small multi-line editor for span and article notes (Ctrl+Enter saves, Esc cancels)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from annotator.ui.plain_text import plain_label


class NoteDialog(QDialog):
    def __init__(self, title: str, context: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("note-dialog")
        self.context = plain_label(context)
        self.context.setWordWrap(True)
        self.editor = QPlainTextEdit(note)
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText("Write a note (Ctrl+Enter to save)")
        self.editor.installEventFilter(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.context)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)
        self.resize(460, 240)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Ctrl+Enter saves from inside the editor, where plain Enter starts a new line.
        if (
            watched is self.editor
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def note(self) -> str:
        return self.editor.toPlainText().strip()
