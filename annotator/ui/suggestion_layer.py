"""Suggestions over one article view: drawn as outlines (never fills, so nobody takes one for a tag),
explained on hover, selected with Tab or a click, and decided with a key.

The layer sits on the view without changing it: the view's paint draws the outlines over the text, and
event filters see keys, clicks and hovers first, passing on everything that is not about a suggestion.
Positions go through the view's ``OffsetMap``, like the spans' own.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QToolTip

from annotator.domain.suggestions import Suggestion
from annotator.services.reading import SpanRow
from annotator.services.suggestions import best_per_place
from annotator.ui.article_view import ArticleView
from annotator.ui.span_geometry import line_segments
from annotator.ui.span_index import SpanIndex

_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
_ACCEPT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_REJECT_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
_WATCHED = {
    QEvent.Type.ToolTip,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.ShortcutOverride,
    QEvent.Type.KeyPress,
}


def _row_id(suggestion: Suggestion) -> str:
    return f"suggestion:{suggestion.id}"


class SuggestionLayer(QObject):
    selectionChanged = Signal(object)  # the selected Suggestion or None
    acceptRequested = Signal(object, str)  # Suggestion, label ("" for its own)
    rejectRequested = Signal(object)  # Suggestion

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view)
        self.view = view
        self.suggestions: dict[str, Suggestion] = {}
        self.index = SpanIndex(view.offsets, [0])
        self.selected: Suggestion | None = None
        self.visible = True
        self.hotkeys: dict[str, str] = {}  # key text -> label
        view.add_overlay(self.paint)
        view.selectedSpanChanged.connect(self._span_selected)
        # Kept, so that the filter compares Python objects and never calls into a view being destroyed.
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)
        view.installEventFilter(self)

    # -- content --------------------------------------------------------------------------------------

    def show_suggestions(self, suggestions: list[Suggestion]) -> None:
        """Show the article's open suggestions (after the view showed the article)."""
        kept = best_per_place(suggestions)
        previous = self.selected.key if self.selected else None
        before, self.suggestions = self.suggestions, {_row_id(s): s for s in kept}
        starts = []
        block = self.view.document().begin()
        while block.isValid():
            starts.append(block.position())
            block = block.next()
        self.index = SpanIndex(self.view.offsets, starts or [0])
        self.index.replace_all(
            SpanRow(_row_id(s), s.document_id, s.start, s.end, s.label, s.text, s.source.value, "", "", "")
            for s in kept
        )
        again = next((s for s in kept if s.key == previous), None)
        self._set_selected(again)
        if self.suggestions != before:  # refreshed after every edit, mostly to the same outlines
            self.view.viewport().update()

    def ordered(self) -> list[Suggestion]:
        return [self.suggestions[row.id] for row in self.index.rows()]

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        if not visible:
            self._set_selected(None)
        self.view.viewport().update()

    # -- selection ------------------------------------------------------------------------------------

    def select(self, suggestion: Suggestion | None) -> None:
        if suggestion is not None:
            self.view.select_span(None)
            self.view.clear_selection()
            qt_start, _ = self.view.offsets.range_to_qt(suggestion.start, suggestion.end)
            cursor = self.view.textCursor()
            cursor.setPosition(qt_start)
            self.view.setTextCursor(cursor)
            self.view.ensureCursorVisible()
        self._set_selected(suggestion)

    def _set_selected(self, suggestion: Suggestion | None) -> None:
        if suggestion == self.selected:
            return
        self.selected = suggestion
        self.view.viewport().update()
        self.selectionChanged.emit(suggestion)

    def _span_selected(self, span_id: object) -> None:
        if span_id:
            self._set_selected(None)

    def step(self, step: int) -> None:
        """Tab through spans and suggestions together, in reading order."""
        spans = [(row.start, row.end, 0, row.id) for row in self.view.index.rows()]
        shown = self.ordered() if self.visible else []
        items = sorted(spans + [(s.start, s.end, 1, _row_id(s)) for s in shown])
        if not items:
            return
        current = self.view.selected_span_id() or (_row_id(self.selected) if self.selected else None)
        ids = [item[3] for item in items]
        if current in ids:
            target = ids[(ids.index(current) + step) % len(ids)]
        else:
            here = self.view.offsets.from_qt(self.view.textCursor().position())
            after = [item for item in items if item[0] >= here]
            before = [item for item in items if item[0] < here]
            pick = (after[0] if after else items[0]) if step > 0 else (before[-1] if before else items[-1])
            target = pick[3]
        if target in self.suggestions:
            self.select(self.suggestions[target])
        else:
            self._set_selected(None)
            self.view.clear_selection()
            self.view.select_span(target)

    # -- painting -------------------------------------------------------------------------------------

    def paint(self, painter: QPainter) -> None:
        if not self.visible or not self.suggestions:
            return
        view = self.view
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colours = view.highlighter.colours
        offset = view.contentOffset()
        height = view.viewport().height()
        selected = _row_id(self.selected) if self.selected else None
        block = view.firstVisibleBlock()
        while block.isValid():
            top = view.blockBoundingGeometry(block).translated(offset).top()
            if top > height:
                break
            placed = self.index.in_block(block.blockNumber())
            if placed and block.isVisible():
                for segment in line_segments(block, top, placed):
                    colour = QColor(colours.get(segment.placed.span.label, QColor("#757575"))).darker(140)
                    chosen = segment.placed.span.id == selected
                    pen = QPen(colour, 2.5 if chosen else 1.3)
                    pen.setStyle(Qt.PenStyle.SolidLine if chosen else Qt.PenStyle.DashLine)
                    painter.setPen(pen)
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRoundedRect(QRectF(segment.rect).adjusted(0.5, 1.0, -0.5, -1.0), 3.0, 3.0)
            block = block.next()

    # -- events ---------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _WATCHED:
            return False
        if watched is self._viewport:
            if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
                return self._tooltip(event)
            elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
                self._clicked(event)
            return False
        if watched is self.view and isinstance(event, QKeyEvent):
            if kind == QEvent.Type.ShortcutOverride and self._handles(event):
                event.accept()  # the key is ours, not the window's shortcut (Delete, a label key)
                return True
            if kind == QEvent.Type.KeyPress:
                return self._key(event)
        return False

    def _at(self, point: object) -> list[Suggestion]:
        if not self.visible:
            return []
        position = self.view.cursorForPosition(point).position()  # type: ignore[arg-type]
        return [self.suggestions[span.id] for span in self.index.at(position) if span.id in self.suggestions]

    def _tooltip(self, event: QHelpEvent) -> bool:
        found = self._at(event.pos())
        if not found:
            return False  # the view explains its spans
        position = self.view.cursorForPosition(event.pos()).position()
        lines = [suggestion_tooltip(s) for s in found]
        spans = self.view.index.at(position)
        if spans:
            lines += [f"<b>{html.escape(s.label)}</b> · {html.escape(s.annotator)}" for s in spans]
        QToolTip.showText(event.globalPos(), "<br>".join(lines), self.view.viewport())
        return True

    def _clicked(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.view.textCursor().hasSelection():
            return
        position = self.view.cursorForPosition(event.position().toPoint()).position()
        if self.view.index.at(position):
            return  # a click on a span selects the span
        found = self._at(event.position().toPoint())
        self._set_selected(found[0] if found else None)

    def _handles(self, event: QKeyEvent) -> bool:
        if self.selected is None or self.view.textCursor().hasSelection():
            return event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and bool(self.suggestions)
        plain = event.modifiers() in _PLAIN
        key = event.key()
        return (plain and (key in _ACCEPT_KEYS or key in _REJECT_KEYS or key == Qt.Key.Key_Escape)) or (
            plain and event.text() in self.hotkeys
        )

    def _key(self, event: QKeyEvent) -> bool:
        key, modifiers = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        tab = key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        plain_or_shift = modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        if tab and plain_or_shift and self.visible and self.suggestions:
            self.step(-1 if key == Qt.Key.Key_Backtab or modifiers else 1)
            return True
        suggestion = self.selected
        if suggestion is None or modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        if key in _ACCEPT_KEYS:
            self.acceptRequested.emit(suggestion, "")
        elif key in _REJECT_KEYS:
            self.rejectRequested.emit(suggestion)
        elif key == Qt.Key.Key_Escape:
            self._set_selected(None)
        elif event.text() in self.hotkeys:
            self.acceptRequested.emit(suggestion, self.hotkeys[event.text()])
        else:
            return False
        return True


def suggestion_tooltip(suggestion: Suggestion) -> str:
    why = f"<br><i>{html.escape(suggestion.provenance)}</i>" if suggestion.provenance else ""
    return (
        f"<b>suggested {html.escape(suggestion.label)}</b> · {suggestion.source.display_name}, "
        f"score {suggestion.score:.2f}{why}<br>Enter accepts · Delete rejects"
    )
