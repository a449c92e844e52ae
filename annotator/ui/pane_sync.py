"""Synchronised scrolling of the two panes, proportional to each article's length."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollBar


class ScrollSync:
    def __init__(self, first: QScrollBar, second: QScrollBar) -> None:
        self.bars = (first, second)
        self.enabled = False
        self._busy = False
        first.valueChanged.connect(lambda _: self._follow(first, second))
        second.valueChanged.connect(lambda _: self._follow(second, first))

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        if enabled:
            self._follow(self.bars[0], self.bars[1])

    def _follow(self, source: QScrollBar, target: QScrollBar) -> None:
        if not self.enabled or self._busy:
            return
        self._busy = True
        try:
            span = source.maximum() - source.minimum()
            fraction = (source.value() - source.minimum()) / span if span else 0.0
            target.setValue(round(target.minimum() + fraction * (target.maximum() - target.minimum())))
        finally:
            self._busy = False
