"""Paints spans into the article view, one text block at a time.

A QSyntaxHighlighter asks only for the blocks Qt lays out, and the per-block index means each call looks
at the few spans in that block, so a long article with thousands of spans opens and repaints quickly.
Overlapping spans blend their colours; the view adds one bar per span under the text (overlap_painter).
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotator.ui.span_index import SpanIndex


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
        self._formats: dict[tuple[tuple[str, ...], bool], QTextCharFormat] = {}

    def set_colours(self, colours: dict[str, QColor]) -> None:
        self.colours = colours
        self._formats.clear()

    def _format(self, labels: tuple[str, ...], selected: bool) -> QTextCharFormat:
        key = (labels, selected)
        cached = self._formats.get(key)
        if cached is not None:
            return cached
        colours = [self.colours.get(label, QColor("#9e9e9e")) for label in labels]
        fmt = QTextCharFormat()
        fmt.setBackground(_blend(colours, 0.85 if selected else 0.45))
        if selected:
            fmt.setFontUnderline(True)  # in the text colour, so it shows on light and dark palettes
        self._formats[key] = fmt
        return fmt

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
        bounds = sorted(cuts)
        for left, right in pairwise(bounds):
            if left == right:
                continue
            covering = [p for p in entries if p.qt_start - base <= left and p.qt_end - base >= right]
            if not covering:
                continue
            labels = tuple(sorted({p.span.label for p in covering}))
            selected = any(p.span.id == self.selected_span_id for p in covering)
            self.setFormat(left, right - left, self._format(labels, selected))
