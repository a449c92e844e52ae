"""A small multi-line editor for span and article notes (Ctrl+Enter saves, Esc cancels)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class NoteDialog(QDialog):
    def __init__(self, title: str, context: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("note-dialog")
        self.context = QLabel(context)
        self.context.setWordWrap(True)
        self.editor = QPlainTextEdit(note)
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText("Write a note (Ctrl+Enter to save)")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.context)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)
        self.resize(460, 240)

    def note(self) -> str:
        return self.editor.toPlainText().strip()
