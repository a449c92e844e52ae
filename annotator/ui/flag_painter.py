"""Spans flagged for review (their article's text changed and they could not be re-anchored exactly)
get a red dashed outline, drawn over whatever colours they have."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock, QTextLine

from annotator.ui.span_index import PlacedSpan

FLAG_COLOUR = QColor("#c62828")


def _x_of(line: QTextLine, position: int) -> float:
    x, _ = cast(tuple[float, int], line.cursorToX(position))
    return x


def paint_flagged(
    painter: QPainter, block: QTextBlock, top: float, spans: list[PlacedSpan], flagged: set[str]
) -> None:
    marked = [p for p in spans if p.span.id in flagged]
    if not marked:
        return
    pen = QPen(FLAG_COLOUR, 1.5, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    layout = block.layout()
    base = block.position()
    for number in range(layout.lineCount()):
        line = layout.lineAt(number)
        line_start = line.textStart()
        line_end = line_start + line.textLength()
        for placed in marked:
            start = max(placed.qt_start - base, line_start)
            end = min(placed.qt_end - base, line_end)
            if start >= end:
                continue
            left, right = _x_of(line, start), _x_of(line, end)
            painter.drawRect(QRectF(left - 1, top + line.y(), max(right - left, 2.0) + 2, line.height()))
