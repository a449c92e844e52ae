"""The label list as a Qt item model: a thin, read-only adapter over ``Label`` rows and their span counts.

Changes never go through the model: the editor calls the label services and then hands the model the
fresh rows, so the database stays the only source of truth.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.domain.models import Label
from annotator.ui.label_text import label_tooltip_html

Index = QModelIndex | QPersistentModelIndex

LABEL_NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class LabelListModel(QAbstractTableModel):
    COLUMNS = ("Label", "Key", "Spans")

    def __init__(self) -> None:
        super().__init__()
        self._labels: list[Label] = []
        self._counts: dict[str, int] = {}

    def set_labels(self, labels: list[Label], counts: dict[str, int]) -> None:
        self.beginResetModel()
        self._labels = list(labels)
        self._counts = dict(counts)
        self.endResetModel()

    def label_at(self, row: int) -> Label | None:
        return self._labels[row] if 0 <= row < len(self._labels) else None

    def row_of(self, name: str) -> int | None:
        for row, label in enumerate(self._labels):
            if label.name == name:
                return row
        return None

    def labels(self) -> list[Label]:
        return list(self._labels)

    def span_count(self, name: str) -> int:
        return self._counts.get(name, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self._labels)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._labels):
            return None
        label = self._labels[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (label.name, label.hotkey or "–", self._counts.get(label.name, 0))[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return QColor(label.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return label_tooltip_html(label)
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == LABEL_NAME_ROLE:
            return label.name
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None
