"""Paints spans into the article view, one text block at a time, as blocks come on screen.

The view calls ``highlight_blocks`` before each paint with the blocks about to be shown; those not yet
formatted get their spans' formats (``QTextLayout.setFormats``, as a QSyntaxHighlighter would set them),
the rest of the article stays plain until it is scrolled to. Nothing is done per block when an article
opens: a QSyntaxHighlighter would be called for each of a long article's thousands of blocks (a sixth of
the time it took to open), only to leave them plain. With the per-block index each block looks only at
its own few spans. Overlapping spans blend their colours; the view adds one bar per span under the text
(overlap_painter). Colleagues' spans are paler with a dotted underline; in review mode an underline says
how each span compares with the other pane (drawn by ``review_marks``).
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtGui import QColor, QTextBlock, QTextCharFormat, QTextDocument, QTextLayout

from annotator.domain.layer_diff import Agreement
from annotator.ui.span_index import PlacedSpan, SpanIndex

Underline = QTextCharFormat.UnderlineStyle

# Review marks, worst first: a segment covered by several spans takes the worst one.
_SEVERITY = [Agreement.ONLY, Agreement.LABEL, Agreement.BOUNDARY, Agreement.AGREED]

FormatKey = tuple[tuple[str, ...], bool, bool, Agreement | None]


def _blend(colours: list[QColor], alpha: float) -> QColor:
    red = sum(c.redF() for c in colours) / len(colours)
    green = sum(c.greenF() for c in colours) / len(colours)
    blue = sum(c.blueF() for c in colours) / len(colours)
    return QColor.fromRgbF(red, green, blue, alpha)


class SpanHighlighter:
    """Formats the blocks of one view's document as they come on screen (not a QSyntaxHighlighter)."""

    def __init__(self, document: QTextDocument, index: SpanIndex) -> None:
        self._document = document
        self.index = index
        self.colours: dict[str, QColor] = {}
        self.selected_span_id: str | None = None
        self.own_annotator: str | None = None  # spans of anyone else are drawn as read-only
        self.marks: dict[str, Agreement] = {}
        self._formats: dict[FormatKey, QTextCharFormat] = {}
        self._window = range(0)  # block numbers on screen at the last paint
        # Blocks whose formats match the index; any other block is plain or formatted from an older state,
        # and is formatted again before it is painted.
        self._current: set[int] = set()

    def reset(self, index: SpanIndex) -> None:
        """The document holds a new text (no block formatted yet), with the spans of ``index``."""
        self.index = index
        self._window = range(0)
        self._current.clear()

    def highlight_blocks(self, first: int, count: int) -> None:
        """Blocks ``first`` to ``first + count - 1`` are about to be painted: format those not current."""
        self._window = range(max(first, 0), max(first, 0) + count)
        for number in self._window:
            if number not in self._current:
                block = self._document.findBlockByNumber(number)
                if not block.isValid():
                    break
                self._highlight(block)

    def rehighlight(self) -> None:
        """Colours or marks changed: format the blocks on screen again now, the others when shown."""
        self._current.clear()
        self.highlight_blocks(self._window.start, len(self._window))

    def rehighlight_block(self, block: QTextBlock) -> None:
        """The spans of ``block`` changed: format it again now if it is on screen, else when it is."""
        number = block.blockNumber()
        self._current.discard(number)
        if number in self._window:
            self._highlight(block)

    def set_colours(self, colours: dict[str, QColor]) -> None:
        self.colours = colours
        self._formats.clear()

    def _format(self, key: FormatKey) -> QTextCharFormat:
        cached = self._formats.get(key)
        if cached is not None:
            return cached
        labels, selected, foreign, mark = key
        colours = [self.colours.get(label, QColor("#9e9e9e")) for label in labels]
        fmt = QTextCharFormat()
        alpha = 0.85 if selected else (0.25 if foreign and mark is None else 0.45)
        fmt.setBackground(_blend(colours, alpha))
        if mark is not None:
            pass  # review marks are shapes in the gutter and bars under the text, never in label colours
        elif foreign:
            fmt.setUnderlineStyle(Underline.DotLine)
            fmt.setUnderlineColor(colours[0].darker(160))
        if selected:
            fmt.setFontUnderline(True)  # in the text colour, so it shows on light and dark palettes
        self._formats[key] = fmt
        return fmt

    def _key(self, covering: list[PlacedSpan]) -> FormatKey:
        # Called for every segment of every block when an article opens: plain loops, no generators.
        own = self.own_annotator
        chosen = self.selected_span_id
        if len(covering) == 1:  # most segments of an article
            span = covering[0].span
            mark = self.marks.get(span.id) if self.marks else None
            return (span.label,), span.id == chosen, own is not None and span.annotator != own, mark
        labels = set()
        selected = False
        foreign = own is not None
        for placed in covering:
            span = placed.span
            labels.add(span.label)
            selected = selected or span.id == chosen
            foreign = foreign and span.annotator != own
        marks = [self.marks[p.span.id] for p in covering if p.span.id in self.marks] if self.marks else []
        mark = min(marks, key=_SEVERITY.index) if marks else None
        return tuple(sorted(labels)), selected, foreign, mark

    def _highlight(self, block: QTextBlock) -> None:
        self._current.add(block.blockNumber())
        ranges = self._ranges(block)
        layout = block.layout()
        if not ranges and not layout.formats():
            return  # plain, and it stays plain
        layout.setFormats(ranges)
        self._document.markContentsDirty(block.position(), block.length())  # laid out and painted again

    def _ranges(self, block: QTextBlock) -> list[QTextLayout.FormatRange]:
        entries = self.index.in_block(block.blockNumber())
        if not entries:
            return []
        base = block.position()
        length = block.length() - 1  # without the paragraph separator
        # Block-relative, clamped ranges; each segment between two cuts is painted with the format of the
        # spans covering it. Blocks hold a handful of spans, so a scan per segment beats any bookkeeping.
        ranges = []
        cuts = set()
        for placed in entries:
            left = min(max(placed.qt_start - base, 0), length)
            right = min(max(placed.qt_end - base, 0), length)
            if left < right:
                ranges.append((left, right, placed))
                cuts.add(left)
                cuts.add(right)
        if len(ranges) == 1:
            left, right, placed = ranges[0]
            return [_format_range(left, right, self._format(self._key([placed])))]
        formatted: list[QTextLayout.FormatRange] = []
        for left, right in pairwise(sorted(cuts)):
            covering = [placed for start, end, placed in ranges if start <= left and end >= right]
            if not covering:
                continue
            fmt = self._format(self._key(covering))
            last = formatted[-1] if formatted else None
            if last is not None and last.start + last.length == left and last.format == fmt:
                last.length = right - last.start  # one run, as Qt's own highlighter would set it
            else:
                formatted.append(_format_range(left, right, fmt))
        return formatted


def _format_range(left: int, right: int, fmt: QTextCharFormat) -> QTextLayout.FormatRange:
    format_range = QTextLayout.FormatRange()
    format_range.start = left
    format_range.length = right - left
    format_range.format = fmt
    return format_range
