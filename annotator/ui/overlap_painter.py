"""Marks that keep overlapping spans readable: one thin bar per span under the text, stacked in lanes.

The highlighter blends the fill where spans overlap; these bars say which labels meet there and where
each span begins and ends. Only blocks on screen are measured, so the cost does not grow with the article.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QTextBlock

from annotator.ui.span_geometry import line_segments
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
    for placed, rect in line_segments(block, top, marked):
        y = rect.bottom() - BAR_HEIGHT - LANE_STEP * lanes[placed.span.id]
        colour = colours.get(placed.span.label, QColor("#9e9e9e")).darker(115)
        painter.fillRect(QRectF(rect.left(), y, rect.width(), BAR_HEIGHT), colour)


def paint_mark_bars(
    painter: QPainter,
    block: QTextBlock,
    top: float,
    spans: list[PlacedSpan],
    colours: dict[str, QColor],
) -> None:
    """Review marks: a bar in the mark's colour under each span that differs from the other pane."""
    marked = [p for p in spans if p.span.id in colours]
    for placed, rect in line_segments(block, top, marked):
        painter.fillRect(
            QRectF(rect.left(), rect.bottom() - BAR_HEIGHT, rect.width(), BAR_HEIGHT), colours[placed.span.id]
        )
