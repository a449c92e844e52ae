"""The main window: article list, two article panes side by side, label palette and span list.

It composes widgets and routes user actions to services through undo commands; it holds no data
beyond what is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QPoint, QSettings, Qt
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.errors import AnnotatorError, Cancelled, NotFoundError
from annotator.domain.models import DocumentStatus, DocumentSummary, Label, Span
from annotator.domain.progress import NO_PROGRESS, Progress
from annotator.domain.spans import snap_to_words
from annotator.services import adjudication, annotation, documents, reading, revisions
from annotator.services import search as search_service
from annotator.services.project import Project
from annotator.services.reading import ArticleList, SpanRow
from annotator.ui.agreement_panel import AgreementPanel
from annotator.ui.article_pane import ArticlePane
from annotator.ui.bulk_commands import TagAllCommand
from annotator.ui.commands import (
    DeleteSpanCommand,
    ReplaceSpanCommand,
    ReviewFlagCommand,
    TagSpanCommand,
    document_note_command,
    status_command,
)
from annotator.ui.curation_view import CurationView, open_curation
from annotator.ui.document_dock import DocumentPanel
from annotator.ui.document_model import DocumentListModel
from annotator.ui.errors import error_box, info_box
from annotator.ui.find_bar import FindBar
from annotator.ui.fonts import missing_font_hint
from annotator.ui.guidelines_dock import GuidelinesDock
from annotator.ui.hub_sync import start_hub_sync
from annotator.ui.index_catch_up import IndexCatchUp
from annotator.ui.label_editor import LabelEditorDialog
from annotator.ui.label_palette import LabelPalette
from annotator.ui.note_dialog import NoteDialog
from annotator.ui.pane_sync import ScrollSync
from annotator.ui.plain_text import literal_ampersands, plain_label
from annotator.ui.review_mode import ReviewMode
from annotator.ui.review_panel import ReviewPanel
from annotator.ui.search_dock import SearchDock
from annotator.ui.sessions_chart import show_sessions
from annotator.ui.shortcuts_dialog import ShortcutRow, ShortcutsDialog
from annotator.ui.span_list import SpanListPanel
from annotator.ui.structure_controller import StructureController
from annotator.ui.suggestion_controller import SuggestionController
from annotator.ui.tag_all_dialog import TagAllDialog
from annotator.ui.tasks import BackgroundTask, Work
from annotator.ui.theme import THEMES, apply_theme
from annotator.ui.undo_history import UndoHistory

if TYPE_CHECKING:
    from annotator.metrics.report import AgreementReport
    from annotator.services.exporting import ExportFilter

RECENT_LIMIT = 8


class MainWindow(QMainWindow):
    def __init__(self, project: Project, settings: QSettings) -> None:
        super().__init__()
        self.project = project
        self.settings = settings
        self.labels: list[Label] = []
        self.last_error: BaseException | None = None
        self.last_report = ""
        self.tasks: list[BackgroundTask] = []
        self.agreement_panel: AgreementPanel | None = None
        self.curation_view: CurationView | None = None
        self._seen_version: int | None = None
        self.shortcut_rows: list[ShortcutRow] = []
        self.undo_stack = QUndoStack(self)
        self.history = UndoHistory(self.undo_stack, lambda text: self.statusBar().showMessage(text, 5000))
        self.setAcceptDrops(True)

        self.documents = DocumentListModel(self._document_details)
        self.left = ArticlePane("left", self.documents)
        self.right = ArticlePane("right", self.documents)
        self.panes = (self.left, self.right)
        self.active_pane = self.left
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        for pane in self.panes:
            self.splitter.addWidget(pane)
            pane.documentRequested.connect(lambda doc_id, p=pane: self.open_document(doc_id, p))
            pane.statusChosen.connect(lambda doc_id, value: self.set_status(doc_id, DocumentStatus(value)))
            pane.documentNoteRequested.connect(self.edit_document_note)
            pane.view.activated.connect(lambda p=pane: self.set_active_pane(p))
            pane.view.selectedSpanChanged.connect(lambda span_id, p=pane: self._span_selected(p, span_id))
            pane.view.noteRequested.connect(self.edit_span_note)
            pane.view.resizeRequested.connect(self.resize_span)
            pane.view.flagAcceptRequested.connect(self.accept_flagged_span)
            pane.layersChanged.connect(lambda p=pane: self._layers_changed(p))
        self.find_bar = FindBar()
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(2)
        centre_layout.addWidget(self.splitter, 1)
        centre_layout.addWidget(self.find_bar)
        self.setCentralWidget(centre)
        self.scroll_sync = ScrollSync(self.left.view, self.right.view)

        self.document_panel = DocumentPanel(self.documents)
        self.document_panel.documentActivated.connect(self.show_article)
        self.document_panel.labelFilterChanged.connect(self._filter_by_label)
        self.document_panel.nextUnfinishedRequested.connect(self.open_next_unfinished)
        self.document_panel.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.document_panel.table.customContextMenuRequested.connect(self._document_menu)
        self.palette_widget = LabelPalette()
        self.palette_widget.labelChosen.connect(self.apply_label)
        self.span_list = SpanListPanel()
        self.span_list.spanActivated.connect(self._jump_to_span)
        self.document_dock = self._dock(
            "Articles", "articles-dock", self.document_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.labels_dock = self._dock(
            "Labels", "labels-dock", self.palette_widget, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.spans_dock = self._dock(
            "Spans", "spans-dock", self.span_list, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.review_panel = ReviewPanel()
        self.review_dock = self._dock(
            "Review", "review-dock", self.review_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.tabifyDockWidget(self.spans_dock, self.review_dock)
        self.review_dock.hide()
        self.review = ReviewMode(self, self.review_panel)
        self.search_dock = SearchDock(project, self)
        self.search_dock.setObjectName("search-dock")
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.search_dock)
        self.tabifyDockWidget(self.document_dock, self.search_dock)
        self.document_dock.raise_()
        self.search_dock.hitActivated.connect(self.open_hit)
        self.guidelines_dock = GuidelinesDock(project, self, load=False)  # rendered when first shown
        self.guidelines_dock.setObjectName("guidelines-dock")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.guidelines_dock)
        self.tabifyDockWidget(self.spans_dock, self.guidelines_dock)
        self.spans_dock.raise_()
        self.review_shortcuts: list[QShortcut] = []

        self.label_shortcuts: list[QShortcut] = []
        self._build_menus()
        self.suggestion_controller = SuggestionController(self)
        self.structure_controller = StructureController(self)
        self.index_catch_up = IndexCatchUp(self)
        self.span_info = plain_label()
        self.statusBar().addPermanentWidget(self.span_info)
        self.read_only_banner = plain_label()
        self.read_only_banner.setStyleSheet("color: #c62828; font-weight: bold;")
        self.statusBar().addWidget(self.read_only_banner)
        self.read_only_banner.hide()
        self._update_title()
        self.reload()
        self._restore_state()
        self.set_active_pane(self.active_pane)
        hint = missing_font_hint()
        if hint:
            self.statusBar().showMessage(hint, 15000)
        self._show_read_only_reason()
        self.hub_sync = start_hub_sync(self)
        self._ready = True

    # -- building -------------------------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def add_action(
        self,
        menu: QMenu,
        group: str,
        text: str,
        slot: Callable[[], object] | None,
        *shortcuts: str | QKeySequence.StandardKey,
        checkable: bool = False,
    ) -> QAction:
        """Add a menu action and record it for the shortcuts window."""
        action = QAction(text, self)
        sequences = [QKeySequence(s) for s in shortcuts]
        if sequences:
            action.setShortcuts(sequences)
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)  # shortcuts work even when the menu bar is hidden
        if sequences:
            keys = " or ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences)
            self.shortcut_rows.append((group, text.replace("&", "").rstrip("…"), keys))
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.add_action(
            file_menu, "Project", "&Open project…", self.choose_project, QKeySequence.StandardKey.Open
        )
        self.recent_menu = file_menu.addMenu("Open &recent project")
        file_menu.addSeparator()
        self.add_action(file_menu, "Project", "&Import articles or annotations…", self.import_files, "Ctrl+I")
        self.add_action(file_menu, "Project", "&Export dataset…", self.export_dataset, "Ctrl+E")
        self.add_action(file_menu, "Project", "&Merge a colleague's project…", self.merge_colleague)
        self.add_action(file_menu, "Project", "Your annotator &name…", self.change_annotator_name)
        file_menu.addSeparator()
        self.add_action(file_menu, "Project", "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = bar.addMenu("&Edit")
        undo, redo = self.history.actions(self)
        edit_menu.addActions([undo, redo])
        self.addActions([undo, redo])
        self.shortcut_rows += [("Editing", "Undo", "Ctrl+Z"), ("Editing", "Redo", "Ctrl+Shift+Z or Ctrl+Y")]
        edit_menu.addSeparator()
        self.add_action(
            edit_menu, "Editing", "&Delete span", self.delete_selected_span, QKeySequence.StandardKey.Delete
        )
        self.add_action(edit_menu, "Editing", "Edit span &note…", self._edit_selected_note)
        self.add_action(
            edit_menu, "Editing", "Edit &article note…", self._edit_active_document_note, "Ctrl+Shift+N"
        )
        edit_menu.addSeparator()
        self.add_action(edit_menu, "Progress", "Mark article &done / not done", self.toggle_done, "Ctrl+D")
        self.add_action(
            edit_menu, "Progress", "Open next &unfinished article", self.open_next_unfinished, "Ctrl+J"
        )

        view_menu = bar.addMenu("&View")
        self.snap_action = self.add_action(
            view_menu, "Annotating", "&Snap selections to whole words", None, "Ctrl+Shift+W", checkable=True
        )
        self.snap_action.setChecked(bool(self.settings.value("annotate/snap", True, type=bool)))
        self.snap_action.toggled.connect(lambda on: self.settings.setValue("annotate/snap", on))
        view_menu.addSeparator()
        self.add_action(
            view_menu,
            "Navigation",
            "&Previous article",
            lambda: self.step_document(-1),
            "Ctrl+Left",
            "Ctrl+PgUp",
        )
        self.add_action(
            view_menu,
            "Navigation",
            "&Next article",
            lambda: self.step_document(1),
            "Ctrl+Right",
            "Ctrl+PgDown",
        )
        self.add_action(view_menu, "Navigation", "Switch to the &other pane", self.focus_other_pane, "F6")
        self.add_action(
            view_menu, "Navigation", "Open in &left pane", lambda: self._open_selected_in(self.left), "Ctrl+["
        )
        self.add_action(
            view_menu,
            "Navigation",
            "Open in &right pane",
            lambda: self._open_selected_in(self.right),
            "Ctrl+]",
        )
        self.add_action(view_menu, "Side by side", "S&wap panes", self.swap_panes, "Ctrl+Shift+X")
        self.sync_action = self.add_action(
            view_menu, "Side by side", "S&ynchronise scrolling", None, "Ctrl+Shift+Y", checkable=True
        )
        self.sync_action.toggled.connect(self._sync_toggled)
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("&Theme")
        self.theme_group = QActionGroup(self)
        current_theme = str(self.settings.value("view/theme", "system"))
        for theme in THEMES:
            action = QAction(theme.capitalize(), self, checkable=True)
            action.setChecked(theme == current_theme)
            action.triggered.connect(lambda _c=False, t=theme: self.set_theme(t))
            self.theme_group.addAction(action)
            theme_menu.addAction(action)
        self.review_action = self.add_action(
            view_menu, "Review", "Re&view mode", None, "Ctrl+R", checkable=True
        )
        self.review_action.toggled.connect(self.set_review_mode)
        self.add_action(view_menu, "Review", "&Agreement…", self.show_agreement, "Ctrl+Shift+A")
        self.add_action(
            view_menu, "Review", "&Curation of every annotator…", self.show_curation, "Ctrl+Shift+C"
        )
        self.add_action(
            view_menu, "Review", "Annotation &sessions…", lambda: show_sessions(self.project, self)
        )
        for key, what, slot in (
            ("N", "Next undecided difference", lambda: self.review.step(1)),
            ("P", "Previous undecided difference", lambda: self.review.step(-1)),
            ("A", "Accept the left side", lambda: self.review.decide("left")),
            ("B", "Accept the right side", lambda: self.review.decide("right")),
            ("R", "Reject both sides", lambda: self.review.decide("none")),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(slot)
            shortcut.setEnabled(False)
            self.review_shortcuts.append(shortcut)
            self.shortcut_rows.append(("Review", what + " (review mode)", key))
        self.docks_menu = view_menu.addMenu("&Panels")
        for dock in (
            self.document_dock,
            self.search_dock,
            self.labels_dock,
            self.spans_dock,
            self.review_dock,
            self.guidelines_dock,
        ):
            self.docks_menu.addAction(dock.toggleViewAction())
        self.add_action(
            view_menu, "Project", "&Reload from database", self.reload, QKeySequence.StandardKey.Refresh
        )

        search_menu = bar.addMenu("&Search")
        self.add_action(
            search_menu,
            "Search",
            "&Find in the article…",
            self.find_bar.open_bar,
            QKeySequence.StandardKey.Find,
        )
        self.add_action(
            search_menu, "Search", "Find &next", self.find_bar.find_next, QKeySequence.StandardKey.FindNext
        )
        self.add_action(
            search_menu,
            "Search",
            "Find &previous",
            self.find_bar.find_previous,
            QKeySequence.StandardKey.FindPrevious,
        )
        self.add_action(search_menu, "Search", "Search the &corpus…", self.search_corpus, "Ctrl+Shift+F")
        self.add_action(search_menu, "Search", "&Tag all matches…", self.tag_all_matches, "Ctrl+Shift+T")
        search_menu.addSeparator()
        self.add_action(search_menu, "Search", "&Rebuild the search index…", self.rebuild_search_index)

        labels_menu = bar.addMenu("&Labels")
        self.add_action(labels_menu, "Labels", "&Edit labels…", self.edit_labels, "Ctrl+L")
        self.add_action(labels_menu, "Labels", "Show the &guidelines", self.show_guidelines, "Ctrl+G")

        help_menu = bar.addMenu("&Help")
        self.add_action(help_menu, "Help", "&Keyboard shortcuts", self.show_shortcuts, "F1", "Ctrl+/")
        self.add_action(help_menu, "Help", "&About Annotator", self.show_about)

    # -- loading --------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read documents and labels again (another window or the CLI may have changed them)."""
        self.labels = reading.list_labels(self.project)
        self.documents.set_articles(reading.article_list(self.project))
        self.guidelines_dock.project = self.project
        self.guidelines_dock.reload(when_shown=True)
        self.search_dock.set_project(self.project)
        self.index_catch_up.start(self.project)  # what a large import left for the search index
        self.palette_widget.set_labels(self.labels)
        names = [label.name for label in self.labels]
        self.colours = {label.name: QColor(label.colour) for label in self.labels}
        self.document_panel.set_labels(names)
        self.structure_controller.reload_schema()
        self.span_list.set_labels(names, self.colours)
        for shortcut in self.label_shortcuts:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self.label_shortcuts = []
        for label in self.labels:
            if label.hotkey:
                shortcut = QShortcut(QKeySequence(label.hotkey), self)
                shortcut.activated.connect(lambda name=label.name: self.apply_label(name))
                self.label_shortcuts.append(shortcut)
        layer_names = [*reading.list_annotators(self.project), GOLD_LAYER]
        for pane in self.panes:
            pane.set_layer_choices(layer_names, self.project.annotator)
            pane.view.set_label_colours(self.colours)
            pane.view.highlighter.own_annotator = self.project.annotator
            if pane.document_id:
                self.open_document(pane.document_id, pane, focus=False)
        self._update_progress()

    def show_article(self, document_id: str) -> None:
        """Open an article where the user asked: both panes in review mode, else the active pane."""
        if self.review.active:
            self.review.open(document_id)
        else:
            self.open_document(document_id, self.active_pane)

    def open_document(self, document_id: str, pane: ArticlePane, *, focus: bool = True) -> None:
        try:
            document = reading.load_document(self.project, document_id)
            rows = self._visible_rows(pane, document_id)
        except AnnotatorError as error:
            self.show_error(error, "open the article")
            return
        flagged = revisions.spans_needing_review(self.project, document_id)
        pane.view.flagged = {row.id: row.review_reason for row in flagged}
        pane.view.show_document(document, rows)
        self.suggestion_controller.document_shown(pane)
        self.structure_controller.document_shown(pane)
        pane.sync_chooser(self.documents)
        pane.show_summary(self.documents.status(document_id))
        if focus:
            self.set_active_pane(pane)
            pane.view.setFocus()  # keyboard goes to the article just opened: label keys work at once
        elif pane is self.active_pane:
            self.span_list.set_spans(pane.view.index.rows())
            self.document_panel.show_current(document_id)

    def visible_layers(self, pane: ArticlePane) -> list[str]:
        return pane.layers if pane.layers is not None else [self.project.annotator]

    def _visible_rows(self, pane: ArticlePane, document_id: str) -> list[SpanRow]:
        layers = self.visible_layers(pane)
        rows = reading.document_span_rows(self.project, document_id, [n for n in layers if n != GOLD_LAYER])
        if GOLD_LAYER in layers:
            gold = adjudication.gold_spans(self.project, document_id)
            rows += [reading.span_row(g.as_span()) for g in gold]
        return rows

    def _layers_changed(self, pane: ArticlePane) -> None:
        pane._update_layers_text(self.project.annotator)
        if pane.document_id:
            self.open_document(pane.document_id, pane, focus=False)
        self.review.refresh()

    def _open_selected_in(self, pane: ArticlePane) -> None:
        document_id = self.document_panel.current_document_id()
        if document_id:
            self.open_document(document_id, pane)

    def _document_menu(self, point: QPoint) -> None:
        table = self.document_panel.table
        index = table.indexAt(point)
        if not index.isValid():
            return
        table.setCurrentIndex(index)
        document_id = self.document_panel.current_document_id()
        if document_id is None:
            return
        menu = QMenu(self)
        menu.addAction("Open in left pane", lambda: self.open_document(document_id, self.left))
        menu.addAction("Open in right pane", lambda: self.open_document(document_id, self.right))
        menu.addSeparator()
        for status in DocumentStatus:
            menu.addAction(
                f"Mark {status.display_name.lower()}", partial(self.set_status, document_id, status)
            )
        menu.popup(table.viewport().mapToGlobal(point))

    def set_active_pane(self, pane: ArticlePane) -> None:
        self.active_pane = pane
        self.find_bar.set_view(pane.view)
        for each in self.panes:
            each.set_active(each is pane)
        self.span_list.set_spans(pane.view.index.rows())
        self.span_list.show_selected(pane.view.selected_span_id())
        self.document_panel.show_current(pane.document_id)
        self.structure_controller.active_pane_changed()

    def focus_other_pane(self) -> None:
        other = self.right if self.active_pane is self.left else self.left
        self.set_active_pane(other)
        other.view.setFocus()

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
            self.statusBar().showMessage("No more articles in that direction.", 3000)

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

    def _sync_toggled(self, enabled: bool) -> None:
        self.scroll_sync.set_enabled(enabled)

    def _filter_by_label(self, label: str) -> None:
        if self.structure_controller.filter_by_document_label(label):
            return
        self.document_panel.proxy.set_allowed_ids(
            documents.documents_with_label(self.project, label) if label else None
        )

    def open_next_unfinished(self) -> None:
        document_id = self.documents.next_unfinished(self.active_pane.document_id)
        if document_id is None:
            self.statusBar().showMessage("Every article is done. Well done!", 5000)
            return
        self.show_article(document_id)

    # -- tagging --------------------------------------------------------------------------------------

    def apply_label(self, label: str) -> None:
        """Tag the active pane's selection with ``label``, or relabel its selected span."""
        view = self.active_pane.view
        document_id = self.active_pane.document_id
        if document_id is None or view.document_record is None:
            self.statusBar().showMessage("Open an article first.", 4000)
            return
        selection = view.selected_range()
        if selection is None:
            span_id = view.selected_span_id()
            if span_id and self._own(span_id):
                self._relabel(span_id, label)
            elif not span_id:
                self.statusBar().showMessage("Select some text first, then choose a label.", 4000)
            return
        start, end = selection
        try:
            if self.snap_action.isChecked():
                start, end = snap_to_words(view.document_record.text, start, end)
            if self.review.active:
                self.review.edit(start, end, label)
                return
            if self.project.annotator not in self.visible_layers(self.active_pane):
                self.active_pane.set_layers([*self.visible_layers(self.active_pane), self.project.annotator])
            span = annotation.tag_span(self.project, document_id, start, end, label)
        except Exception as error:
            self.command_failed(error, "tag the selection")
            return
        self.undo_stack.push(TagSpanCommand(self, span))
        self.spans_changed(added=[span], removed=[])
        view.clear_selection()
        view.select_span(span.id)

    def _own(self, span_id: str) -> bool:
        """Whether the selected span is the user's; colleagues' spans and gold are read-only here."""
        span = self.active_pane.view.index.get(span_id)
        if span is not None and span.annotator == self.project.annotator:
            return True
        owner = span.annotator if span is not None else "someone else"
        where = "review mode" if owner == GOLD_LAYER else "their own copy of Annotator"
        self.statusBar().showMessage(
            f"This span belongs to {owner}: it is read-only here (changes are made in {where}).", 6000
        )
        return False

    def _shown(self, span_id: str) -> Span:
        """The span as the active pane shows it: what an edit is based on (refused if it changed since)."""
        span = self.active_pane.view.index.get(span_id)
        if span is None:
            raise NotFoundError("the span is no longer shown; select it again")
        return span

    def _relabel(self, span_id: str, label: str) -> None:
        try:
            edit = annotation.relabel_span(self.project, self._shown(span_id), label)
        except Exception as error:
            self.command_failed(error, "change the label")
            return
        if edit.before.label == edit.after.label:
            return
        self.undo_stack.push(ReplaceSpanCommand(self, edit, f"relabel '{edit.before.text[:30]}' as {label}"))
        self.spans_changed(added=[edit.after], removed=[edit.before])

    def resize_span(self, span_id: str, start: int, end: int) -> None:
        if not self._own(span_id):
            return
        try:
            edit = annotation.resize_span(self.project, self._shown(span_id), start, end)
        except Exception as error:
            self.command_failed(error, "resize the span")
            return
        self.undo_stack.push(ReplaceSpanCommand(self, edit, f"resize '{edit.after.text[:30]}'"))
        self.spans_changed(added=[edit.after], removed=[edit.before])
        self.active_pane.view.select_span(span_id)

    def accept_flagged_span(self, span_id: str) -> None:
        """Keep a span flagged after its article's text changed where it now is, and clear the flag."""
        span = self.active_pane.view.index.get(span_id)
        if span is None:
            return
        layer = revisions.Layer.GOLD if span.annotator == GOLD_LAYER else revisions.Layer.SPANS
        if layer is revisions.Layer.SPANS and not self._own(span_id):
            return
        try:
            before = revisions.resolve_review(self.project, layer, span_id, span.start, span.end)
        except Exception as error:
            self.command_failed(error, "keep the span here")
            return
        self.undo_stack.push(ReviewFlagCommand(self, before))
        self.flags_changed(before.document_id)

    def flags_changed(self, document_id: str) -> None:
        for pane in self.panes:
            if pane.document_id == document_id:
                scroll = pane.view.verticalScrollBar().value()
                self.open_document(document_id, pane, focus=pane is self.active_pane)
                pane.view.verticalScrollBar().setValue(scroll)

    def delete_selected_span(self) -> None:
        span_id = self.active_pane.view.selected_span_id()
        if span_id is None:
            self.statusBar().showMessage("Click a span to select it, then press Delete.", 4000)
            return
        if not self._own(span_id):
            return
        try:
            removed = annotation.delete_span(self.project, self._shown(span_id))
        except Exception as error:
            self.command_failed(error, "delete the span")
            return
        self.undo_stack.push(DeleteSpanCommand(self, removed))
        self.spans_changed(added=[], removed=[removed.span])

    # -- notes and status -----------------------------------------------------------------------------

    def ask_note(self, title: str, context: str, note: str) -> str | None:
        dialog = NoteDialog(title, context, note, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        # Back to the article, so label keys and undo work at once.
        self.activateWindow()
        self.active_pane.view.setFocus()
        return dialog.note() if accepted else None

    def _edit_selected_note(self) -> None:
        span_id = self.active_pane.view.selected_span_id()
        if span_id:
            self.edit_span_note(span_id)

    def edit_span_note(self, span_id: str) -> None:
        span = self.active_pane.view.index.get(span_id)
        if span is None or not self._own(span_id):
            return
        note = self.ask_note("Span note", f"<b>{span.label}</b>: “{span.text[:200]}”", span.note)
        if note is None or note == span.note:
            return
        try:
            edit = annotation.set_span_note(self.project, span, note)
        except Exception as error:
            self.command_failed(error, "save the note")
            return
        self.undo_stack.push(ReplaceSpanCommand(self, edit, "edit a span note"))
        self.spans_changed(added=[edit.after], removed=[edit.before])
        self.active_pane.view.select_span(span_id)

    def _edit_active_document_note(self) -> None:
        if self.active_pane.document_id:
            self.edit_document_note(self.active_pane.document_id)

    def edit_document_note(self, document_id: str) -> None:
        try:
            document = reading.load_document(self.project, document_id)
        except AnnotatorError as error:
            self.show_error(error, "open the article")
            return
        note = self.ask_note("Article note", f"<b>{document.title}</b>", document.note)
        if note is None or note == document.note:
            return
        try:
            before = documents.set_document_note(self.project, document_id, note, seen=document.note)
        except Exception as error:
            self.command_failed(error, "save the note")
            return
        self.undo_stack.push(document_note_command(self, document_id, before, note))
        self.document_changed(document_id)

    def set_status(self, document_id: str, status: DocumentStatus) -> None:
        try:
            before = documents.set_status(
                self.project, document_id, status, seen=self.documents.status(document_id)
            )
        except Exception as error:
            self.command_failed(error, "change the status")
            return
        if before is not status:
            self.undo_stack.push(status_command(self, document_id, before, status))
        self.document_changed(document_id)

    def toggle_done(self) -> None:
        document_id = self.active_pane.document_id
        status = self.documents.status(document_id) if document_id else None
        if document_id is None or status is None:
            return
        done = status is DocumentStatus.DONE
        self.set_status(document_id, DocumentStatus.IN_PROGRESS if done else DocumentStatus.DONE)

    # -- ChangeSink: what undo commands and actions report after the database changed --------------------

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
        self.review.refresh(self.review_panel.list.currentRow())
        self.suggestion_controller.spans_changed(added, removed)
        self.structure_controller.spans_changed(added, removed)

    def gold_changed(self, document_id: str) -> None:
        """The gold layer of a document changed: repaint panes that show it, refresh the review."""
        for pane in self.panes:
            if pane.document_id == document_id and GOLD_LAYER in self.visible_layers(pane):
                scroll = pane.view.verticalScrollBar().value()
                self.open_document(document_id, pane, focus=False)
                pane.view.verticalScrollBar().setValue(scroll)
        self.review.refresh(max(self.review_panel.list.currentRow(), 0))

    def set_review_mode(self, on: bool) -> None:
        for shortcut in self.review_shortcuts:
            shortcut.setEnabled(on)
        self.review_dock.setVisible(on)
        if on:
            self.review_dock.raise_()
            self.review.enter()
        else:
            self.review.leave()

    def search_corpus(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_dock.focus_query()

    def rebuild_search_index(self) -> BackgroundTask | None:
        """Index every article and span again, on a worker with progress and Cancel (which changes nothing).
        Only needed when another program changed the file without keeping the index in step."""

        def work(project: Project, progress: Progress) -> tuple[int, int]:
            return search_service.rebuild_index(project, progress.step)

        def done(counts: tuple[int, int]) -> None:
            articles, spans = counts
            self.statusBar().showMessage(
                f"Search index rebuilt: {_count(articles, 'article')}, {_count(spans, 'span')}.", 8000
            )
            self.search_dock.set_project(self.project)

        return self.run_task("Rebuilding the search index…", work, done)

    def open_hit(self, document_id: str, start: int, end: int) -> None:
        """A corpus search hit: open its article and select the match (title hits open at the top)."""
        self.open_document(document_id, self.active_pane)
        view = self.active_pane.view
        if end > start:
            view.select_range(start, end)
            view.centerCursor()

    def tag_all_matches(self) -> None:
        view = self.active_pane.view
        selection = view.selected_range()
        if view.document_record is None or selection is None:
            self.statusBar().showMessage("Select the text to look for first, then Tag all matches.", 5000)
            return
        needle = view.document_record.text[selection[0] : selection[1]]
        current = self.labels[0].name if self.labels else ""
        dialog = TagAllDialog(self.project, needle, self.labels, current, self.active_pane.document_id, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.activateWindow()
        if accepted and dialog.created_spans:
            self.undo_stack.push(TagAllCommand(self, dialog.created_spans))
            self.spans_changed(added=list(dialog.created_spans), removed=[])
            self.statusBar().showMessage(f"Tagged {len(dialog.created_spans)} matches.", 6000)

    def edit_labels(self) -> LabelEditorDialog:
        dialog = LabelEditorDialog(self.project, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.labelsChanged.connect(self._labels_edited)
        dialog.open()
        return dialog

    def _labels_edited(self) -> None:
        # Undo steps remember label names; after a rename or delete they could no longer be replayed.
        self.undo_stack.clear()
        self.reload()

    def show_guidelines(self) -> None:
        self.guidelines_dock.show()
        self.guidelines_dock.raise_()

    def show_agreement(self) -> AgreementPanel:
        if self.agreement_panel is None:
            labels = [label.name for label in self.labels]
            self.agreement_panel = AgreementPanel(reading.list_annotators(self.project), labels, self)
            self.agreement_panel.computeRequested.connect(self.compute_agreement)
            self.agreement_panel.reviewRequested.connect(self.review_pair)
        self.agreement_panel.show()
        self.agreement_panel.raise_()
        return self.agreement_panel

    def show_curation(self) -> CurationView:
        document_id, ids = self.active_pane.document_id, self.documents.document_ids
        self.curation_view = open_curation(self.curation_view, self, self.history, ids, document_id, self)
        return self.curation_view

    def compute_agreement(self, annotators: list[str], labels: list[str]) -> None:
        from annotator.services.agreement import agreement_report

        panel = self.agreement_panel
        if panel is None:
            return

        def work(project: Project, progress: Progress) -> AgreementReport:
            progress.step(0, 1)
            return agreement_report(project, annotators=annotators or None, labels=labels or None)

        self.run_task("Computing agreement…", work, panel.show_report)

    def review_pair(self, document_id: str, first: str, second: str) -> None:
        """Drill down from an agreement figure: the article in review mode, one annotator per pane."""
        self.review.left_layer, self.review.right_layer = first, second
        if self.review_action.isChecked():
            self.review.enter()
        else:
            self.review_action.setChecked(True)
        self.review.open(document_id)
        self.review.panel.set_layer_choices(self.review.layer_names(), first, second)

    def change_annotator_name(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            "Your annotator name",
            "Your spans are recorded under this name:",
            text=self.project.annotator,
        )
        self.activateWindow()
        name = name.strip()
        if not ok or not name or name == self.project.annotator:
            return
        if name == GOLD_LAYER:
            self.show_error(AnnotatorError(f"'{GOLD_LAYER}' is the name of the adjudicated layer"), "rename")
            return
        from annotator.services.project import set_annotator

        set_annotator(self.project, name)
        self.settings.setValue("annotator/name", name)
        self.undo_stack.clear()
        self.reload()

    def _document_details(self, document_id: str) -> DocumentSummary | None:
        try:
            return reading.document_summary(self.project, document_id)
        except AnnotatorError:
            return None

    def summary_changed(self, document_id: str) -> None:
        """Counts in the article list and the panes' headers, without reading the article again."""
        summary = self._document_details(document_id)
        if summary is None:
            return
        self.documents.update_document(summary)
        for pane in self.panes:
            if pane.document_id == document_id:
                pane.show_summary(summary.status)
        self._update_progress()

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

    def command_failed(self, error: Exception, action: str) -> None:
        """Show the error and make the screen agree with the database again."""
        if not isinstance(error, AnnotatorError):
            self.undo_stack.clear()
        self.show_error(error, action)
        for pane in self.panes:
            if pane.document_id:
                self.open_document(pane.document_id, pane, focus=False)

    def show_error(self, error: BaseException, action: str) -> None:
        self.last_error = error
        error_box(self, error, action=action)

    # -- status bar -----------------------------------------------------------------------------------

    def _span_selected(self, pane: ArticlePane, span_id: object) -> None:
        if pane is self.active_pane:
            self.span_list.show_selected(str(span_id) if span_id else None)
        span = pane.view.index.get(str(span_id)) if span_id else None
        if span is None:
            self.span_info.setText("")
            return
        snippet = span.text if len(span.text) <= 60 else span.text[:57] + "…"
        note = " · has a note" if span.note else ""
        self.span_info.setText(
            f"{span.label}: “{snippet}” [{span.start}–{span.end}) by {span.annotator}{note}"
        )

    def _jump_to_span(self, span_id: str) -> None:
        view = self.active_pane.view
        view.clear_selection()
        view.select_span(span_id)
        view.setFocus()

    def _update_progress(self) -> None:
        # Counted from the list already loaded: a query over 100,000 articles on every tag is noticeable.
        counts = self.documents.status_counts()
        done, articles = counts[DocumentStatus.DONE], sum(counts.values())
        self.document_panel.set_progress(done, articles)
        total = self.documents.total_spans()
        self.statusBar().showMessage(
            f"{_count(articles, 'article')} · {_count(total, 'span')} · {done} done · "
            f"annotator: {self.project.annotator}"
        )

    def _update_title(self) -> None:
        read_only = " (read-only)" if self.project.database.read_only else ""
        self.setWindowTitle(f"Annotator — {self.project.database.describe()}{read_only}")

    def _show_read_only_reason(self) -> None:
        database = self.project.database
        if database.read_only:
            reason = database.read_only_reason or "it was opened read-only"
            self.read_only_banner.setText(
                f"⚠ This project is open read-only: {reason}. Changes cannot be saved."
            )
        self.read_only_banner.setVisible(database.read_only)

    # -- projects and files ---------------------------------------------------------------------------

    def choose_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open or create a project", "", "Annotator projects (*.db *.sqlite);;All files (*)"
        )
        if name:
            self.switch_project(Path(name))

    def switch_project(self, path: Path) -> None:
        try:
            project = Project.open(path, annotator=self.project.annotator)
        except Exception as error:
            self.show_error(error, f"open {path}")
            return
        self.save_state()
        self.index_catch_up.stop()
        self.project.close()
        self.project = project
        self.undo_stack.clear()
        for pane in self.panes:
            pane.view.show_document(None, [])
            pane.show_summary(None)
        self._update_title()
        self._show_read_only_reason()
        self.reload()
        self._remember_recent(path)
        ids = self.documents.document_ids()
        for pane, document_id in zip(self.panes, ids, strict=False):
            self.open_document(document_id, pane, focus=False)

    def _remember_recent(self, path: Path) -> None:
        recent = [str(path.resolve())] + [p for p in self._recent() if p != str(path.resolve())]
        self.settings.setValue("recent/projects", recent[:RECENT_LIMIT])
        self._rebuild_recent_menu()

    def _recent(self) -> list[str]:
        value = self.settings.value("recent/projects", [])
        return [str(v) for v in value] if isinstance(value, list) else ([str(value)] if value else [])

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self._recent():
            self.recent_menu.addAction(literal_ampersands(path), partial(self.switch_project, Path(path)))
        self.recent_menu.setEnabled(bool(self._recent()))

    def run_task(self, title: str, work: Work, on_done: Callable[[Any], None]) -> BackgroundTask | None:
        """Run long work on a worker with a progress dialog; errors and cancellation come back here."""
        path = self.project.database.path
        if path is None:  # an in-memory project cannot be shared with a worker: run it here
            try:
                on_done(work(self.project, NO_PROGRESS))
            except Exception as error:
                self.command_failed(error, title.rstrip("…").lower())
            return None

        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                self.statusBar().showMessage(str(error), 6000)
            else:
                self.command_failed(
                    error if isinstance(error, Exception) else RuntimeError(error), title.rstrip("…").lower()
                )

        task = BackgroundTask(self, title, path, self.project.annotator, work, on_done, failed)
        self.tasks.append(task)
        task.destroyed.connect(lambda: self.tasks.remove(task) if task in self.tasks else None)
        return task.start()

    def merge_colleague(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Merge a colleague's project", "", "Annotator projects (*.db *.sqlite);;All files (*)"
        )
        if name:
            self.merge_from(Path(name))

    def merge_from(self, path: Path) -> BackgroundTask | None:
        from annotator.services.merge import MergeReport, merge_project

        def done(report: MergeReport) -> None:
            self.reload()
            self.last_report = report.summary()
            info_box(self, "Merge finished", f"Merged {path.name}:\n\n{report.summary()}")

        return self.run_task(
            "Merging a colleague's project…", lambda p, progress: merge_project(p, path, progress), done
        )

    def import_files(self) -> None:
        from annotator.formats.registry import FORMATS  # (every reader: loaded when first needed)

        suffixes = sorted({suffix for f in FORMATS.values() for suffix in f.suffixes})
        patterns = " ".join(f"*{suffix}" for suffix in suffixes)
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Import articles or annotations",
            "",
            f"Everything Annotator reads ({patterns});;All files (*)",
        )
        if names:
            self.import_paths([Path(name) for name in names])

    def import_paths(self, paths: list[Path]) -> BackgroundTask | None:
        """Import files of any supported format (detected from each file) on a worker."""
        from annotator.services.importing import import_files
        from annotator.services.importing_report import ImportReport

        def done(report: ImportReport) -> None:
            self.reload()
            self.last_report = report.summary()
            self.statusBar().showMessage(report.summary().splitlines()[0], 8000)
            if report.spans_added or report.notes or report.offset_readings:
                info_box(self, "Import finished", report.summary())

        def work(project: Project, progress: Progress) -> ImportReport:
            return import_files(project, paths, progress=progress.step)

        return self.run_task("Importing…", work, done)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def export_dataset(self) -> None:
        from annotator.ui.export_dialog import ExportDialog  # (every writer: loaded when first needed)

        folder = self.project.database.path.parent if self.project.database.path else Path.home()
        dialog = ExportDialog(
            reading.list_annotators(self.project), [label.name for label in self.labels], folder, self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.export_to(dialog.target(), dialog.chosen_format(), dialog.filters())

    def export_to(self, out: Path, format_name: str, filters: ExportFilter) -> BackgroundTask | None:
        from annotator.services.exporting import ExportReport, export_dataset

        def done(report: ExportReport) -> None:
            self.last_report = report.summary()
            self.statusBar().showMessage(report.summary().splitlines()[0], 8000)
            if report.notes:
                info_box(self, "Export finished", report.summary())

        def work(project: Project, progress: Progress) -> ExportReport:
            return export_dataset(project, out, format_name, filters, progress=progress.step)

        return self.run_task("Exporting…", work, done)

    # -- help -----------------------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self.shortcut_rows, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Annotator",
            f"<h3>Annotator {__version__}</h3><p>Highlight and tag character spans in articles, review "
            "colleagues' tags and export labelled datasets.</p>"
            f"<p>Project: {self.project.database.describe()}<br>Annotator: {self.project.annotator}</p>",
        )

    def set_theme(self, theme: str) -> None:
        self.settings.setValue("view/theme", theme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)

    # -- window state ---------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        # Dock layout first: closed panels change the minimum size that the geometry must respect.
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
            # Until the window is shown its layout still counts the closed panels; apply it again then.
            self._pending_geometry: QByteArray | None = geometry
        else:
            self.resize(1400, 860)
        if not isinstance(state, QByteArray):
            # First start: a roomy span list on the right, a compact label palette above it.
            self.resizeDocks([self.document_dock, self.spans_dock], [250, 340], Qt.Orientation.Horizontal)
            self.resizeDocks([self.labels_dock, self.spans_dock], [230, 520], Qt.Orientation.Vertical)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        self.sync_action.setChecked(bool(self.settings.value("view/sync_scrolling", False, type=bool)))
        known = set(self.documents.document_ids())
        fallback = self.documents.document_ids()
        for number, pane in enumerate(self.panes):
            document_id = self.settings.value(f"panes/{pane.name}")
            if not (isinstance(document_id, str) and document_id in known):
                document_id = fallback[number] if number < len(fallback) else None
            if document_id:
                self.open_document(document_id, pane, focus=False)
        self.active_pane = self.right if self.settings.value("panes/active") == "right" else self.left
        self._rebuild_recent_menu()

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("view/sync_scrolling", self.sync_action.isChecked())
        for pane in self.panes:
            self.settings.setValue(f"panes/{pane.name}", pane.document_id or "")
        self.settings.setValue("panes/active", self.active_pane.name)
        self.settings.sync()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        geometry = getattr(self, "_pending_geometry", None)
        if geometry is not None:
            self._pending_geometry = None
            self.restoreGeometry(geometry)

    def changeEvent(self, event: QEvent) -> None:
        # Coming back to the window: show what another window or the CLI committed meanwhile. Qt also
        # sends this while the window is still being built, and after it closed: only a live one reacts.
        if (
            event.type() == QEvent.Type.ActivationChange
            and getattr(self, "_ready", False)
            and self.isVisible()
            and self.isActiveWindow()
        ):
            self.refresh_if_changed()
        super().changeEvent(event)

    def refresh_if_changed(self) -> bool:
        try:
            version = reading.outside_changes(self.project)
        except AnnotatorError:
            return False
        changed = self._seen_version is not None and version != self._seen_version
        self._seen_version = version
        if changed:
            self.reload()
            self.statusBar().showMessage("Reloaded: the project was changed by another program.", 5000)
        return changed

    def show_synced(
        self, articles: ArticleList | None, annotators: list[str], touched: set[str], schema: bool
    ) -> None:
        """What a background sync brought in (read off this thread): only what it touched is redrawn."""
        self._seen_version = reading.outside_changes(self.project)  # the sync's commits are seen now
        if schema:
            self.reload()  # the label schema changed: palette, shortcuts, colours
            return
        if articles is not None:
            self.documents.set_articles(articles)
            self._update_progress()
        for pane in self.panes:
            if annotators:
                pane.set_layer_choices([*annotators, GOLD_LAYER], self.project.annotator)
            if pane.document_id in touched:
                self.open_document(pane.document_id, pane, focus=False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._ready = False
        self.save_state()
        self.index_catch_up.stop()
        super().closeEvent(event)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
