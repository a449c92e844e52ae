"""The document list as a Qt item model: a thin adapter over ``DocumentSummary`` rows (no text loaded)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.domain.models import DocumentStatus, DocumentSummary

Index = QModelIndex | QPersistentModelIndex

DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2

STATUS_MARKS = {DocumentStatus.TODO: "○", DocumentStatus.IN_PROGRESS: "◐", DocumentStatus.DONE: "●"}
STATUS_COLOURS = {
    DocumentStatus.TODO: QColor("#9e9e9e"),
    DocumentStatus.IN_PROGRESS: QColor("#e0a000"),
    DocumentStatus.DONE: QColor("#2e9d4f"),
}


class DocumentListModel(QAbstractTableModel):
    COLUMNS = ("Title", "Status", "Spans")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[DocumentSummary] = []
        self._row_of: dict[str, int] = {}

    def set_documents(self, rows: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {row.id: n for n, row in enumerate(self._rows)}
        self.endResetModel()

    def update_document(self, summary: DocumentSummary) -> None:
        row = self._row_of.get(summary.id)
        if row is None:
            return
        self._rows[row] = summary
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def summary(self, document_id: str) -> DocumentSummary | None:
        row = self._row_of.get(document_id)
        return self._rows[row] if row is not None else None

    def row_of(self, document_id: str) -> int | None:
        return self._row_of.get(document_id)

    def document_ids(self) -> list[str]:
        return [row.id for row in self._rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title, STATUS_MARKS[row.status], row.span_count)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{row.title}\n{row.source}\n{row.length:,} characters, {row.span_count} spans\n"
                f"Your status: {row.status.display_name}"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return STATUS_COLOURS[row.status]
        if role == DOCUMENT_ID_ROLE:
            return row.id
        if role == STATUS_ROLE:
            return row.status.value
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None
