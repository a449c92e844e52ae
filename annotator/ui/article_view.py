"""A read-only text view that shows one document with its spans.

Everything that leaves this widget is in code points: selections go out through ``selected_range`` and
spans come in as rows read for the view (``SpanRow``) or as domain ``Span`` objects; the conversion
happens here, through ``OffsetMap``.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QKeyCombination, QMimeData, QObject, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextDocumentLayout, QPlainTextEdit, QToolTip, QWidget

from annotator.domain.layer_diff import Agreement
from annotator.domain.models import Document, Span
from annotator.services.reading import SpanRow
from annotator.ui.flag_painter import paint_flagged
from annotator.ui.highlighter import SpanHighlighter
from annotator.ui.offsets import OffsetMap
from annotator.ui.overlap_painter import BarCache, paint_mark_bars
from annotator.ui.review_marks import GUTTER_WIDTH, MARK_SHAPES, MarkGutter, paint_current_place
from annotator.ui.span_index import SpanIndex

# The reading size before zoom: a little larger than the desktop's, never under 11.5 points.
BASE_POINTS = 11.5
PARAGRAPH_SPACING = 0.6  # of a line, after each paragraph
# The longest line the text runs to, in average characters: a measure people read comfortably.
MEASURE = 80


class SpacedLayout(QPlainTextDocumentLayout):
    """Room after each paragraph: long articles read as paragraphs, not as one wall of lines. (The plain
    text layout, which shows long articles fast, has no paragraph margins of its own.)"""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.spacing = 0.0

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        rect = super().blockBoundingRect(block)
        if self.spacing and block.next().isValid():
            rect.setHeight(rect.height() + self.spacing)
        return rect


class ArticleView(QPlainTextEdit):
    selectedSpanChanged = Signal(object)  # span id or None
    activated = Signal()  # the user clicked or focused this view
    noteRequested = Signal(str)  # span id: Enter on a selected span
    flagAcceptRequested = Signal(str)  # span id: keep a flagged span where it is
    resizeRequested = Signal(str, int, int)  # span id, new start, new end (code points)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.document().setDocumentLayout(SpacedLayout(self.document()))
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setMouseTracking(True)
        # Review mode: the place being decided, and the gutter of marks beside the text.
        self.current_place: tuple[int, int] | None = None
        self.gutter = MarkGutter(self, self)
        self.updateRequest.connect(lambda _rect, _dy: self.gutter.update())
        self.document().setDocumentMargin(14)
        self.base_points = max(QFont().pointSizeF() * 1.1, BASE_POINTS)
        self.set_zoom(0)
        # Keys that move the selected span's edges (portable key text -> start step, end step); the
        # window sets them from the user's keys.
        self.edge_keys: dict[str, tuple[int, int]] = {}
        self.document_record: Document | None = None
        self.flagged: dict[str, str] = {}  # span id -> why its place needs review
        self.offsets = OffsetMap("")
        self.index = SpanIndex(self.offsets, [0])
        self.highlighter = SpanHighlighter(self.document(), self.index)
        self.bars = BarCache()
        self._press_position: int | None = None
        self._overlays: list[Callable[[QPainter], None]] = []
        self.viewport().installEventFilter(self)

    # -- content ------------------------------------------------------------------------------------

    def show_document(self, document: Document | None, rows: list[SpanRow]) -> None:
        self.document_record = document
        text = document.text if document else ""
        self.offsets = OffsetMap(text)
        self.highlighter.selected_span_id = None
        self.current_place = None
        self.bars.clear()
        self.setPlainText(self.offsets.display_text)  # the text, with breaks in very long paragraphs
        starts = []
        block = self.document().begin()
        while block.isValid():
            starts.append(block.position())
            block = block.next()
        self.index = SpanIndex(self.offsets, starts or [0])
        self.index.replace_all(rows)
        self.highlighter.reset(self.index)
        self.selectedSpanChanged.emit(None)

    def set_marks(self, marks: dict[str, Agreement]) -> None:
        """Review marks (how each span compares with the other pane); empty outside review mode, where
        the gutter that shows them goes away."""
        self.highlighter.marks = marks
        self.highlighter.rehighlight()
        reviewing = bool(marks) or self.current_place is not None
        self.gutter.setVisible(reviewing)
        self._fit_margins()
        self.gutter.update()

    def set_current_place(self, place: tuple[int, int] | None) -> None:
        """Outline the place being decided in review mode (code points), and bring it into view."""
        self.current_place = place
        if place is not None:
            cursor = self.textCursor()
            cursor.setPosition(self.offsets.to_qt(place[0]))
            self.setTextCursor(cursor)
            self.centerCursor()
        self.set_marks(self.highlighter.marks)
        self.viewport().update()

    def measure(self) -> int:
        """The widest the text runs, in pixels: ``MEASURE`` average characters and the page margins."""
        return round(self.fontMetrics().averageCharWidth() * MEASURE + 2 * self.document().documentMargin())

    def _fit_margins(self) -> None:
        """Centre the text in a readable measure when the pane is wider, beside the review gutter."""
        area = self.contentsRect()
        gutter = GUTTER_WIDTH if self.gutter.isVisibleTo(self) else 0
        room = area.width() - gutter - self.verticalScrollBar().sizeHint().width()
        spare = max(room - self.measure(), 0)
        left = gutter + spare // 2
        margins = self.viewportMargins()
        if (margins.left(), margins.right()) != (left, spare - spare // 2):
            self.setViewportMargins(left, 0, spare - spare // 2, 0)
        self.gutter.setGeometry(area.left() + left - gutter, area.top(), GUTTER_WIDTH, area.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_margins()

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
            self.highlighter.rehighlight_block(document.findBlockByNumber(number))

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

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy the selected text as stored, without the breaks the view adds to very long paragraphs."""
        data = QMimeData()
        selected = self.selected_range()
        if selected is not None and self.document_record is not None:
            data.setText(self.document_record.text[selected[0] : selected[1]])
        return data

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

    # -- painting -------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        # Spans are formatted lazily, block by block as they come on screen (see SpanHighlighter).
        lines = self.viewport().height() // max(self.fontMetrics().lineSpacing(), 1) + 2
        self.highlighter.highlight_blocks(self.firstVisibleBlock().blockNumber(), lines)
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        paint_current_place(painter, self)
        offset = self.contentOffset()
        height = self.viewport().height()
        # In review mode the bars say how spans compare (agreed spans get none); else they show overlaps.
        mark_colours = {
            span_id: QColor(MARK_SHAPES[mark][1])
            for span_id, mark in self.highlighter.marks.items()
            if mark is not Agreement.AGREED
        }
        block = self.firstVisibleBlock()
        while block.isValid():
            top = self.blockBoundingGeometry(block).translated(offset).top()
            if top > height:
                break
            spans = self.index.in_block(block.blockNumber())
            if self.flagged and spans:
                paint_flagged(painter, block, top, spans, set(self.flagged))
            if mark_colours and spans:
                paint_mark_bars(painter, block, top, spans, mark_colours)
            elif len(spans) > 1 and block.isVisible():
                self.bars.paint(painter, block, top, spans, self.highlighter.colours)
            block = block.next()
        for overlay in self._overlays:
            painter.save()
            overlay(painter)
            painter.restore()
        painter.end()

    def add_overlay(self, paint: Callable[[QPainter], None]) -> None:
        """Have ``paint`` draw over the text at every paint of the view, after what came before it
        (suggestion outlines, relation arcs). Drawn in the view's own paint, they move with the text as it
        scrolls and cost no second paint of the text, as a see-through widget on top would."""
        self._overlays.append(paint)

    # -- keyboard -------------------------------------------------------------------------------------

    def ordered_span_ids(self) -> list[str]:
        return [row.id for row in self.index.rows()]

    def step_span(self, step: int) -> None:
        """Select the next (step=1) or previous (step=-1) span in reading order, wrapping around."""
        ids = self.ordered_span_ids()
        if not ids:
            return
        current = self.highlighter.selected_span_id
        if current in ids:
            target = ids[(ids.index(current) + step) % len(ids)]
        else:
            # From the cursor: the first span after it (or the last one before it, going back).
            cursor_offset = self.offsets.from_qt(self.textCursor().position())
            rows = self.index.rows()
            after = [s for s in rows if s.start >= cursor_offset]
            before = [s for s in rows if s.start < cursor_offset]
            pick = (after[0] if after else rows[0]) if step > 0 else (before[-1] if before else rows[-1])
            target = pick.id
        self.clear_selection()
        self.select_span(target)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        span_id = self.highlighter.selected_span_id
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and modifiers in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.ShiftModifier,
        ):
            self.step_span(-1 if key == Qt.Key.Key_Backtab or modifiers else 1)
            return
        if span_id and not self.textCursor().hasSelection():
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and modifiers == Qt.KeyboardModifier.NoModifier:
                self.noteRequested.emit(span_id)
                return
            if (
                key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and modifiers == Qt.KeyboardModifier.ControlModifier
                and span_id in self.flagged
            ):
                self.flagAcceptRequested.emit(span_id)
                return
            if key == Qt.Key.Key_Escape:
                self.select_span(None)
                return
            pressed = QKeySequence(QKeyCombination(modifiers, Qt.Key(key))).toString(
                QKeySequence.SequenceFormat.PortableText
            )
            edge = self.edge_keys.get(pressed)
            if edge is not None:
                span = self.index.get(span_id)
                if span is not None:
                    start, end = span.start + edge[0], span.end + edge[1]
                    if 0 <= start < end <= self.offsets.length:
                        self.resizeRequested.emit(span_id, start, end)
                return
        super().keyPressEvent(event)

    def set_edge_keys(self, keys: dict[str, tuple[int, int]]) -> None:
        self.edge_keys = dict(keys)

    def set_zoom(self, steps: int) -> None:
        """The text ``steps`` points larger (or smaller) than the reading size."""
        font = QFont(self.font())
        font.setPointSizeF(max(self.base_points + steps, 6.0))
        self.setFont(font)
        self._fit_margins()
        layout = self.document().documentLayout()
        if isinstance(layout, SpacedLayout):
            layout.spacing = QFontMetricsF(font).height() * PARAGRAPH_SPACING
            layout.requestUpdate()

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab belongs to span navigation here, not to focus changes.
        return False

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
                QToolTip.showText(event.globalPos(), span_tooltip(spans, self.flagged), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)


def span_tooltip(spans: list[Span], flagged: dict[str, str] | None = None) -> str:
    rows = []
    for span in spans:
        note = f"<br><i>{html.escape(span.note)}</i>" if span.note else ""
        reason = (flagged or {}).get(span.id)
        warning = (
            f"<br><span style='color:#c62828'>⚠ needs review: {html.escape(reason)} "
            "(Ctrl+Enter keeps it here)</span>"
            if reason is not None
            else ""
        )
        rows.append(f"<b>{html.escape(span.label)}</b> · {html.escape(span.annotator)}{note}{warning}")
    return "<br>".join(rows)
