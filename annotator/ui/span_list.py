"""The span list of the article in the active pane: label, text, note, annotator, attributes; click to
jump.

The model takes the rows the article view already holds, in reading order, and filters by label itself:
opening an article swaps one list for another, with no sort and no proxy mapping 10,000 rows.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.structure import AttributeValue
from annotator.services.reading import SpanRow
from annotator.ui.plain_text import plain_tooltip
from annotator.ui.span_index import READING_ORDER

Index = QModelIndex | QPersistentModelIndex
SPAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY = Qt.ItemDataRole.DisplayRole
_DECORATION = Qt.ItemDataRole.DecorationRole


class SpanListModel(QAbstractTableModel):
    COLUMNS = ("Label", "Text", "Note", "Annotator", "Attributes")

    def __init__(self) -> None:
        super().__init__()
        self._all: list[SpanRow] = []
        self._spans: list[SpanRow] = []  # those shown: all of them, or those of ``label``
        self.label: str | None = None
        self.colours: dict[str, QColor] = {}
        # Span id -> its attributes, of the article shown (kept by whoever reads them with the article).
        self.attributes_of: Callable[[str], dict[str, AttributeValue]] = _no_attributes

    def set_spans(self, rows: list[SpanRow]) -> None:
        """Show ``rows``, which are in reading order (the article view's ``index.rows()``)."""
        self.beginResetModel()
        self._all = rows
        self._spans = self._shown()
        self.endResetModel()

    def update_spans(self, rows: list[SpanRow], changed: list[SpanRow]) -> None:
        """Show ``rows`` after an edit that added, removed or altered only the ``changed`` spans (as they
        were before and after): those rows are removed and inserted one by one, found by bisection in
        reading order, so the table keeps its place and repaints only what moved, where a reset would lay
        out and repaint it all."""
        shown = self._shown_of(rows)
        current = list(self._spans)
        self._spans = current
        for position in sorted(self._positions(current, changed), reverse=True):
            self.beginRemoveRows(QModelIndex(), position, position)
            del current[position]
            self.endRemoveRows()
        coming = sorted(self._positions(shown, changed))
        for position in coming:
            self.beginInsertRows(QModelIndex(), position, position)
            current.insert(position, shown[position])
            self.endInsertRows()
        self._all = rows
        if len(current) != len(shown):  # more changed than we were told: start again
            self.set_spans(rows)
            return
        self._spans = shown

    @staticmethod
    def _positions(rows: list[SpanRow], wanted: list[SpanRow]) -> set[int]:
        """Where the ``wanted`` rows (that id, in that place) are in ``rows``, which are in reading order."""
        found = set()
        for row in wanted:
            at = bisect_left(rows, READING_ORDER(row), key=READING_ORDER)
            if at < len(rows) and rows[at].id == row.id:
                found.add(at)
        return found

    def set_label(self, label: str | None) -> None:
        """Show only the spans of ``label`` (None: every span)."""
        self.beginResetModel()
        self.label = label
        self._spans = self._shown()
        self.endResetModel()

    def _shown(self) -> list[SpanRow]:
        return self._shown_of(self._all)

    def _shown_of(self, rows: list[SpanRow]) -> list[SpanRow]:
        return rows if self.label is None else [row for row in rows if row.label == self.label]

    def row_of(self, span_id: str) -> int | None:
        for row, span in enumerate(self._spans):
            if span.id == span_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        # Views ask for about ten roles per cell on every paint, so the common answers cost little.
        number = index.row()
        if not 0 <= number < len(self._spans):
            return None
        span = self._spans[number]
        if role == _DISPLAY:
            column = index.column()
            if column == 0:
                return span.label
            if column == 1:
                return span.text.replace("\n", " ⏎ ")
            if column == 2:
                return span.note.replace("\n", " ")
            return span.annotator if column == 3 else attribute_text(self.attributes_of(span.id))
        if role == _DECORATION:
            return self.colours.get(span.label) if index.column() == 0 else None
        if role == SPAN_ID_ROLE:
            return span.id
        if role == Qt.ItemDataRole.ToolTipRole:
            note = f"\n\nNote: {span.note}" if span.note else ""
            return plain_tooltip(f"{span.label} [{span.start}–{span.end})\n{span.text}{note}")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def attributes_changed(self) -> None:
        """The attributes were read again: repaint their column only."""
        if self._spans:
            last = len(self.COLUMNS) - 1
            self.dataChanged.emit(self.index(0, last), self.index(len(self._spans) - 1, last))


def attribute_text(values: dict[str, AttributeValue]) -> str:
    """``metric: revenue · amount: 4.1 · audited: yes``, in name order."""
    shown = {True: "yes", False: "no"}
    return " · ".join(
        f"{name}: {shown[value] if isinstance(value, bool) else value}"
        for name, value in sorted(values.items())
    )


def _no_attributes(span_id: str) -> dict[str, AttributeValue]:
    return {}


class SpanListPanel(QWidget):
    """A filterable span table; emits the span a user picks."""

    spanActivated = Signal(str)

    ALL_LABELS = "All labels"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SpanListModel()
        self.label_filter = QComboBox()
        self.label_filter.addItem(self.ALL_LABELS)
        self.label_filter.currentTextChanged.connect(self._filter_changed)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        # Two lines a row: a span's text and its note wrap instead of being cut after a few words (a row
        # height fixed in advance, so that no row is measured; the tooltip holds anything longer).
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(2 * self.table.fontMetrics().lineSpacing() + 8)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # Label and annotator columns are sized from the names they can hold (``_fit``), not by measuring
        # rows: resizing to contents asked the model for a hundred rows each time an article was opened.
        for column in (0, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        # Notes and attributes start as wide as their titles: the span's text keeps the room in a dock a
        # few hundred pixels wide (at their default widths it showed three letters a line).
        for column in (2, 4):
            self._fit(column, [])
        self._annotators: set[str] = set()  # every annotator listed so far: the last column fits them
        self.table.clicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.label_filter)
        layout.addWidget(self.table)

    def set_labels(self, names: list[str], colours: dict[str, QColor]) -> None:
        current = self.label_filter.currentText()
        self.label_filter.blockSignals(True)
        self.label_filter.clear()
        self.label_filter.addItem(self.ALL_LABELS)
        for name in names:
            self.label_filter.addItem(name)
        self.label_filter.setCurrentText(current if current in names else self.ALL_LABELS)
        self.label_filter.blockSignals(False)
        self.model.colours = colours
        self._filter_changed(self.label_filter.currentText())
        self._fit(0, names)

    def set_spans(self, rows: list[SpanRow]) -> None:
        self.model.set_spans(rows)
        annotators = {row.annotator for row in rows}
        if not annotators <= self._annotators:
            self._annotators |= annotators
            self._fit(3, sorted(self._annotators))

    def update_spans(self, rows: list[SpanRow], changed: list[SpanRow]) -> None:
        """``rows`` after an edit of the ``changed`` spans (added, removed or altered)."""
        self.model.update_spans(rows, changed)
        annotators = {row.annotator for row in changed}
        if not annotators <= self._annotators:
            self._annotators |= annotators
            self._fit(3, sorted(self._annotators))

    def show_selected(self, span_id: str | None) -> None:
        row = self.model.row_of(span_id) if span_id else None
        if row is None:
            self.table.clearSelection()
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def _fit(self, column: int, names: list[str]) -> None:
        """Make ``column`` as wide as its title, or as a cell holding the longest of ``names`` would ask."""
        style = self.table.style()
        margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1)
        if column == 0:  # the colour swatch, with its own margins
            margin += style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, self.table) + margin
        metrics = self.table.fontMetrics()
        text = max((metrics.horizontalAdvance(name) for name in names), default=0)
        header = self.table.horizontalHeader()
        header.resizeSection(column, max(header.sectionSizeHint(column), text + margin))

    def _filter_changed(self, text: str) -> None:
        self.model.set_label(None if text == self.ALL_LABELS else text)

    def _activated(self, index: QModelIndex) -> None:
        span_id = self.model.data(index, SPAN_ID_ROLE)
        if span_id:
            self.spanActivated.emit(str(span_id))
