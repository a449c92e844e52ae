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


def block_bars(block: QTextBlock, spans: list[PlacedSpan]) -> list[tuple[QRectF, str]]:
    """The overlap bars of one block, relative to the block's top: (rectangle, label) each."""
    marked = overlapping(spans)
    if not marked:
        return []
    lanes = assign_lanes(marked)
    bars = []
    for placed, rect in line_segments(block, 0.0, marked):
        y = rect.bottom() - BAR_HEIGHT - LANE_STEP * lanes[placed.span.id]
        bars.append((QRectF(rect.left(), y, rect.width(), BAR_HEIGHT), placed.span.label))
    return bars


class BarCache:
    """Overlap bars per block, measured once and painted from memory until the block's spans or its
    layout change: measuring asks Qt for the x of every span end on every line, on every paint."""

    def __init__(self) -> None:
        self._bars: dict[int, tuple[object, list[tuple[QRectF, str]]]] = {}

    def clear(self) -> None:
        self._bars.clear()

    def paint(
        self,
        painter: QPainter,
        block: QTextBlock,
        top: float,
        spans: list[PlacedSpan],
        colours: dict[str, QColor],
    ) -> None:
        layout = block.layout()
        key = (
            block.revision(),
            layout.lineCount(),
            layout.lineAt(0).width() if layout.lineCount() else 0.0,
            layout.boundingRect().height(),  # a new font size lays the lines out again
            tuple((p.span.id, p.qt_start, p.qt_end, p.span.label) for p in spans),
        )
        cached = self._bars.get(block.blockNumber())
        if cached is None or cached[0] != key:
            cached = self._bars[block.blockNumber()] = (key, block_bars(block, spans))
        for rect, label in cached[1]:
            colour = colours.get(label, QColor("#9e9e9e")).darker(115)
            painter.fillRect(rect.translated(0.0, top), colour)


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
