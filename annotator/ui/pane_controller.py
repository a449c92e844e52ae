"""The two article panes and how the user moves between articles: which pane is active, which layers
each shows, the article list and span list that follow the active pane, and repainting after a change.

It is also the screen side of every change (``ChangeSink``): undo commands and operations tell it what
the database now holds, and it shows that without reading whole articles again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMenu, QSplitter

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.errors import AnnotatorError, NotFoundError
from annotator.domain.models import DocumentStatus, DocumentSummary, Span
from annotator.services import adjudication, documents, reading, revisions
from annotator.services.project import Project
from annotator.services.reading import SpanRow
from annotator.ui.article_pane import ArticlePane
from annotator.ui.commands import Place
from annotator.ui.context import WindowContext
from annotator.ui.document_dock import DocumentPanel
from annotator.ui.document_model import DocumentListModel
from annotator.ui.find_bar import FindBar
from annotator.ui.pane_sync import ScrollSync
from annotator.ui.span_list import SpanListPanel

# The article filter's data for a document label (label names cannot hold this control character).
DOCUMENT_LABEL_FILTER = "\x1fdocument-label\x1f"


class PaneController(QObject):
    spansShown = Signal()  # the spans on screen changed (an edit, undo or redo)
    goldShown = Signal()  # the gold layer of an article on screen changed
    layersShown = Signal()  # a pane now shows other layers
    countsChanged = Signal()  # article statuses or span counts changed
    spanSelected = Signal(object)  # the span selected in the active pane, or None
    documentShown = Signal(object)  # the pane that now shows an article (read again or another one)
    spansEdited = Signal(list, list)  # spans added, spans removed (by an edit, undo or redo)
    statusRequested = Signal(str, object)  # document id, DocumentStatus: chosen in a pane's header
    documentNoteRequested = Signal(str)
    activePaneChanged = Signal(object)  # the pane that became active
    documentLabelFilterChosen = Signal(str)  # the article filter chose a document label (its data)

    def __init__(self, context: WindowContext, find_bar: FindBar) -> None:
        super().__init__(context)
        self.context = context
        self.documents = DocumentListModel(self.document_details)
        self.left = ArticlePane("left", self.documents)
        self.right = ArticlePane("right", self.documents)
        self.panes = (self.left, self.right)
        self.active_pane = self.left
        self.find_bar = find_bar
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.document_panel = DocumentPanel(self.documents)
        self.span_list = SpanListPanel()
        self.colours: dict[str, QColor] = {}
        # Review mode shows an article in both panes; it registers here to take over "show this article".
        self.open_in_review: Callable[[str], bool] = lambda _document_id: False
        for pane in self.panes:
            self.splitter.addWidget(pane)
            pane.documentRequested.connect(lambda doc_id, p=pane: self.open_document(doc_id, p))
            pane.statusChosen.connect(
                lambda doc_id, value: self.statusRequested.emit(doc_id, DocumentStatus(value))
            )
            pane.documentNoteRequested.connect(self.documentNoteRequested)
            pane.view.activated.connect(lambda p=pane: self.set_active_pane(p))
            pane.view.selectedSpanChanged.connect(lambda span_id, p=pane: self._span_selected(p, span_id))
            pane.layersChanged.connect(lambda p=pane: self._layers_changed(p))
        self.scroll_sync = ScrollSync(self.left.view, self.right.view)
        self.document_panel.documentActivated.connect(self.show_article)
        self.document_panel.labelFilterChanged.connect(self._filter_by_label)
        self.document_panel.nextUnfinishedRequested.connect(self.open_next_unfinished)
        self.document_panel.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.document_panel.table.customContextMenuRequested.connect(self._document_menu)
        self.span_list.spanActivated.connect(self.jump_to_span)

    @property
    def project(self) -> Project:
        return self.context.project

    # -- opening articles ---------------------------------------------------------------------------------

    def show_article(self, document_id: str) -> None:
        """Open an article where the user asked: both panes in review mode, else the active pane."""
        if not self.open_in_review(document_id):
            self.open_document(document_id, self.active_pane)

    def open_document(self, document_id: str, pane: ArticlePane, *, focus: bool = True) -> None:
        try:
            document = reading.load_document(self.project, document_id)
            rows = self._visible_rows(pane, document_id)
        except AnnotatorError as error:
            self.context.show_error(error, "open the article")
            return
        flagged = revisions.spans_needing_review(self.project, document_id)
        pane.view.flagged = {row.id: row.review_reason for row in flagged}
        pane.view.show_document(document, rows)
        self.documentShown.emit(pane)
        pane.sync_chooser(self.documents)
        pane.colleagues_notes = documents.colleagues_notes(self.project, document_id)
        pane.show_summary(self.documents.status(document_id))
        if focus:
            self.set_active_pane(pane)
            pane.view.setFocus()  # keyboard goes to the article just opened: label keys work at once
        elif pane is self.active_pane:
            self.span_list.set_spans(pane.view.index.rows())
            self.document_panel.show_current(document_id)

    def reopen(self, pane: ArticlePane) -> None:
        """Read the pane's article again, keeping where it was scrolled to."""
        if pane.document_id:
            scroll = pane.view.verticalScrollBar().value()
            self.open_document(pane.document_id, pane, focus=pane is self.active_pane)
            pane.view.verticalScrollBar().setValue(scroll)

    def clear(self) -> None:
        for pane in self.panes:
            pane.view.show_document(None, [])
            pane.show_summary(None)

    def visible_layers(self, pane: ArticlePane) -> list[str]:
        return pane.layers if pane.layers is not None else [self.project.annotator]

    def show_own_layer(self, pane: ArticlePane) -> None:
        """Make sure the user's own spans show in ``pane`` (they are about to add one)."""
        layers = self.visible_layers(pane)
        if self.project.annotator not in layers:
            pane.set_layers([*layers, self.project.annotator])

    def _visible_rows(self, pane: ArticlePane, document_id: str) -> list[SpanRow]:
        layers = self.visible_layers(pane)
        rows = reading.document_span_rows(self.project, document_id, [n for n in layers if n != GOLD_LAYER])
        if GOLD_LAYER in layers:
            gold = adjudication.gold_spans(self.project, document_id)
            rows += [reading.span_row(g.as_span()) for g in gold]
        return rows

    def set_layer_choices(self, names: list[str]) -> None:
        for pane in self.panes:
            pane.set_layer_choices(names, self.project.annotator)
            pane.view.set_label_colours(self.colours)
            pane.view.highlighter.own_annotator = self.project.annotator

    def _layers_changed(self, pane: ArticlePane) -> None:
        if pane.document_id:
            self.open_document(pane.document_id, pane, focus=False)
        self.layersShown.emit()

    # -- moving around ------------------------------------------------------------------------------------

    def set_active_pane(self, pane: ArticlePane) -> None:
        self.active_pane = pane
        self.find_bar.set_view(pane.view)
        for each in self.panes:
            each.set_active(each is pane)
        self.span_list.set_spans(pane.view.index.rows())
        self.span_list.show_selected(pane.view.selected_span_id())
        self.document_panel.show_current(pane.document_id)
        self.activePaneChanged.emit(pane)

    def focus_other_pane(self) -> None:
        other = self.right if self.active_pane is self.left else self.left
        self.set_active_pane(other)
        other.view.setFocus()

    def open_selected_in(self, pane: ArticlePane) -> None:
        document_id = self.document_panel.current_document_id()
        if document_id:
            self.open_document(document_id, pane)

    def step_document(self, step: int) -> None:
        """Open the previous or next article of the (filtered) list in the active pane."""
        shown = self.document_panel.proxy
        count = shown.rowCount()
        if not count:
            return
        current = self.active_pane.document_id
        row = shown.row_of(current) if current else None
        position = row + step if row is not None else (0 if step > 0 else count - 1)
        if 0 <= position < count:
            self.show_article(shown.document_id(position))
        else:
            self.context.message("No more articles in that direction.", 3000)

    def swap_panes(self) -> None:
        left_id, right_id = self.left.document_id, self.right.document_id
        left_scroll = self.left.view.verticalScrollBar().value()
        right_scroll = self.right.view.verticalScrollBar().value()
        for pane, document_id, scroll in (
            (self.left, right_id, right_scroll),
            (self.right, left_id, left_scroll),
        ):
            if document_id:
                self.open_document(document_id, pane, focus=False)
                pane.view.verticalScrollBar().setValue(scroll)
        self.set_active_pane(self.right if self.active_pane is self.left else self.left)

    def open_next_unfinished(self) -> None:
        document_id = self.documents.next_unfinished(self.active_pane.document_id)
        if document_id is None:
            self.context.message("Every article is done. Well done!")
            return
        self.show_article(document_id)

    def open_hit(self, document_id: str, start: int, end: int) -> None:
        """A corpus search hit: open its article and select the match (title hits open at the top)."""
        self.open_document(document_id, self.active_pane)
        view = self.active_pane.view
        if end > start:
            view.select_range(start, end)
            view.centerCursor()

    def jump_to_span(self, span_id: str) -> None:
        view = self.active_pane.view
        view.clear_selection()
        view.select_span(span_id)
        view.setFocus()

    def reveal(self, place: Place) -> str:
        """Show where an undo or redo step changed something: its article (opened in the active pane when
        no pane shows it), the span selected or, when it is gone, its text. Returns the article's title."""
        showing = [pane for pane in self.panes if pane.document_id == place.document_id]
        if not showing:
            self.show_article(place.document_id)
            showing = [pane for pane in self.panes if pane.document_id == place.document_id]
        if not showing:
            return ""
        pane = self.active_pane if self.active_pane in showing else showing[0]
        view = pane.view
        if place.span_id is not None and view.index.get(place.span_id) is not None:
            view.clear_selection()
            view.select_span(place.span_id)
        elif place.end > place.start:
            view.select_span(None)
            view.select_range(place.start, place.end)
            view.centerCursor()
        record = view.document_record
        return record.title if record else ""

    def shown_span(self, span_id: str) -> Span:
        """The span as the active pane shows it: what an edit is based on (refused if it changed since)."""
        span = self.active_pane.view.index.get(span_id)
        if span is None:
            raise NotFoundError("the span is no longer shown; select it again")
        return span

    def _span_selected(self, pane: ArticlePane, span_id: object) -> None:
        if pane is self.active_pane:
            self.span_list.show_selected(str(span_id) if span_id else None)
        self.spanSelected.emit(pane.view.index.get(str(span_id)) if span_id else None)

    def _filter_by_label(self, label: str) -> None:
        if label.startswith(DOCUMENT_LABEL_FILTER):
            self.documentLabelFilterChosen.emit(label)
            return
        self.document_panel.proxy.set_allowed_ids(
            documents.documents_with_label(self.project, label) if label else None
        )

    def _document_menu(self, point: QPoint) -> None:
        table = self.document_panel.table
        index = table.indexAt(point)
        if not index.isValid():
            return
        table.setCurrentIndex(index)
        document_id = self.document_panel.current_document_id()
        if document_id is None:
            return
        menu = QMenu(table)
        menu.addAction("Open in left pane", lambda: self.open_document(document_id, self.left))
        menu.addAction("Open in right pane", lambda: self.open_document(document_id, self.right))
        menu.addSeparator()
        for status in DocumentStatus:
            menu.addAction(
                f"Mark {status.display_name.lower()}", partial(self._request_status, document_id, status)
            )
        menu.popup(table.viewport().mapToGlobal(point))

    def _request_status(self, document_id: str, status: DocumentStatus) -> None:
        self.statusRequested.emit(document_id, status)

    # -- ChangeSink: what undo commands and operations report after the database changed -----------------

    def spans_changed(self, *, added: list[Span], removed: list[Span]) -> None:
        touched = {span.document_id for span in [*added, *removed]}
        for pane in self.panes:
            if pane.document_id not in touched:
                continue
            for span in removed:
                if span.document_id == pane.document_id:
                    pane.view.remove_span(span.id)
            layers = self.visible_layers(pane)
            for span in added:
                if span.document_id == pane.document_id and span.annotator in layers:
                    pane.view.add_span(span)
        for document_id in touched:
            self.summary_changed(document_id)  # spans never change the article's text, note or status
        self.span_list.update_spans(
            self.active_pane.view.index.rows(), [reading.span_row(span) for span in [*added, *removed]]
        )
        self.span_list.show_selected(self.active_pane.view.selected_span_id())
        self.spansShown.emit()
        self.spansEdited.emit(added, removed)

    def gold_changed(self, document_id: str) -> None:
        """The gold layer of a document changed: repaint panes that show it, refresh the review."""
        for pane in self.panes:
            if pane.document_id == document_id and GOLD_LAYER in self.visible_layers(pane):
                scroll = pane.view.verticalScrollBar().value()
                self.open_document(document_id, pane, focus=False)
                pane.view.verticalScrollBar().setValue(scroll)
        self.goldShown.emit()

    def flags_changed(self, document_id: str) -> None:
        for pane in self.panes:
            if pane.document_id == document_id:
                self.reopen(pane)

    def document_changed(self, document_id: str) -> None:
        """The article itself changed (note, status): read it again, then refresh its summary."""
        try:
            record = reading.load_document(self.project, document_id)
        except AnnotatorError:
            return
        for pane in self.panes:
            if pane.document_id == document_id:
                pane.view.document_record = record
        self.summary_changed(document_id)

    def summary_changed(self, document_id: str) -> None:
        """Counts in the article list and the panes' headers, without reading the article again."""
        summary = self.document_details(document_id)
        if summary is None:
            return
        self.documents.update_document(summary)
        for pane in self.panes:
            if pane.document_id == document_id:
                pane.show_summary(summary.status)
        self.countsChanged.emit()

    def command_failed(self, error: Exception, action: str) -> None:
        """Show the error and make the screen agree with the database again."""
        if not isinstance(error, AnnotatorError):
            self.context.undo_stack.clear()
        self.context.show_error(error, action)
        for pane in self.panes:
            if pane.document_id:
                self.open_document(pane.document_id, pane, focus=False)

    def document_details(self, document_id: str) -> DocumentSummary | None:
        try:
            return reading.document_summary(self.project, document_id)
        except AnnotatorError:
            return None
