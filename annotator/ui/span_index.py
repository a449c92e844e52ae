"""Spans of one document, indexed for the text view: by Qt block for painting, by position for hit tests.

Pure Python (no Qt) so the geometry is tested without a display. Block boundaries come from the caller
as the Qt position where each block starts.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from annotator.domain.models import Span
from annotator.ui.offsets import OffsetMap


class PlacedSpan(NamedTuple):
    """A span with its Qt range, ready to paint. (A tuple: an article's 10,000 are built in milliseconds.)"""

    span: Span
    qt_start: int
    qt_end: int


class SpanIndex:
    def __init__(self, offsets: OffsetMap, block_starts: list[int]) -> None:
        self._offsets = offsets
        if not block_starts or block_starts[0] != 0:
            raise ValueError("block starts must begin with 0, where the first block starts")
        self._block_starts = block_starts
        self._placed: dict[str, PlacedSpan] = {}
        self._by_block: dict[int, list[PlacedSpan]] = {}

    def __len__(self) -> int:
        return len(self._placed)

    def spans(self) -> list[Span]:
        return [placed.span for placed in self._placed.values()]

    def get(self, span_id: str) -> Span | None:
        placed = self._placed.get(span_id)
        return placed.span if placed else None

    def block_of(self, qt_position: int) -> int:
        return max(0, bisect_right(self._block_starts, qt_position) - 1)

    def blocks_of(self, placed: PlacedSpan) -> range:
        return range(
            self.block_of(placed.qt_start), self.block_of(max(placed.qt_start, placed.qt_end - 1)) + 1
        )

    def add(self, span: Span) -> range:
        """Index a span; returns the blocks that must be repainted."""
        self.remove(span.id)
        qt_start, qt_end = self._offsets.range_to_qt(span.start, span.end)
        placed = PlacedSpan(span, qt_start, qt_end)
        self._placed[span.id] = placed
        blocks = self.blocks_of(placed)
        for block in blocks:
            self._by_block.setdefault(block, []).append(placed)
        return blocks

    def remove(self, span_id: str) -> range:
        placed = self._placed.pop(span_id, None)
        if placed is None:
            return range(0)
        blocks = self.blocks_of(placed)
        for block in blocks:
            entries = self._by_block[block]
            # By identity: comparing tuples would compare the spans inside them field by field.
            del entries[next(n for n, entry in enumerate(entries) if entry is placed)]
            if not entries:
                del self._by_block[block]
        return blocks

    def replace_all(self, spans: list[Span]) -> None:
        """Index a whole article's spans at once (what ``add`` does, inlined: 10,000 spans in ~20 ms)."""
        self._placed.clear()
        self._by_block.clear()
        to_qt = self._offsets.to_qt
        starts = self._block_starts
        by_block = self._by_block
        make = tuple.__new__  # the NamedTuple's own constructor is a Python function: a third slower
        for span in spans:
            if span.id in self._placed:
                self.remove(span.id)
            qt_start, qt_end = to_qt(span.start), to_qt(span.end)
            placed = make(PlacedSpan, (span, qt_start, qt_end))
            self._placed[span.id] = placed
            # Blocks start at 0 and spans are never empty, so no clamping (max() was a fifth of the time).
            first = bisect_right(starts, qt_start) - 1
            last = bisect_right(starts, qt_end - 1) - 1
            for block in range(first, last + 1):
                entries = by_block.get(block)
                if entries is None:
                    by_block[block] = [placed]
                else:
                    entries.append(placed)

    def in_block(self, block: int) -> list[PlacedSpan]:
        return self._by_block.get(block, [])

    def at(self, qt_position: int) -> list[Span]:
        """Spans covering the character at ``qt_position``, shortest first (the one a click means)."""
        hits = [p for p in self.in_block(self.block_of(qt_position)) if p.qt_start <= qt_position < p.qt_end]
        hits.sort(key=lambda p: (p.qt_end - p.qt_start, p.qt_start, p.span.id))
        return [p.span for p in hits]

    def qt_range(self, span_id: str) -> tuple[int, int] | None:
        placed = self._placed.get(span_id)
        return (placed.qt_start, placed.qt_end) if placed else None
