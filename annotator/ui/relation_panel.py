"""The relations of the active article, beside the span list: type, from, to, annotator and note.

Selecting a row selects its source span in the article; Delete removes the relation and Enter edits its
note (both as undo steps, through the controller).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.structure import Relation
from annotator.services.reading import SpanRow

COLUMNS = ("type", "from", "to", "annotator", "note")


def _snippet(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


class RelationPanel(QWidget):
    relationActivated = Signal(object)  # Relation
    deleteRequested = Signal(object)  # Relation
    noteRequested = Signal(object)  # Relation

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([c.capitalize() for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.relations: list[Relation] = []

    def set_relations(self, relations: list[Relation], spans: dict[str, SpanRow]) -> None:
        self.table.blockSignals(True)
        self.relations = [r for r in relations if r.source_id in spans and r.target_id in spans]
        self.table.setRowCount(len(self.relations))
        for row, relation in enumerate(self.relations):
            source, target = spans[relation.source_id], spans[relation.target_id]
            cells = (
                relation.type,
                _snippet(source.text),
                _snippet(target.text),
                relation.annotator,
                relation.note,
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(
                    value
                )  # a QTableWidgetItem shows its text plainly; tooltips are escaped by Qt
                item.setData(Qt.ItemDataRole.ToolTipRole, value.replace("<", "&lt;"))
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)

    def current(self) -> Relation | None:
        row = self.table.currentRow()
        return self.relations[row] if 0 <= row < len(self.relations) else None

    def show_span(self, span_id: str | None) -> None:
        """Select the first relation of the span selected in the article (without moving the article)."""
        self.table.blockSignals(True)
        for row, relation in enumerate(self.relations):
            if span_id in (relation.source_id, relation.target_id):
                self.table.selectRow(row)
                break
        else:
            self.table.clearSelection()
        self.table.blockSignals(False)

    def _selected(self) -> None:
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
        return False
