"""The article list dock: filter by title, status and label; corpus progress; next unfinished."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.models import DocumentStatus
from annotator.ui.document_model import DOCUMENT_ID_ROLE, DocumentListModel

Index = QModelIndex | QPersistentModelIndex

ANY_STATUS = "Any status"
ANY_LABEL = "Any label"


class DocumentFilter(QAbstractTableModel):
    """The article list narrowed by title text, status and "has a span with this label", all at once.

    The list model finds the matching rows in one pass over its columns (``matching_rows``); this model
    shows those rows and passes every question about a cell on to the list. A filter proxy asking the list
    row by row took about a second per keystroke on 100,000 articles.
    """

    def __init__(self, model: DocumentListModel) -> None:
        super().__init__()
        self.model = model
        self.title = ""
        self.status: DocumentStatus | None = None
        self.allowed_ids: set[str] | None = None
        self._rows: list[int] | None = None  # the list's rows shown, in order; None: all of them
        self._position: dict[int, int] = {}  # list row -> row here, while narrowed
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._list_reset)
        model.dataChanged.connect(self._list_changed)

    @property
    def active(self) -> bool:
        return bool(self.title) or self.status is not None or self.allowed_ids is not None

    def set_title(self, text: str) -> None:
        self.title = text
        self._refilter()

    def set_status(self, status: str | None) -> None:
        self.status = DocumentStatus(status) if status else None
        self._refilter()

    def set_allowed_ids(self, ids: set[str] | None) -> None:
        self.allowed_ids = ids
        self._refilter()

    def _matching(self) -> list[int] | None:
        if not self.active:
            return None
        return self.model.matching_rows(self.title, self.status, self.allowed_ids)

    def _refilter(self) -> None:
        self._show(self._matching())

    def _show(self, rows: list[int] | None) -> None:
        self.beginResetModel()
        self._set_rows(rows)
        self.endResetModel()

    def _set_rows(self, rows: list[int] | None) -> None:
        self._rows = rows
        self._position = {} if rows is None else {row: n for n, row in enumerate(rows)}

    def _list_reset(self) -> None:
        self._set_rows(self._matching())
        self.endResetModel()

    def _list_changed(self, top: QModelIndex, bottom: QModelIndex) -> None:
        rows = self._matching()
        if rows != self._rows:  # an article came into the filter or left it (its status changed)
            self._show(rows)
            return
        # One signal for the whole range: the Labels column changes on every row at once, and 100,000
        # signals of one row each took seconds at start-up.
        first, final = top.row(), bottom.row()
        if self._rows is not None:  # the shown rows are in the list's order, so the range is a slice
            first, final = bisect_left(self._rows, first), bisect_right(self._rows, final) - 1
        if first <= final:
            self.dataChanged.emit(self.index(first, top.column()), self.index(final, bottom.column()))

    def row_of(self, document_id: str) -> int | None:
        """Where an article is shown here (None when it is filtered out or not listed)."""
        row = self.model.row_of(document_id)
        if row is None or self._rows is None:
            return row
        return self._position.get(row)

    def document_id(self, row: int) -> str:
        return self.model.document_id(self.source_row(row))

    def source_row(self, row: int) -> int:
        return row if self._rows is None else self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        if parent.isValid():
            return 0
        return self.model.rowCount() if self._rows is None else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else self.model.columnCount()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        return self.model.data(self.model.index(self.source_row(index.row()), index.column()), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        return self.model.headerData(section, orientation, role)


class DocumentPanel(QWidget):
    documentActivated = Signal(str)
    labelFilterChanged = Signal(str)  # label name, or "" for any
    nextUnfinishedRequested = Signal()

    def __init__(self, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = DocumentFilter(model)
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter articles by title…")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._title_changed)
        self.status_filter = QComboBox()
        self.status_filter.addItem(ANY_STATUS, None)
        for status in DocumentStatus:
            self.status_filter.addItem(status.display_name, status.value)
        self.status_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set_status(self.status_filter.currentData())
        )
        self.label_filter = QComboBox()
        self.label_filter.addItem(ANY_LABEL, "")
        self.label_filter.currentIndexChanged.connect(
            lambda _: self.labelFilterChanged.emit(self.label_filter.currentData() or "")
        )
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(100)  # measure 100 rows, not 1,000: short marks and numbers
        self.table.activated.connect(self._activated)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.next_button = QPushButton("Next unfinished")
        self.next_button.setToolTip("Open the next article you have not marked done (Ctrl+J)")
        self.next_button.clicked.connect(self.nextUnfinishedRequested)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.label_filter)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_box)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def set_labels(self, names: list[str]) -> None:
        current = self.label_filter.currentData()
        self.label_filter.blockSignals(True)
        self.label_filter.clear()
        self.label_filter.addItem(ANY_LABEL, "")
        for name in names:
            self.label_filter.addItem(f"Has {name}", name)
        position = self.label_filter.findData(current)
        self.label_filter.setCurrentIndex(max(position, 0))
        self.label_filter.blockSignals(False)

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done:,} of {total:,} done")

    def _title_changed(self, text: str) -> None:
        # The list is narrowed anew: stay on the article the user was on, when it is still listed.
        current = self.current_document_id()
        self.proxy.set_title(text)
        self.show_current(current)

    def show_current(self, document_id: str | None) -> None:
        """Mark the article the active pane shows as the list's current row, when it is listed."""
        row = self.proxy.row_of(document_id) if document_id else None
        if row is None:
            self.table.clearSelection()
            return
        index = self.proxy.index(row, 0)
        if self.table.currentIndex() != index:
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def current_document_id(self) -> str | None:
        index = self.table.currentIndex()
        value = self.proxy.data(index, DOCUMENT_ID_ROLE) if index.isValid() else None
        return str(value) if value else None

    def _activated(self, index: QModelIndex) -> None:
        document_id = self.proxy.data(index, DOCUMENT_ID_ROLE)
        if document_id:
            self.documentActivated.emit(str(document_id))
