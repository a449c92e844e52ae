"""Review marks that read apart from label colours: a shape per kind of difference in a gutter beside the
text (≠ label, ↔ boundary, + only on this side, ✓ agreed), and the current place outlined in the text
colour with ▶ in the gutter, a look no span has."""

from __future__ import annotations

from typing import Protocol, cast

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen, QTextBlock
from PySide6.QtWidgets import QWidget

from annotator.domain.layer_diff import Agreement
from annotator.ui.highlighter import SpanHighlighter
from annotator.ui.offsets import OffsetMap
from annotator.ui.span_index import SpanIndex


class MarkedView(Protocol):
    """What the marks need of the article view."""

    highlighter: SpanHighlighter
    index: SpanIndex
    offsets: OffsetMap
    current_place: tuple[int, int] | None

    def contentOffset(self) -> QPointF: ...
    def firstVisibleBlock(self) -> QTextBlock: ...
    def blockBoundingGeometry(self, block: QTextBlock) -> QRectF: ...
    def viewport(self) -> QWidget: ...
    def palette(self) -> QPalette: ...
    def fontMetrics(self) -> QFontMetrics: ...


# Worst first: where several marks meet on a line, the worst is drawn first.
MARK_SHAPES: dict[Agreement, tuple[str, str]] = {
    Agreement.LABEL: ("≠", "#d32f2f"),
    Agreement.BOUNDARY: ("↔", "#ef6c00"),
    Agreement.ONLY: ("+", "#8e24aa"),
    Agreement.AGREED: ("✓", "#2e7d32"),
}
CURRENT = "▶"
GUTTER_WIDTH = 44


def range_rects(block: QTextBlock, top: float, qt_start: int, qt_end: int) -> list[QRectF]:
    """The on-screen pieces of a Qt range in ``block``, one per laid-out line."""
    layout = block.layout()
    base = block.position()
    rects = []
    for number in range(layout.lineCount()):
        line = layout.lineAt(number)
        start = max(qt_start - base, line.textStart())
        end = min(qt_end - base, line.textStart() + line.textLength())
        if start < end:
            left = cast(tuple[float, int], line.cursorToX(start))[0]
            right = cast(tuple[float, int], line.cursorToX(end))[0]
            rects.append(QRectF(left, top + line.y(), max(right - left, 1.0), line.height()))
    return rects


def paint_current_place(painter: QPainter, view: MarkedView) -> None:
    """An outline in the text colour around the place being decided, dashed, on every line it covers."""
    place = view.current_place
    if place is None:
        return
    qt_start, qt_end = view.offsets.range_to_qt(*place)
    pen = QPen(view.palette().color(QPalette.ColorRole.Text), 2, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    offset = view.contentOffset()
    block = view.firstVisibleBlock()
    while block.isValid():
        top = view.blockBoundingGeometry(block).translated(offset).top()
        if top > view.viewport().height():
            break
        if block.position() < qt_end and qt_start < block.position() + block.length():
            for rect in range_rects(block, top, qt_start, qt_end):
                painter.drawRect(rect.adjusted(-2, 0, 2, 0))
        block = block.next()


class MarkGutter(QWidget):
    """The strip beside an article's text in review mode; the view places it and asks it to repaint."""

    def __init__(self, view: MarkedView, parent: QWidget) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("review-gutter")
        self.hide()

    def shapes(self) -> list[tuple[float, str, str]]:
        """(y, glyph, colour) for every mark on screen: one per span, on the line where it starts."""
        view = self.view
        marks = view.highlighter.marks
        found: list[tuple[float, str, str]] = []
        offset = view.contentOffset()
        block = view.firstVisibleBlock()
        while block.isValid():
            top = view.blockBoundingGeometry(block).translated(offset).top()
            if top > view.viewport().height():
                break
            for placed in view.index.in_block(block.blockNumber()):
                mark = marks.get(placed.span.id)
                if (
                    mark is None
                    or not block.position() <= placed.qt_start < block.position() + block.length()
                ):
                    continue
                rects = range_rects(block, top, placed.qt_start, placed.qt_end)
                if rects:
                    glyph, colour = MARK_SHAPES[mark]
                    found.append((rects[0].top(), glyph, colour))
            if view.current_place is not None:
                qt_start, _ = view.offsets.range_to_qt(*view.current_place)
                if block.position() <= qt_start < block.position() + block.length():
                    rects = range_rects(block, top, qt_start, qt_start + 1)
                    if rects:
                        text = view.palette().color(QPalette.ColorRole.Text).name()
                        found.append((rects[0].top(), CURRENT, text))
            block = block.next()
        return found

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.AlternateBase))
        line = self.view.fontMetrics().height()
        used: dict[int, int] = {}  # glyphs already drawn on a line
        for y, glyph, colour in sorted(self.shapes(), key=lambda s: (s[0], s[1] != CURRENT)):
            column = used.get(round(y), 0)
            used[round(y)] = column + 1
            if column > 2:
                continue  # three shapes per line say enough; the list in the Review panel has them all
            painter.setPen(QColor(colour))
            x = 2 + column * (GUTTER_WIDTH - 4) / 3
            painter.drawText(
                QRectF(QPointF(x, y), QPointF(x + (GUTTER_WIDTH - 4) / 3, y + line)),
                Qt.AlignmentFlag.AlignCenter,
                glyph,
            )
        painter.end()
