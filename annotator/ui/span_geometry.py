"""Where a span lies on screen: one rectangle per laid-out line it covers, for the painters over the text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple, cast

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextBlock, QTextLine

from annotator.ui.span_index import PlacedSpan


class Segment(NamedTuple):
    placed: PlacedSpan
    rect: QRectF  # the span's part of one line: from its first to its last character, full line height


def _x_of(line: QTextLine, position: int) -> float:
    x, _ = cast(tuple[float, int], line.cursorToX(position))
    return x


def line_segments(block: QTextBlock, top: float, spans: list[PlacedSpan]) -> Iterator[Segment]:
    """The on-screen pieces of ``spans`` in ``block``, whose top is at ``top`` in viewport coordinates."""
    layout = block.layout()
    base = block.position()
    for number in range(layout.lineCount()):
        line = layout.lineAt(number)
        line_start = line.textStart()
        line_end = line_start + line.textLength()
        for placed in spans:
            start = max(placed.qt_start - base, line_start)
            end = min(placed.qt_end - base, line_end)
            if start < end:
                left, right = _x_of(line, start), _x_of(line, end)
                yield Segment(placed, QRectF(left, top + line.y(), max(right - left, 1.0), line.height()))
