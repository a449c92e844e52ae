"""The corpus search results as a list model: a thin adapter over the service's ``Hit`` records."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.services.search import Hit, HitKind
from annotator.ui.plain_text import plain_tooltip

Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the Hit itself

_KIND_NAMES = {HitKind.TEXT: "", HitKind.TITLE: "in the title", HitKind.SPAN: "span"}


class SearchResultsModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[Hit]:
        return list(self._hits)

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            kind = _KIND_NAMES[hit.kind]
            return f"{hit.title}{f' ({kind})' if kind else ''}\n{hit.snippet.text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            if hit.kind is HitKind.SPAN:
                where = f"{hit.label} span by {hit.annotator}, characters {hit.start}–{hit.end}"
            elif hit.kind is HitKind.TITLE:
                where = "The words occur in the title"
            else:
                where = f"Characters {hit.start}–{hit.end}"
            return plain_tooltip(f"{hit.title}\n{where}")
        if role == HIT_ROLE:
            return hit
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
