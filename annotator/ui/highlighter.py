"""Paints spans into the article view, one text block at a time.

A QSyntaxHighlighter asks only for the blocks Qt lays out, and the per-block index means each call looks
at the few spans in that block, so a long article with thousands of spans opens and repaints quickly.
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
        labels = tuple(sorted({p.span.label for p in covering}))
        selected = any(p.span.id == self.selected_span_id for p in covering)
        foreign = self.own_annotator is not None and all(
            p.span.annotator != self.own_annotator for p in covering
        )
        marks = [self.marks[p.span.id] for p in covering if p.span.id in self.marks]
        mark = min(marks, key=_SEVERITY.index) if marks else None
        return labels, selected, foreign, mark

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        entries = self.index.in_block(block.blockNumber())
        if not entries:
            return
        base = block.position()
        length = len(text.encode("utf-16-le")) // 2
        cuts = {0, length}
        for placed in entries:
            cuts.add(min(max(placed.qt_start - base, 0), length))
            cuts.add(min(max(placed.qt_end - base, 0), length))
        for left, right in pairwise(sorted(cuts)):
            if left == right:
                continue
            covering = [p for p in entries if p.qt_start - base <= left and p.qt_end - base >= right]
            if covering:
                self.setFormat(left, right - left, self._format(self._key(covering)))
