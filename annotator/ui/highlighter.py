"""Paints spans into the article view, one text block at a time.

Qt asks a QSyntaxHighlighter for every block of the document whenever it rehighlights (on opening an
article, on a colour change), but only the blocks on screen need formats. So blocks outside the window
the view last painted are left plain and remembered; the view calls ``highlight_blocks`` before each
paint and those that come into view are formatted then. With the per-block index each block looks only
at its own few spans: an article of 1 MB with 10,000 spans opens in the time its first screen takes.
Overlapping spans blend their colours; the view adds one bar per span under the text (overlap_painter).
Colleagues' spans are paler with a dotted underline; in review mode an underline says how each span
compares with the other pane (see ``MARK_STYLES``).
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotator.domain.layer_diff import Agreement
from annotator.ui.span_index import PlacedSpan, SpanIndex

Underline = QTextCharFormat.UnderlineStyle

# Review marks, worst first: a segment covered by several spans shows the worst one.
MARK_STYLES: dict[Agreement, tuple[Underline, str]] = {
    Agreement.ONLY: (Underline.DotLine, "#8e24aa"),
    Agreement.LABEL: (Underline.WaveUnderline, "#d32f2f"),
    Agreement.BOUNDARY: (Underline.DashUnderline, "#ef6c00"),
    Agreement.AGREED: (Underline.NoUnderline, "#2e7d32"),
}
_SEVERITY = list(MARK_STYLES)

FormatKey = tuple[tuple[str, ...], bool, bool, Agreement | None]


def _blend(colours: list[QColor], alpha: float) -> QColor:
    red = sum(c.redF() for c in colours) / len(colours)
    green = sum(c.greenF() for c in colours) / len(colours)
    blue = sum(c.blueF() for c in colours) / len(colours)
    return QColor.fromRgbF(red, green, blue, alpha)


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, index: SpanIndex) -> None:
        super().__init__(document)
        self.index = index
        self.colours: dict[str, QColor] = {}
        self.selected_span_id: str | None = None
        self.own_annotator: str | None = None  # spans of anyone else are drawn as read-only
        self.marks: dict[str, Agreement] = {}
        self._formats: dict[FormatKey, QTextCharFormat] = {}
        self._window = range(0)  # block numbers on screen at the last paint
        self._pending: set[int] = set()  # blocks left plain because they were off screen

    def highlight_blocks(self, first: int, count: int) -> None:
        """Blocks ``first`` to ``first + count - 1`` are about to be painted: format those left plain.

        Until the next call, blocks in that window are formatted as soon as Qt asks; others wait.
        """
        self._window = range(max(first, 0), max(first, 0) + count)
        document = self.document()
        for number in sorted(self._pending.intersection(self._window)):
            block = document.findBlockByNumber(number) if document is not None else None
            if block is not None and block.isValid():
                self.rehighlightBlock(block)  # highlightBlock takes it off the pending set
            else:
                self._pending.discard(number)

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
            style, colour = MARK_STYLES[mark]
            fmt.setUnderlineStyle(style)
            fmt.setUnderlineColor(QColor(colour))
        elif foreign:
            fmt.setUnderlineStyle(Underline.DotLine)
            fmt.setUnderlineColor(colours[0].darker(160))
        if selected:
            fmt.setFontUnderline(True)  # in the text colour, so it shows on light and dark palettes
            if mark is not None:
                fmt.setUnderlineStyle(MARK_STYLES[mark][0])
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

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        number = block.blockNumber()
        if number not in self._window:
            # Left for later without asking the index, which looks a block's spans up on first use.
            self._pending.add(number)
            return
        self._pending.discard(number)
        entries = self.index.in_block(number)
        if not entries:
            return
        base = block.position()
        length = len(text.encode("utf-16-le")) // 2
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
            self.setFormat(left, right - left, self._format(self._key([placed])))
            return
        for left, right in pairwise(sorted(cuts)):
            covering = [placed for start, end, placed in ranges if start <= left and end >= right]
            if covering:
                self.setFormat(left, right - left, self._format(self._key(covering)))
