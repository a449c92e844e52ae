"""Ctrl+drag from one span to another in an article view makes a relation between them.

While the button is held a dashed line follows the mouse from the source span. On release over another
span a small menu lists the relation types allowed between the two labels, each picked by its key (Esc
cancels); the choice goes through the layer's ``relationRequested`` like the keyboard's R, so the relation
is one undo step. The same menu changes the type of a relation chosen in the Relations panel (T).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QMenu, QWidget

from annotator.domain.structure import RelationType
from annotator.ui.plain_text import literal_ampersands
from annotator.ui.relation_layer import RelationLayer


def allowed_types(types: Sequence[RelationType], source_label: str, target_label: str) -> list[RelationType]:
    return [t for t in types if t.refusal(source_label, target_label) is None]


def type_menu(parent: QWidget, types: Sequence[RelationType]) -> QMenu:
    """A menu of ``types``: each entry's key is the type's hotkey (or its number when it has none)."""
    menu = QMenu(parent)
    menu.setObjectName("relation-type-menu")
    for number, relation_type in enumerate(types, start=1):
        key = relation_type.hotkey or (str(number) if number < 10 else "")
        text = literal_ampersands(relation_type.name)
        action = menu.addAction(f"&{key.upper()}   {text}" if key else text)
        action.setData(relation_type.name)
    return menu


def ask_type(parent: QWidget, types: Sequence[RelationType], at: QPoint) -> str | None:
    """The type picked from the menu at ``at`` (global), or None when the analyst cancelled."""
    menu = type_menu(parent, types)
    try:
        chosen = menu.exec(at)
        return str(chosen.data()) if chosen is not None else None
    finally:
        menu.deleteLater()


class RelationDrag(QObject):
    def __init__(self, layer: RelationLayer) -> None:
        super().__init__(layer)
        self.layer = layer
        self.view = layer.view
        self.source: str | None = None
        # The dashed line from the source span to the mouse while the button is held (viewport points).
        self.line_start = QPointF()
        self.line_end = QPointF()
        self.view.add_overlay(self._paint_line)
        self.view.viewport().installEventFilter(self)

    def _paint_line(self, painter: QPainter) -> None:
        if self.source is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(self.view.palette().highlight().color()), 2, Qt.PenStyle.DashLine))
        painter.drawLine(self.line_start, self.line_end)

    def _redraw_line(self) -> None:
        # Only where the line is: a drag repaints at every mouse move.
        rect = QRectF(self.line_start, self.line_end).normalized().adjusted(-3.0, -3.0, 3.0, 3.0)
        self.view.viewport().update(rect.toAlignedRect())

    def span_at(self, point: QPoint) -> str | None:
        """The shortest span under ``point`` (viewport coordinates)."""
        hits = self.view.index.at(self.view.cursorForPosition(point).position())
        return hits[0].id if hits else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QMouseEvent) or not self.layer.keys_enabled():
            return False
        kind = event.type()
        point = event.position().toPoint()
        if kind == QEvent.Type.MouseButtonPress:
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            source = self.span_at(point) if ctrl and event.button() == Qt.MouseButton.LeftButton else None
            if source is None:
                return False
            self.source = source
            self.view.activated.emit()
            self.view.select_span(source)
            self.line_start = self.line_end = event.position()
            return True  # no text selection starts under a relation drag
        if self.source is None:
            return False
        if kind == QEvent.Type.MouseMove:
            self._redraw_line()  # where it was
            self.line_end = event.position()
            self._redraw_line()
            return True
        if kind == QEvent.Type.MouseButtonRelease:
            source, self.source = self.source, None
            self._redraw_line()
            self.finish(source, self.span_at(point), self.view.viewport().mapToGlobal(point))
            return True
        return False

    def finish(self, source: str, target: str | None, at: QPoint) -> None:
        if target is None or target == source:
            self.layer.message.emit("No relation: release Ctrl+drag over another span.")
            return
        index = self.view.index
        source_row, target_row = index.row(source), index.row(target)
        if source_row is None or target_row is None:
            return
        types = allowed_types(list(self.layer.types.values()), source_row.label, target_row.label)
        if not types:
            self.layer.message.emit(
                f"No relation type goes from {source_row.label} to {target_row.label}; "
                "allow one in the label editor (Relation types tab)."
            )
            return
        self.view.select_span(target)
        chosen = ask_type(self.view, types, at)
        if chosen is None:
            self.layer.message.emit("No relation made.")
            return
        self.layer.relationRequested.emit(source, target, chosen)
