"""Synchronised scrolling of the two panes.

Panes follow each other by position in the text, not by scroll-bar value: the plain-text layout refines
its line count lazily, so scroll-bar ranges drift, while "the paragraph at the same fraction of the
article" stays meaningful for two articles about the same story and exact for the same article.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit


class ScrollSync:
    def __init__(self, first: QPlainTextEdit, second: QPlainTextEdit) -> None:
        self.views = (first, second)
        self.enabled = False
        self._busy = False
        first.verticalScrollBar().valueChanged.connect(lambda _: self._follow(first, second))
        second.verticalScrollBar().valueChanged.connect(lambda _: self._follow(second, first))

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        if enabled:
            self._follow(*self.views)

    def _follow(self, source: QPlainTextEdit, target: QPlainTextEdit) -> None:
        if not self.enabled or self._busy:
            return
        self._busy = True
        try:
            source_length = max(source.document().characterCount(), 1)
            fraction = source.firstVisibleBlock().position() / source_length
            target_document = target.document()
            block = target_document.findBlock(round(fraction * (target_document.characterCount() - 1)))
            target.verticalScrollBar().setValue(block.firstLineNumber())
        finally:
            self._busy = False
