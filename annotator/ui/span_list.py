"""The span list of the article in the active pane: label, text, note, annotator; click to jump."""

from __future__ import annotations

from operator import attrgetter

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QTableView, QVBoxLayout, QWidget

from annotator.domain.models import Span

_READING_ORDER = attrgetter("start", "end", "label", "id")  # a key in C: 10,000 spans per article opened

Index = QModelIndex | QPersistentModelIndex
SPAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
LABEL_ROLE = Qt.ItemDataRole.UserRole + 2


class SpanListModel(QAbstractTableModel):
    COLUMNS = ("Label", "Text", "Note", "Annotator")

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[Span] = []
        self.colours: dict[str, QColor] = {}

    def set_spans(self, spans: list[Span]) -> None:
        self.beginResetModel()
        self._spans = sorted(spans, key=_READING_ORDER)
        self.endResetModel()

    def row_of(self, span_id: str) -> int | None:
        for row, span in enumerate(self._spans):
            if span.id == span_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._spans):
            return None
        span = self._spans[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                span.label,
                span.text.replace("\n", " ⏎ "),
                span.note.replace("\n", " "),
                span.annotator,
            )
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{span.label} [{span.start}–{span.end})\n{span.text}" + (
                f"\n\nNote: {span.note}" if span.note else ""
            )
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self.colours.get(span.label)
        if role == SPAN_ID_ROLE:
            return span.id
        if role == LABEL_ROLE:
            return span.label
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None


class SpanListPanel(QWidget):
    """A filterable span table; emits the span a user picks."""

    spanActivated = Signal(str)

    ALL_LABELS = "All labels"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SpanListModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(LABEL_ROLE)
        self.proxy.setFilterKeyColumn(0)
        self.label_filter = QComboBox()
        self.label_filter.addItem(self.ALL_LABELS)
        self.label_filter.currentTextChanged.connect(self._filter_changed)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        # Measuring 1,000 rows per resize was most of the time it took to open an article.
        header.setResizeContentsPrecision(100)
        header.resizeSection(2, 70)
        header.setMinimumSectionSize(40)
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

    def set_spans(self, spans: list[Span]) -> None:
        self.model.set_spans(spans)

    def show_selected(self, span_id: str | None) -> None:
        row = self.model.row_of(span_id) if span_id else None
        if row is None:
            self.table.clearSelection()
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def _filter_changed(self, text: str) -> None:
        pattern = "" if text == self.ALL_LABELS else f"^{QRegularExpression.escape(text)}$"
        self.proxy.setFilterRegularExpression(pattern)

    def _activated(self, index: QModelIndex) -> None:
        span_id = self.proxy.data(index, SPAN_ID_ROLE)
        if span_id:
            self.spanActivated.emit(str(span_id))
