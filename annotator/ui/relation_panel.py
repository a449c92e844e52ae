"""The relations of the active article, beside the span list: type, from, to, annotator and note.

A list model that looks each cell up when the view asks, so an article with thousands of relations
costs nothing until scrolled to. Selecting a row selects its source span in the article; Delete removes
the relation, Enter edits its note and T changes its type (each an undo step, through the controller).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from annotator.services.reading import SpanRow
from annotator.services.relations import RelationRow
from annotator.ui.plain_text import plain_tooltip

COLUMNS = ("Type", "From", "To", "Annotator", "Note")
Index = QModelIndex | QPersistentModelIndex
Lookup = Callable[[str], SpanRow | None]


def _snippet(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


class RelationModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.relations: list[RelationRow] = []
        self.keys: list[tuple[int, int, str, str]] = []  # each row's place in reading order
        self.lookup: Lookup = lambda _span_id: None

    def reset(self, relations: list[RelationRow], span: Lookup) -> None:
        """Show ``relations`` whose spans ``span`` finds (the view's rows), in reading order."""
        self.beginResetModel()
        self.lookup = span
        shown = sorted((key, r) for r in relations if (key := self._key(r)) is not None)
        self.keys = [key for key, _ in shown]
        self.relations = [r for _, r in shown]
        self.endResetModel()

    def add(self, relation: RelationRow) -> None:
        key = self._key(relation)
        if key is None:
            return
        row = bisect_left(self.keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self.keys.insert(row, key)
        self.relations.insert(row, relation)
        self.endInsertRows()

    def _key(self, relation: RelationRow) -> tuple[int, int, str, str] | None:
        source, target = self.lookup(relation.source_id), self.lookup(relation.target_id)
        if source is None or target is None:
            return None
        return (source.start, target.start, relation.type, relation.id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.relations)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        relation = self.relations[index.row()]
        column = index.column()
        source, target = self.lookup(relation.source_id), self.lookup(relation.target_id)
        value = (
            relation.type,
            source.text if source else "",
            target.text if target else "",
            relation.annotator,
            relation.note,
        )[column]
        return _snippet(value) if role == Qt.ItemDataRole.DisplayRole else plain_tooltip(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class RelationPanel(QWidget):
    relationActivated = Signal(object)  # RelationRow
    deleteRequested = Signal(object)  # RelationRow
    noteRequested = Signal(object)  # RelationRow
    typeRequested = Signal(object)  # RelationRow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RelationModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.table.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    @property
    def relations(self) -> list[RelationRow]:
        return self.model.relations

    def cell(self, row: int, column: int) -> str:
        return str(self.model.data(self.model.index(row, column)))

    def set_relations(self, relations: list[RelationRow], span: Lookup) -> None:
        self.table.selectionModel().blockSignals(True)
        self.model.reset(relations, span)
        self.table.selectionModel().blockSignals(False)

    def add(self, relation: RelationRow) -> None:
        self.model.add(relation)

    def current(self) -> RelationRow | None:
        row = self.table.currentIndex().row()
        return self.model.relations[row] if 0 <= row < len(self.model.relations) else None

    def show_span(self, span_id: str | None) -> None:
        """Select the first relation of the span selected in the article (without moving the article)."""
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        row = next(
            (i for i, r in enumerate(self.model.relations) if span_id in (r.source_id, r.target_id)), None
        )
        if row is None:
            self.table.clearSelection()
        else:
            self.table.selectRow(row)
        selection.blockSignals(False)

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        relation = self.current()
        if relation is not None:
            self.relationActivated.emit(relation)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            relation = self.current()
            if relation is not None and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.deleteRequested.emit(relation)
                return True
            if relation is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.noteRequested.emit(relation)
                return True
            if relation is not None and event.key() == Qt.Key.Key_T:
                self.typeRequested.emit(relation)
                return True
        return False
