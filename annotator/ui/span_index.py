"""Spans of one document, indexed for the text view: by Qt block for painting, by position for hit tests.

Pure Python (no Qt) so the geometry is tested without a display. Block boundaries come from the caller
as the Qt position where each block starts. Spans are held as plain rows (``SpanRow``); ``get`` and
``spans`` hand out ``Span`` models for the code that acts on one.

Opening an article only sorts its rows by start. A block's spans are looked up (and placed in Qt
positions) the first time the block is asked for, normally because it comes on screen: two bisects
find the spans starting up to ``reach`` characters before the block and the few much longer spans are
checked one by one. An article of 10,000 spans is indexed in a few milliseconds, whatever its length.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from operator import attrgetter, sub
from typing import NamedTuple

from annotator.domain.models import Span
from annotator.services.reading import SpanRow, span_row, spans_of_rows
from annotator.storage.trusted import collector_paused
from annotator.ui.offsets import OffsetMap

# Start, end, label, id: the order of the span list and of Tab. A key in C: it sorts 10,000 rows per open.
READING_ORDER = attrgetter("start", "end", "label", "id")
# Spans longer than this (in code points) are kept apart and checked against every block asked for, so
# that one span over a whole chapter does not widen the search for all the others.
LONG_SPAN = 1000


class PlacedSpan(NamedTuple):
    """A span with its Qt range, ready to paint."""

    span: SpanRow
    qt_start: int
    qt_end: int


class SpanIndex:
    def __init__(self, offsets: OffsetMap, block_starts: list[int]) -> None:
        self._offsets = offsets
        if not block_starts or block_starts[0] != 0:
            raise ValueError("block starts must begin with 0, where the first block starts")
        self._block_starts = block_starts
        self._by_id: dict[str, SpanRow] = {}
        self._ordered: list[SpanRow] = []  # in READING_ORDER
        self._starts: list[int] = []  # the start of each row of _ordered
        self._long: list[SpanRow] = []  # spans longer than LONG_SPAN
        self._reach = 0  # no span outside _long is longer than this
        self._by_block: dict[int, list[PlacedSpan]] = {}  # blocks looked up so far

    def __len__(self) -> int:
        return len(self._by_id)

    def rows(self) -> list[SpanRow]:
        """Every span, in reading order (a copy: the index changes as spans are added and removed)."""
        return list(self._ordered)

    def spans(self) -> list[Span]:
        return spans_of_rows(self._ordered)

    def row(self, span_id: str) -> SpanRow | None:
        """The span's row as read, without building a model (for lists that look up thousands)."""
        return self._by_id.get(span_id)

    def get(self, span_id: str) -> Span | None:
        row = self._by_id.get(span_id)
        return spans_of_rows([row])[0] if row else None

    def block_of(self, qt_position: int) -> int:
        return max(0, bisect_right(self._block_starts, qt_position) - 1)

    def _blocks_of(self, row: SpanRow) -> range:
        qt_start, qt_end = self._offsets.range_to_qt(row.start, row.end)
        return range(self.block_of(qt_start), self.block_of(max(qt_start, qt_end - 1)) + 1)

    def add(self, span: Span) -> range:
        """Index a span; returns the blocks that must be repainted."""
        self.remove(span.id)
        row = span_row(span)
        self._by_id[row.id] = row
        at = bisect_right(self._ordered, READING_ORDER(row), key=READING_ORDER)
        self._ordered.insert(at, row)
        self._starts.insert(at, row.start)
        if row.end - row.start > LONG_SPAN:
            self._long.append(row)
        else:
            self._reach = max(self._reach, row.end - row.start)
        return self._forget(self._blocks_of(row))

    def remove(self, span_id: str) -> range:
        row = self._by_id.pop(span_id, None)
        if row is None:
            return range(0)
        at = bisect_left(self._ordered, READING_ORDER(row), key=READING_ORDER)
        del self._ordered[at]  # the id is part of the key, so this is the row
        del self._starts[at]
        if row.end - row.start > LONG_SPAN:
            self._long.remove(row)
        return self._forget(self._blocks_of(row))

    def _forget(self, blocks: range) -> range:
        for block in blocks:
            self._by_block.pop(block, None)
        return blocks

    def replace_all(self, rows: Iterable[SpanRow]) -> None:
        """Index a whole article's spans at once (in any order; the last of a repeated id wins, as in add)."""
        by_id = {row.id: row for row in rows}
        with collector_paused():  # the sort's 10,000 keys would set the cycle collector off again and again
            ordered = sorted(by_id.values(), key=READING_ORDER)
        self._by_id = by_id
        self._ordered = ordered
        self._starts = [row.start for row in ordered]
        lengths = list(map(sub, [row.end for row in ordered], self._starts))
        self._reach = min(max(lengths, default=0), LONG_SPAN)
        long = self._reach == LONG_SPAN
        self._long = [row for row in ordered if row.end - row.start > LONG_SPAN] if long else []
        self._by_block = {}

    def in_block(self, block: int) -> list[PlacedSpan]:
        """The spans that cover part of ``block``, in reading order."""
        placed = self._by_block.get(block)
        if placed is None:
            placed = self._by_block[block] = self._look_up(block)
        return placed

    def _look_up(self, block: int) -> list[PlacedSpan]:
        starts = self._block_starts
        if not 0 <= block < len(starts):
            return []
        from_qt = self._offsets.from_qt
        first = from_qt(starts[block])
        # A block ends where the next begins; the last one at the end of the text.
        end = from_qt(starts[block + 1]) if block + 1 < len(starts) else self._offsets.length + 1
        low = bisect_left(self._starts, first - self._reach)
        high = bisect_left(self._starts, end)
        rows = [row for row in self._ordered[low:high] if row.end > first]
        # Long spans starting inside that window are among those rows already.
        earlier = [row for row in self._long if row.start < first - self._reach and row.end > first]
        if earlier:
            rows = sorted(rows + earlier, key=READING_ORDER)
        to_qt, to_qt_end = self._offsets.to_qt, self._offsets.to_qt_end
        return [PlacedSpan(row, to_qt(row.start), to_qt_end(row.end)) for row in rows]

    def at(self, qt_position: int) -> list[Span]:
        """Spans covering the character at ``qt_position``, shortest first (the one a click means)."""
        hits = [p for p in self.in_block(self.block_of(qt_position)) if p.qt_start <= qt_position < p.qt_end]
        hits.sort(key=lambda p: (p.qt_end - p.qt_start, p.qt_start, p.span.id))
        return spans_of_rows([p.span for p in hits])

    def qt_range(self, span_id: str) -> tuple[int, int] | None:
        row = self._by_id.get(span_id)
        return self._offsets.range_to_qt(row.start, row.end) if row else None
