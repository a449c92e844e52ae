"""Relations over one article view: drawn as arcs above the text, made from the keyboard.

Each relation is an arc from the top of its source span's first line to the top of its target's, higher
the further apart its ends are, with an arrowhead at the target when its type is directed. Arcs are thin
and translucent, so that dozens in one paragraph stay readable; the relations of the selected span are
drawn strong with their type written at the arc's top, the others faded. Only blocks on screen are
measured; a relation whose other end is off screen is drawn as a stub towards it. Positions go through
the view's ``OffsetMap`` like the spans' own.

Keys on the view (with a span selected, nothing selected in the text): ``R`` starts a relation from the
selected span; then Tab / Shift+Tab or a click selects the target and the relation type's key makes it
(``Esc`` gives up). ``A`` opens the attribute form of the selected span.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPainterPath, QPen, QPolygonF

from annotator.domain.structure import RelationType
from annotator.services.relations import RelationRow
from annotator.ui.article_view import ArticleView
from annotator.ui.span_geometry import line_segments

_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
START_KEY = "r"
ATTRIBUTES_KEY = "a"
_WATCHED = {QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress}


class RelationLayer(QObject):
    relationRequested = Signal(str, str, str)  # source span id, target span id, relation type
    attributesRequested = Signal(str)  # span id
    message = Signal(str)  # what the analyst should do next, for the status bar

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view)
        self.view = view
        self.relations: list[RelationRow] = []
        # Each span's relations: painting looks up the few spans on screen, not every relation.
        self.by_span: dict[str, list[RelationRow]] = {}
        self.types: dict[str, RelationType] = {}
        self.source: str | None = None  # the span a relation is being made from
        # Whether R and A are ours now (review mode gives A, B and R to its decisions).
        self.keys_enabled: Callable[[], bool] = lambda: True
        view.add_overlay(self.paint)
        # Stubs run to the screen's edge and arcs keep below its top, so a scroll draws them all again.
        view.verticalScrollBar().valueChanged.connect(self._scrolled)
        view.selectedSpanChanged.connect(self._span_selected)
        view.installEventFilter(self)

    # -- content --------------------------------------------------------------------------------------

    def show_relations(self, relations: list[RelationRow], types: list[RelationType]) -> None:
        self.relations = relations
        self.by_span = {}
        for relation in relations:
            self._index(relation)
        self.types = {t.name: t for t in types}
        if self.source is not None and self.view.index.get(self.source) is None:
            self.source = None
        self.redraw()

    def add_relation(self, relation: RelationRow) -> None:
        self.relations.append(relation)
        self._index(relation)
        self.redraw()

    def _index(self, relation: RelationRow) -> None:
        self.by_span.setdefault(relation.source_id, []).append(relation)
        if relation.target_id != relation.source_id:
            self.by_span.setdefault(relation.target_id, []).append(relation)

    def hotkeys(self) -> dict[str, str]:
        return {t.hotkey.lower(): t.name for t in self.types.values() if t.hotkey}

    # -- making a relation ----------------------------------------------------------------------------

    def start(self) -> bool:
        selected = self.view.selected_span_id()
        if selected is None:
            self.message.emit("Select a span first (click it or Tab to it), then press R.")
            return False
        if not self.types:
            self.message.emit(
                "The schema has no relation types yet: add them in the label editor (Relation types tab)."
            )
            return False
        self.source = selected
        keys = ", ".join(f"{key.upper()} {name}" for key, name in sorted(self.hotkeys().items()))
        self.message.emit(
            f"Relation from this span: Tab or click the target, then press its type ({keys}); Esc cancels."
        )
        self.redraw()
        return True

    def cancel(self) -> None:
        if self.source is not None:
            self.source = None
            self.message.emit("No relation made.")
            self.redraw()

    def _finish(self, relation_type: str) -> None:
        target = self.view.selected_span_id()
        source = self.source
        if source is None:
            return
        if target is None or target == source:
            self.message.emit("Choose the target span with Tab or a click first.")
            return
        self.source = None
        self.redraw()
        self.relationRequested.emit(source, target, relation_type)

    def _span_selected(self, span_id: object) -> None:
        self.redraw()

    def _scrolled(self) -> None:
        if self.relations or self.source is not None:
            self.redraw()

    def redraw(self) -> None:
        """Draw the arcs again (with the text under them)."""
        self.view.viewport().update()

    # -- events ---------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _WATCHED:
            return False
        if watched is self.view and isinstance(event, QKeyEvent):
            if kind == QEvent.Type.ShortcutOverride and self._handles(event):
                event.accept()  # the key is ours here, not a window shortcut (a label key, say)
                return True
            if kind == QEvent.Type.KeyPress and self._handles(event):
                self._key(event)
                return True
        return False

    def _handles(self, event: QKeyEvent) -> bool:
        if (
            not self.keys_enabled()
            or event.modifiers() not in _PLAIN
            or self.view.textCursor().hasSelection()
        ):
            return False
        text = event.text().lower()
        if self.source is not None:
            return event.key() == Qt.Key.Key_Escape or text in self.hotkeys()
        return self.view.selected_span_id() is not None and text in (START_KEY, ATTRIBUTES_KEY)

    def _key(self, event: QKeyEvent) -> None:
        text = event.text().lower()
        if self.source is not None:
            if event.key() == Qt.Key.Key_Escape:
                self.cancel()
            else:
                self._finish(self.hotkeys()[text])
        elif text == START_KEY:
            self.start()
        elif text == ATTRIBUTES_KEY:
            selected = self.view.selected_span_id()
            if selected is not None:
                self.attributesRequested.emit(selected)

    # -- painting -------------------------------------------------------------------------------------

    def anchors(self, height: float) -> dict[str, QRectF]:
        """The first on-screen line piece of every span with a relation, in viewport coordinates."""
        wanted = self.by_span
        found: dict[str, QRectF] = {}
        view = self.view
        offset = view.contentOffset()
        block = view.firstVisibleBlock()
        while block.isValid():
            top = view.blockBoundingGeometry(block).translated(offset).top()
            if top > height:
                break
            placed = [
                p
                for p in view.index.in_block(block.blockNumber())
                if p.span.id in wanted or p.span.id == self.source
            ]
            if placed and block.isVisible():
                for segment in line_segments(block, top, placed):
                    found.setdefault(segment.placed.span.id, segment.rect)
            block = block.next()
        return found

    def paint(self, painter: QPainter) -> None:
        if not self.relations and self.source is None:
            return
        height = float(self.view.viewport().height())
        anchors = self.anchors(height)
        if not anchors:
            return
        selected = self.view.selected_span_id()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(painter.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.75, 6.0))
        painter.setFont(font)
        on_screen = {r.id: r for span_id in anchors for r in self.by_span.get(span_id, ())}
        for relation in on_screen.values():
            start, end = anchors.get(relation.source_id), anchors.get(relation.target_id)
            relation_type = self.types.get(relation.type)
            colour = QColor(relation_type.colour if relation_type else "#607d8b")
            strong = selected in (relation.source_id, relation.target_id)
            colour.setAlpha(235 if strong else (60 if selected else 150))
            painter.setPen(QPen(colour, 2.2 if strong else 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            directed = relation_type is None or relation_type.directed
            if start is not None and end is not None:
                self._arc(painter, start, end, colour, directed, relation.type if strong else "")
            else:
                self._stub(painter, start or end, height, below=self._below(relation, start is None))  # type: ignore[arg-type]
        if self.source is not None and self.source in anchors:
            rect = anchors[self.source]
            pen = QPen(QColor("#d81b60"), 2.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRoundedRect(rect.adjusted(-1.0, -1.0, 1.0, 1.0), 3.0, 3.0)

    def _below(self, relation: RelationRow, source_missing: bool) -> bool:
        """Whether the relation's off-screen end lies after the screen."""
        missing = relation.source_id if source_missing else relation.target_id
        here = relation.target_id if source_missing else relation.source_id
        first, second = self.view.index.qt_range(missing), self.view.index.qt_range(here)
        return bool(first and second and first[0] > second[0])

    @staticmethod
    def _arc(
        painter: QPainter, start: QRectF, end: QRectF, colour: QColor, directed: bool, caption: str
    ) -> None:
        a = QPointF(start.center().x(), start.top() + 2.0)
        b = QPointF(end.center().x(), end.top() + 2.0)
        rise = min(10.0 + 0.12 * abs(b.x() - a.x()) + 0.25 * abs(b.y() - a.y()), 3.0 * start.height())
        apex_y = max(min(a.y(), b.y()) - rise, 2.0)  # the first line's arcs stay on screen
        path = QPainterPath(a)
        path.cubicTo(QPointF(a.x(), apex_y), QPointF(b.x(), apex_y), b)
        painter.drawPath(path)
        if directed:
            _arrowhead(painter, QPointF(b.x(), apex_y), b, colour)
        if caption:
            middle = path.pointAtPercent(0.5)
            painter.setPen(QPen(colour.darker(140)))
            # Over the arc's top, but never above the screen (the first line's arcs reach its top edge).
            baseline = max(middle.y() - 2.0, painter.fontMetrics().ascent() + 1.0)
            painter.drawText(QPointF(middle.x() + 3.0, baseline), caption)

    @staticmethod
    def _stub(painter: QPainter, rect: QRectF, height: float, *, below: bool) -> None:
        x = rect.center().x()
        y = rect.top() + 2.0
        end = height if below else 0.0
        path = QPainterPath(QPointF(x, y))
        path.cubicTo(QPointF(x, y - 12.0), QPointF(x + 18.0, y - 12.0), QPointF(x + 18.0, end))
        painter.drawPath(path)


def _arrowhead(painter: QPainter, towards: QPointF, tip: QPointF, colour: QColor) -> None:
    angle = math.atan2(tip.y() - towards.y(), tip.x() - towards.x())
    size = 6.0
    left = QPointF(tip.x() - size * math.cos(angle - 0.45), tip.y() - size * math.sin(angle - 0.45))
    right = QPointF(tip.x() - size * math.cos(angle + 0.45), tip.y() - size * math.sin(angle + 0.45))
    painter.setBrush(colour)
    painter.drawPolygon(QPolygonF([tip, left, right]))
    painter.setBrush(Qt.BrushStyle.NoBrush)
