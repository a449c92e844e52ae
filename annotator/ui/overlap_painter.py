"""Marks that keep overlapping spans readable: one thin bar per span under the text, stacked in lanes.

The highlighter blends the fill where spans overlap; these bars say which labels meet there and where
each span begins and ends. Only blocks on screen are measured, so the cost does not grow with the article.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QTextBlock, QTextLine

from annotator.ui.span_index import PlacedSpan

BAR_HEIGHT = 2.0
LANE_STEP = 3.0


def assign_lanes(spans: list[PlacedSpan]) -> dict[str, int]:
    """Greedy interval colouring: overlapping spans get different lanes, non-overlapping ones share lane 0."""
    lane_ends: list[int] = []
    lanes: dict[str, int] = {}
    for placed in sorted(spans, key=lambda p: (p.qt_start, -p.qt_end, p.span.id)):
        for lane, end in enumerate(lane_ends):
            if end <= placed.qt_start:
                lane_ends[lane] = placed.qt_end
                lanes[placed.span.id] = lane
                break
        else:
            lanes[placed.span.id] = len(lane_ends)
            lane_ends.append(placed.qt_end)
    return lanes


def overlapping(spans: list[PlacedSpan]) -> list[PlacedSpan]:
    """The spans that share at least one character with another span."""
    ordered = sorted(spans, key=lambda p: (p.qt_start, p.qt_end))
    result: set[str] = set()
    reach: PlacedSpan | None = None
    for placed in ordered:
        if reach is not None and placed.qt_start < reach.qt_end:
            result.update((placed.span.id, reach.span.id))
        if reach is None or placed.qt_end > reach.qt_end:
            reach = placed
    return [p for p in ordered if p.span.id in result]


def _x_of(line: QTextLine, position: int) -> float:
    x, _ = cast(tuple[float, int], line.cursorToX(position))
    return x


def paint_block_bars(
    painter: QPainter,
    block: QTextBlock,
    top: float,
    spans: list[PlacedSpan],
    colours: dict[str, QColor],
) -> None:
    marked = overlapping(spans)
    if not marked:
        return
    lanes = assign_lanes(marked)
    layout = block.layout()
    base = block.position()
    for line_number in range(layout.lineCount()):
        line = layout.lineAt(line_number)
        line_start = line.textStart()
        line_end = line_start + line.textLength()
        bottom = top + line.y() + line.height()
        for placed in marked:
            start = max(placed.qt_start - base, line_start)
            end = min(placed.qt_end - base, line_end)
            if start >= end:
                continue
            left = _x_of(line, start)
            right = _x_of(line, end)
            y = bottom - BAR_HEIGHT - LANE_STEP * lanes[placed.span.id]
            colour = colours.get(placed.span.label, QColor("#9e9e9e")).darker(115)
            painter.fillRect(QRectF(left, y, max(right - left, 1.0), BAR_HEIGHT), colour)


def paint_mark_bars(
    painter: QPainter,
    block: QTextBlock,
    top: float,
    spans: list[PlacedSpan],
    colours: dict[str, QColor],
) -> None:
    """Review marks: a bar in the mark's colour under each span that differs from the other pane."""
    layout = block.layout()
    base = block.position()
    for line_number in range(layout.lineCount()):
        line = layout.lineAt(line_number)
        line_start = line.textStart()
        line_end = line_start + line.textLength()
        bottom = top + line.y() + line.height()
        for placed in spans:
            colour = colours.get(placed.span.id)
            start = max(placed.qt_start - base, line_start)
            end = min(placed.qt_end - base, line_end)
            if colour is None or start >= end:
                continue
            left, right = _x_of(line, start), _x_of(line, end)
            painter.fillRect(QRectF(left, bottom - BAR_HEIGHT, max(right - left, 1.0), BAR_HEIGHT), colour)
