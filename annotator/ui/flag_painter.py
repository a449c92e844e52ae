"""Spans flagged for review (their article's text changed and they could not be re-anchored exactly)
get a red dashed outline, drawn over whatever colours they have."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock

from annotator.ui.span_geometry import line_segments
from annotator.ui.span_index import PlacedSpan

FLAG_COLOUR = QColor("#c62828")


def paint_flagged(
    painter: QPainter, block: QTextBlock, top: float, spans: list[PlacedSpan], flagged: set[str]
) -> None:
    marked = [p for p in spans if p.span.id in flagged]
    if not marked:
        return
    painter.setPen(QPen(FLAG_COLOUR, 1.5, Qt.PenStyle.DashLine))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for _placed, rect in line_segments(block, top, marked):
        painter.drawRect(rect.adjusted(-1, 0, 1, 0))
