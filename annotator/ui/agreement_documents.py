"""The agreement panel's per-article table as an item model: 10,000 articles cost nothing until shown.

Rows are (article, exact F1, overlap F1): the figures of one pair when the panel is narrowed to a pair,
else each article's means. Cells are formatted when the view asks for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.ui.charts import text_for

if TYPE_CHECKING:  # (the report's modules load with the first report, not at start)
    from annotator.metrics.report import DocumentAgreement

DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = ("Article", "Annotators", "F1 (exact)", "F1 (overlap)", "Token α", "Character α")

Row = tuple["DocumentAgreement", float | None, float | None]
Index = QModelIndex | QPersistentModelIndex


class DocumentAgreementModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def document_id(self, row: int) -> str | None:
        return self._rows[row][0].document_id if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        document, exact, overlap = self._rows[index.row()]
        if role == DOCUMENT_ROLE:
            return document.document_id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return document.title or document.document_id
        if column == 1:
            return ", ".join(document.annotators)
        figure = (exact, overlap, document.token_alpha, document.character_alpha)[column - 2]
        return text_for(figure)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None
