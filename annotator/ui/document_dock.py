"""The article list dock: filter by title, status and label; corpus progress; next unfinished."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
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
from annotator.ui.document_model import DOCUMENT_ID_ROLE, STATUS_ROLE, DocumentListModel

ANY_STATUS = "Any status"
ANY_LABEL = "Any label"


class _Narrowing(QSortFilterProxyModel):
    """Status and "has a span with this label" filters: a test in Python for every article."""

    def __init__(self) -> None:
        super().__init__()
        self.status: str | None = None
        self.allowed_ids: set[str] | None = None

    @property
    def active(self) -> bool:
        return self.status is not None or self.allowed_ids is not None

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        source = self.sourceModel()
        index = source.index(row, 0, parent)
        if self.status is not None and source.data(index, STATUS_ROLE) != self.status:
            return False
        return self.allowed_ids is None or source.data(index, DOCUMENT_ID_ROLE) in self.allowed_ids


class DocumentFilter(QSortFilterProxyModel):
    """Title text, status and "has a span with this label" filters, all at once.

    The title filter is Qt's own; the other two need a test in Python per article, which on 100,000
    articles costs a fraction of a second on every reload, so they sit between the list and this proxy
    only while one of them is set.
    """

    def __init__(self, model: QAbstractItemModel) -> None:
        super().__init__()
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(0)
        self.model = model
        self.narrowing = _Narrowing()
        self.setSourceModel(model)

    def set_status(self, status: str | None) -> None:
        self._change_filter(lambda: setattr(self.narrowing, "status", status))

    def set_allowed_ids(self, ids: set[str] | None) -> None:
        self._change_filter(lambda: setattr(self.narrowing, "allowed_ids", ids))

    def _change_filter(self, change: Callable[[], None]) -> None:
        change()
        narrowing = self.narrowing
        if narrowing.active:
            if narrowing.sourceModel() is self.model:
                narrowing.invalidate()
            else:
                narrowing.setSourceModel(self.model)
            if self.sourceModel() is not narrowing:
                self.setSourceModel(narrowing)
        elif self.sourceModel() is not self.model:
            self.setSourceModel(self.model)
            narrowing.setSourceModel(None)  # type: ignore[arg-type]  # let go of the list's signals


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
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
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

    def current_document_id(self) -> str | None:
        index = self.table.currentIndex()
        value = self.proxy.data(index, DOCUMENT_ID_ROLE) if index.isValid() else None
        return str(value) if value else None

    def _activated(self, index: QModelIndex) -> None:
        document_id = self.proxy.data(index, DOCUMENT_ID_ROLE)
        if document_id:
            self.documentActivated.emit(str(document_id))
