"""The document list as a Qt item model: a thin adapter over summary rows (no text loaded).

Rows are plain tuples (``SummaryRow``) rather than ``DocumentSummary`` models: at 100,000 articles building
the models took longer than the whole rest of start-up. A model is built only for the one row asked for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from operator import attrgetter

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.domain.models import DocumentStatus, DocumentSummary
from annotator.services.reading import SummaryRow

Index = QModelIndex | QPersistentModelIndex

DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2

STATUS_MARKS = {DocumentStatus.TODO: "○", DocumentStatus.IN_PROGRESS: "◐", DocumentStatus.DONE: "●"}
STATUS_COLOURS = {
    DocumentStatus.TODO: QColor("#9e9e9e"),
    DocumentStatus.IN_PROGRESS: QColor("#e0a000"),
    DocumentStatus.DONE: QColor("#2e9d4f"),
}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_DISPLAY = Qt.ItemDataRole.DisplayRole
_span_count = attrgetter("span_count")
_status = attrgetter("status")


def summary_row(summary: DocumentSummary) -> SummaryRow:
    return SummaryRow(
        summary.id,
        summary.title,
        summary.source,
        summary.sha256,
        summary.length,
        summary.span_count,
        summary.status,
    )


class DocumentListModel(QAbstractTableModel):
    COLUMNS = ("Title", "Status", "Spans")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[SummaryRow] = []
        self._row_of: dict[str, int] = {}
        self._total_spans = 0
        self._statuses: Counter[DocumentStatus] = Counter()

    def set_rows(self, rows: Iterable[SummaryRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {row.id: n for n, row in enumerate(self._rows)}
        self._total_spans = sum(map(_span_count, self._rows))
        self._statuses = Counter(map(_status, self._rows))
        self.endResetModel()

    def set_documents(self, summaries: Iterable[DocumentSummary]) -> None:
        self.set_rows(summary_row(summary) for summary in summaries)

    def update_document(self, summary: DocumentSummary) -> None:
        row = self._row_of.get(summary.id)
        if row is None:
            return
        self._total_spans += summary.span_count - self._rows[row].span_count
        self._statuses[self._rows[row].status] -= 1
        self._statuses[summary.status] += 1
        self._rows[row] = summary_row(summary)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def summary(self, document_id: str) -> DocumentSummary | None:
        row = self._row_of.get(document_id)
        if row is None:
            return None
        return DocumentSummary.model_construct(**self._rows[row]._asdict())

    def row_of(self, document_id: str) -> int | None:
        return self._row_of.get(document_id)

    def document_ids(self) -> list[str]:
        return [row.id for row in self._rows]

    def status_counts(self) -> dict[DocumentStatus, int]:
        """How many listed articles have each status (the current annotator's)."""
        return {status: self._statuses[status] for status in DocumentStatus}

    def total_spans(self) -> int:
        """Spans over all listed documents, kept up to date as documents change (no pass over the list)."""
        return self._total_spans

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        # Views ask for eight roles per cell, so the common answers come first and cost little.
        number = index.row()
        if not 0 <= number < len(self._rows):
            return None
        row = self._rows[number]
        column = index.column()
        if role == _DISPLAY:
            if column == 0:
                return row.title
            return STATUS_MARKS[row.status] if column == 1 else row.span_count
        if role == DOCUMENT_ID_ROLE:
            return row.id
        if role == STATUS_ROLE:
            return row.status.value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column == 2 else (_CENTRE if column == 1 else None)
        if role == Qt.ItemDataRole.ForegroundRole:
            return STATUS_COLOURS[row.status] if column == 1 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{row.title}\n{row.source}\n{row.length:,} characters, {row.span_count} spans\n"
                f"Your status: {row.status.display_name}"
            )
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return self.COLUMNS[section]
        return None
