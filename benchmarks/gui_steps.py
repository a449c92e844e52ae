"""Steps the GUI benchmarks share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchmarks.harness import Samples

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractScrollArea


def scroll_pages(view: QAbstractScrollArea, count: int) -> Samples:
    """Time ``count`` scrolls of one page, each repainted, starting again at the top at the end."""
    bar = view.verticalScrollBar()
    bar.setValue(0)
    view.viewport().repaint()

    def scroll() -> None:
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()

    scrolling = Samples()
    for _ in range(count):
        if bar.value() >= bar.maximum():
            bar.setValue(0)
            view.viewport().repaint()
        scrolling.time(scroll)
    return scrolling
