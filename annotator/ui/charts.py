"""Small painted charts for the agreement panel: bars, grouped bars and a heatmap.

PySide6-Essentials has no QtCharts, and these need only a few rectangles; every chart emits the item
under a click so a figure can be drilled into.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

NO_VALUE = "–"


def value_colour(value: float | None) -> QColor:
    """Red (poor) through amber to green (good) for agreement figures in [0, 1]; grey when undefined."""
    if value is None:
        return QColor("#bdbdbd")
    v = max(0.0, min(1.0, value))
    if v < 0.5:
        return QColor.fromRgbF(0.86, 0.30 + 0.9 * v, 0.25, 1.0)
    return QColor.fromRgbF(0.86 - 1.3 * (v - 0.5), 0.75, 0.3, 1.0)


def text_for(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:.2f}"


class _Chart(QWidget):
    itemClicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._hits: list[tuple[QRectF, object]] = []

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for rect, item in self._hits:
            if rect.contains(event.position()):
                self.itemClicked.emit(item)
                return

    def sizeHint(self) -> QSize:
        return QSize(480, 260)


class BarChart(_Chart):
    """Horizontal bars, one per item, for values in [0, 1] (negative values are drawn as zero)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, float | None]] = []
        self.title = ""

    def set_items(self, title: str, items: list[tuple[str, float | None]]) -> None:
        self.title, self.items = title, items
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.drawText(QRectF(8, 4, self.width() - 16, line), self.title)
        label_width = max([metrics.horizontalAdvance(name) for name, _ in self.items] + [40]) + 12
        top = line + 12
        row = max(line + 8, 22)
        bar_space = max(self.width() - label_width - 64, 40)
        self._hits = []
        for n, (name, value) in enumerate(self.items):
            y = top + n * row
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(8, y, label_width - 8, row), Qt.AlignmentFlag.AlignVCenter, name)
            width = bar_space * max(0.0, min(1.0, value or 0.0))
            rect = QRectF(label_width, y + 3, max(width, 2.0), row - 6)
            painter.fillRect(rect, value_colour(value))
            painter.drawText(
                QRectF(label_width + width + 6, y, 60, row), Qt.AlignmentFlag.AlignVCenter, text_for(value)
            )
            self._hits.append((QRectF(0, y, self.width(), row), name))
        painter.end()


class Heatmap(_Chart):
    """An annotator x annotator matrix of one figure (e.g. exact-match F1); click a cell for that pair."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: list[str] = []
        self.values: dict[tuple[str, str], float | None] = {}
        self.title = ""

    def set_matrix(self, title: str, names: list[str], values: dict[tuple[str, str], float | None]) -> None:
        self.title, self.names, self.values = title, names, values
        self.update()

    def value(self, a: str, b: str) -> float | None:
        if a == b:
            return 1.0
        return self.values.get((a, b), self.values.get((b, a)))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.drawText(QRectF(8, 4, self.width() - 16, line), self.title)
        left = max([metrics.horizontalAdvance(n) for n in self.names] + [30]) + 16
        top = line * 2 + 16
        count = max(len(self.names), 1)
        cell = max(min((self.width() - left - 8) / count, (self.height() - top - 8) / count, 90.0), 24.0)
        self._hits = []
        for column, name in enumerate(self.names):
            painter.drawText(
                QRectF(left + column * cell, line + 8, cell, line), Qt.AlignmentFlag.AlignCenter, name
            )
        for row, a in enumerate(self.names):
            painter.drawText(QRectF(4, top + row * cell, left - 8, cell), Qt.AlignmentFlag.AlignVCenter, a)
            for column, b in enumerate(self.names):
                rect = QRectF(left + column * cell, top + row * cell, cell - 2, cell - 2)
                value = self.value(a, b)
                painter.fillRect(rect, value_colour(value) if a != b else QColor("#e0e0e0"))
                painter.setPen(QColor("#111111"))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text_for(value) if a != b else "")
                painter.setPen(self.palette().windowText().color())
                if a != b:
                    self._hits.append((rect, (a, b)))
        painter.end()


class GroupedBars(_Chart):
    """Counts per group (label) and series (annotator): the label distribution per annotator."""

    SERIES_COLOURS = ("#5c6bc0", "#26a69a", "#ef6c00", "#8d6e63", "#ab47bc", "#78909c", "#d4e157", "#ec407a")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.groups: list[str] = []
        self.series: list[str] = []
        self.counts: dict[tuple[str, str], int] = {}
        self.title = ""

    def set_counts(
        self, title: str, groups: list[str], series: list[str], counts: dict[tuple[str, str], int]
    ) -> None:
        self.title, self.groups, self.series, self.counts = title, groups, series, counts
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.drawText(QRectF(8, 4, self.width() - 16, line), self.title)
        # Legend: one swatch per annotator.
        x = 8.0
        for n, name in enumerate(self.series):
            painter.fillRect(
                QRectF(x, line + 10, 12, 12), QColor(self.SERIES_COLOURS[n % len(self.SERIES_COLOURS)])
            )
            painter.drawText(QRectF(x + 16, line + 6, 200, line + 4), Qt.AlignmentFlag.AlignVCenter, name)
            x += metrics.horizontalAdvance(name) + 36
        top = line * 2 + 24
        bottom = self.height() - line - 10
        highest = max(self.counts.values(), default=0) or 1
        group_width = (self.width() - 16) / max(len(self.groups), 1)
        bar = max((group_width - 12) / max(len(self.series), 1), 4.0)
        self._hits = []
        for g, group in enumerate(self.groups):
            gx = 8 + g * group_width
            for s, name in enumerate(self.series):
                count = self.counts.get((group, name), 0)
                height = (bottom - top) * count / highest
                rect = QRectF(gx + 6 + s * bar, bottom - height, bar - 2, height)
                painter.fillRect(rect, QColor(self.SERIES_COLOURS[s % len(self.SERIES_COLOURS)]))
                if count:
                    painter.drawText(
                        QRectF(rect.left() - 8, rect.top() - line, bar + 16, line),
                        Qt.AlignmentFlag.AlignCenter,
                        str(count),
                    )
                self._hits.append((QRectF(gx + 6 + s * bar, top, bar, bottom - top), (group, name)))
            painter.drawText(QRectF(gx, bottom + 4, group_width, line), Qt.AlignmentFlag.AlignCenter, group)
        painter.end()
