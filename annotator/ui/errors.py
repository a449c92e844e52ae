"""Errors reach the user in one place: a warning for ours (file, line, what to do), details for bugs."""

from __future__ import annotations

import traceback

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.domain.errors import AnnotatorError


def error_box(parent: QWidget | None, error: BaseException, *, action: str = "") -> QMessageBox:
    """Show ``error`` without blocking the caller (window-modal); returns the box."""
    box = QMessageBox(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowTitle(f"Could not {action}" if action else "Annotator")
    box.setTextFormat(Qt.TextFormat.PlainText)  # messages carry file names, labels and titles
    if isinstance(error, AnnotatorError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(str(error))
    else:
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(
            f"An unexpected error occurred: {error}\n\n"
            "Everything saved before it is safe; the change that failed was not saved."
        )
        box.setDetailedText("".join(traceback.format_exception(error)))
    box.open()
    return box


def info_box(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """Tell the user how a long operation went, without blocking the window (window-modal)."""
    box = QMessageBox(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.open()
    return box
