"""Showing data (titles, labels, notes, annotator names, paths, error messages) as the text it is.

Qt guesses: a string that looks like HTML is rendered as rich text by a label, a message box or a
tooltip, so a title such as ``<img src=...>`` or ``<a href=...>`` would be drawn as markup; and an ``&`` in
a button or menu text marks a shortcut key and disappears. Every widget that shows data goes through
one of these.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows its text literally, whatever it looks like."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


class ElidedLabel(QLabel):
    """A one-line plain-text label that ends in "…" where its text does not fit, instead of cutting it off
    mid-word. ``text()`` stays the whole text; give the full text as its tooltip too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def shown_text(self) -> str:
        """What fits of the text in the label's width now."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )


def plain_tooltip(text: str) -> str:
    """A tooltip showing ``text`` literally, line breaks kept and long lines wrapped (tooltips have no
    plain-text switch: the text is escaped into rich text of our own)."""
    return GuiQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal) if text else ""


def escaped(text: str) -> str:
    """``text`` for a place inside rich text that is ours (bold, colour), shown literally."""
    return html.escape(text, quote=False)


def literal_ampersands(text: str) -> str:
    """``text`` for a button or menu entry: an ``&`` shown as itself, not as a shortcut marker."""
    return text.replace("&", "&&")
