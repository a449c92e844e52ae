"""A read-only text view that shows one document with its spans.

Everything that leaves this widget is in code points: selections go out through ``selected_range`` and
spans come in as domain ``Span`` objects; the conversion happens here, through ``OffsetMap``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotator.domain.models import Document, Span
from annotator.ui.highlighter import SpanHighlighter
from annotator.ui.offsets import OffsetMap
from annotator.ui.span_index import SpanIndex


class ArticleView(QPlainTextEdit):
    selectedSpanChanged = Signal(object)  # span id or None
    activated = Signal()  # the user clicked or focused this view

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setMouseTracking(True)
        font = QFont()
        font.setPointSizeF(max(font.pointSizeF(), 10.5) * 1.1)
        self.setFont(font)
        self.document().setDocumentMargin(14)
        self.document_record: Document | None = None
        self.offsets = OffsetMap("")
        self.index = SpanIndex(self.offsets, [0])
        self.highlighter = SpanHighlighter(self.document(), self.index)
        self._press_position: int | None = None
        self.viewport().installEventFilter(self)

    # -- content ------------------------------------------------------------------------------------

    def show_document(self, document: Document | None, spans: list[Span]) -> None:
        self.document_record = document
        text = document.text if document else ""
        self.offsets = OffsetMap(text)
        self.highlighter.selected_span_id = None
        # Detach the highlighter while the text changes so it paints once, after the index is ready.
        self.highlighter.setDocument(None)
        self.setPlainText(text)
        starts = []
        block = self.document().begin()
        while block.isValid():
            starts.append(block.position())
            block = block.next()
        self.index = SpanIndex(self.offsets, starts or [0])
        self.index.replace_all(spans)
        self.highlighter.index = self.index
        self.highlighter.setDocument(self.document())
        self.selectedSpanChanged.emit(None)

    def set_label_colours(self, colours: dict[str, QColor]) -> None:
        self.highlighter.set_colours(colours)
        self.highlighter.rehighlight()

    def add_span(self, span: Span) -> None:
        self._repaint(self.index.add(span))

    def remove_span(self, span_id: str) -> None:
        if span_id == self.highlighter.selected_span_id:
            self.select_span(None)
        self._repaint(self.index.remove(span_id))

    def _repaint(self, blocks: range) -> None:
        document = self.document()
        for number in blocks:
            self.highlighter.rehighlightBlock(document.findBlockByNumber(number))

    # -- selection ------------------------------------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The text selection as a code-point range, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.offsets.range_from_qt(cursor.selectionStart(), cursor.selectionEnd())

    def select_range(self, start: int, end: int) -> None:
        """Select a code-point range (used by tests, search and keyboard span editing)."""
        qt_start, qt_end = self.offsets.range_to_qt(start, end)
        cursor = self.textCursor()
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def selected_span_id(self) -> str | None:
        return self.highlighter.selected_span_id

    def select_span(self, span_id: str | None) -> None:
        previous = self.highlighter.selected_span_id
        if previous == span_id:
            return
        self.highlighter.selected_span_id = span_id
        for changed in (previous, span_id):
            placed = self.index.qt_range(changed) if changed else None
            if placed:
                self._repaint(range(self.index.block_of(placed[0]), self.index.block_of(placed[1] - 1) + 1))
        if span_id:
            qt_range = self.index.qt_range(span_id)
            if qt_range:
                cursor = self.textCursor()
                cursor.setPosition(qt_range[0])
                self.setTextCursor(cursor)
                self.ensureCursorVisible()
        self.selectedSpanChanged.emit(span_id)

    # -- mouse ----------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.activated.emit()
        self._press_position = self.cursorForPosition(event.position().toPoint()).position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        position = self._press_position
        hits = self.index.at(position) if position is not None else []
        if not hits:
            self.select_span(None)
            return
        # Repeated clicks on overlapping spans cycle through them, shortest first.
        ids = [span.id for span in hits]
        current = self.highlighter.selected_span_id
        following = ids[(ids.index(current) + 1) % len(ids)] if current in ids else ids[0]
        self.select_span(following)

    def focusInEvent(self, event: object) -> None:
        self.activated.emit()
        super().focusInEvent(event)  # type: ignore[arg-type]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and isinstance(event, QHelpEvent):
            position = self.cursorForPosition(event.pos()).position()
            spans = self.index.at(position)
            if spans:
                QToolTip.showText(event.globalPos(), span_tooltip(spans), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)


def span_tooltip(spans: list[Span]) -> str:
    rows = []
    for span in spans:
        note = f"<br><i>{html.escape(span.note)}</i>" if span.note else ""
        rows.append(f"<b>{html.escape(span.label)}</b> · {html.escape(span.annotator)}{note}")
    return "<br>".join(rows)
