"""The main window: article list, two article panes side by side, label palette and span list.

It composes the rooms and wires them together; each room decides its own part:
``actions`` (menus, toolbar, keys), ``pane_controller`` (panes and moving between articles, and the
screen side of every change), ``span_operations`` and ``document_operations`` (what users do to data,
through ``operations``), ``review_mode``, ``project_files``, ``status_bar``, ``window_state`` and
``view_menus`` (panels and the View menu's theme and panel lists).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import (
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
    QDockWidget,
    QInputDialog,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.errors import AnnotatorError
from annotator.domain.models import Label
from annotator.services import reading
from annotator.services.labels import DeletedLabel
from annotator.services.project import Project, set_annotator
from annotator.services.reading import ArticleList
from annotator.ui.about import show_about
from annotator.ui.actions import Actions
from annotator.ui.context import WindowContext
from annotator.ui.document_operations import DocumentOperations
from annotator.ui.find_bar import FindBar
from annotator.ui.fonts import missing_font_hint
from annotator.ui.guidelines_dock import GuidelinesDock
from annotator.ui.hub_sync import start_hub_sync
from annotator.ui.index_catch_up import IndexCatchUp
from annotator.ui.label_commands import DeleteLabelCommand, schema_deletion_step
from annotator.ui.label_palette import LabelPalette
from annotator.ui.operations import Operations
from annotator.ui.outside_changes import OutsideChanges
from annotator.ui.pane_controller import PaneController
from annotator.ui.project_files import ProjectFiles
from annotator.ui.review_mode import ReviewMode
from annotator.ui.review_panel import ReviewPanel
from annotator.ui.search_dock import SearchDock
from annotator.ui.span_operations import SpanOperations
from annotator.ui.status_bar import StatusLine
from annotator.ui.structure_controller import StructureController
from annotator.ui.suggestion_controller import SuggestionController
from annotator.ui.theme import apply_theme
from annotator.ui.undo_history import UndoHistory
from annotator.ui.view_menus import ViewMenus, add_dock, tabbed_dock
from annotator.ui.window_state import WindowState

if TYPE_CHECKING:  # loaded when first opened: start-up does not pay for them
    from annotator.ui.agreement_panel import AgreementPanel
    from annotator.ui.agreement_window import AgreementWindow
    from annotator.ui.curation_view import CurationView
    from annotator.ui.label_editor import LabelEditorDialog
    from annotator.ui.sessions_chart import SessionsDialog
    from annotator.ui.shortcuts_dialog import ShortcutsDialog

SEARCH_WIDTH = 460  # pixels: about 60 characters of a hit's context


class MainWindow(QMainWindow):
    def __init__(self, project: Project, settings: QSettings) -> None:
        super().__init__()
        self.context = WindowContext(self, project, settings)
        self.settings = settings
        self.labels: list[Label] = []
        self.setAcceptDrops(True)

        self.find_bar = FindBar()
        self.panes = PaneController(self.context, self.find_bar)
        self.left, self.right = self.panes.left, self.panes.right
        self.ops = Operations(self.context, self.panes)
        self.span_ops = SpanOperations(
            self.context, self.panes, self.ops, lambda: self.commands["view.snap"].isChecked()
        )
        self.document_ops = DocumentOperations(self.context, self.panes, self.ops)
        self.files = ProjectFiles(self.context, self.panes.command_failed)
        self.history = UndoHistory(self.context.undo_stack, self.context.message, self.panes.reveal)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(2)
        centre_layout.addWidget(self.panes.splitter, 1)
        centre_layout.addWidget(self.find_bar)
        self.setCentralWidget(centre)

        self.palette_widget = LabelPalette()
        self.palette_widget.labelChosen.connect(self.span_ops.apply_label)
        self.review_panel = ReviewPanel()
        self.search_dock = SearchDock(project, self)
        self.search_dock.hitActivated.connect(self.panes.open_hit)
        self.guidelines_dock = GuidelinesDock(project, self, load=False)  # rendered when first shown
        self._build_docks()
        self.commands = Actions(self, settings, self._slots())
        self._build_menus()
        self.history.bind(self.commands["edit.undo"], self.commands["edit.redo"])
        self.review = ReviewMode(
            self.context, self.panes, self.ops, self.review_panel, self.commands["view.sync"]
        )
        self.span_ops.review_edit = self.review.edit
        self.agreement: AgreementWindow | None = None
        self.curation_view: CurationView | None = None
        self.label_shortcuts: list[QShortcut] = []
        self.state = WindowState(self, settings, self.panes)
        self.status_line = StatusLine(self.statusBar())
        self.suggestion_controller = SuggestionController(
            self.context,
            self.panes,
            self.ops,
            self.files,
            self.status_line,
            lambda: self.labels,
            self.commands["suggest.show"],
        )
        self.commands.connect(self.suggestion_controller.slots())
        self.structure_controller = StructureController(
            self.context, self.panes, self.review, self.span_ops.own, self._tabbed_dock
        )
        self.commands.connect(self.structure_controller.slots())
        self.index_catch_up = IndexCatchUp(self)
        self.outside = OutsideChanges(self.context, self.panes, self.reload, self._update_progress)
        self._connect()
        self._project_shown()
        self.state.restore(
            self.commands["view.sync"],
            {"articles": self.document_dock, "spans": self.spans_dock, "labels": self.labels_dock},
        )
        self.files.rebuild_recent_menu()
        self.panes.set_active_pane(self.panes.active_pane)
        hint = missing_font_hint()
        if hint:
            self.context.message(hint, 15000)
        self.hub_sync = start_hub_sync(self)
        self._ready = True

    # -- building -------------------------------------------------------------------------------------

    def _tabbed_dock(self, title: str, name: str, widget: QWidget, beside: str) -> QDockWidget:
        neighbour = self.spans_dock if beside == "spans" else self.review_dock
        return tabbed_dock(self, neighbour, self.spans_dock, title, name, widget)

    def _build_docks(self) -> None:
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.document_dock = add_dock(self, "Articles", "articles-dock", self.panes.document_panel, left)
        self.labels_dock = add_dock(self, "Labels", "labels-dock", self.palette_widget, right)
        self.spans_dock = add_dock(self, "Spans", "spans-dock", self.panes.span_list, right)
        self.review_dock = add_dock(self, "Review", "review-dock", self.review_panel, right)
        self.tabifyDockWidget(self.spans_dock, self.review_dock)
        self.review_dock.hide()
        self.search_dock.setObjectName("search-dock")
        self.addDockWidget(left, self.search_dock)
        self.tabifyDockWidget(self.document_dock, self.search_dock)
        self.document_dock.raise_()
        self.guidelines_dock.setObjectName("guidelines-dock")
        self.addDockWidget(right, self.guidelines_dock)
        self.tabifyDockWidget(self.spans_dock, self.guidelines_dock)
        self.spans_dock.raise_()

    def _slots(self) -> dict[str, Callable[[], object]]:
        panes, spans, files = self.panes, self.span_ops, self.files
        return {
            "file.open": files.choose_project,
            "file.import": files.import_files,
            "file.export": lambda: files.export_dataset([label.name for label in self.labels]),
            "file.merge": files.merge_colleague,
            "file.name": self.change_annotator_name,
            "file.quit": self.close,
            "edit.delete": spans.delete_selected_span,
            "edit.span_note": spans.edit_selected_note,
            "edit.article_note": self.document_ops.edit_active_note,
            "edit.done": self.document_ops.toggle_done,
            "edit.next_unfinished": panes.open_next_unfinished,
            "nav.previous": lambda: panes.step_document(-1),
            "nav.next": lambda: panes.step_document(1),
            "nav.other_pane": panes.focus_other_pane,
            "nav.left": lambda: panes.open_selected_in(panes.left),
            "nav.right": lambda: panes.open_selected_in(panes.right),
            "view.swap": panes.swap_panes,
            "view.zoom_in": lambda: self.state.zoom_by(1),
            "view.zoom_out": lambda: self.state.zoom_by(-1),
            "view.zoom_reset": lambda: self.state.set_zoom(0),
            "view.agreement": self.show_agreement,
            "view.curation": self.show_curation,
            "view.sessions": self.show_sessions,
            "view.reload": self.reload,
            "search.find": self.find_bar.open_bar,
            "search.next": self.find_bar.find_next,
            "search.previous": self.find_bar.find_previous,
            "search.corpus": self.search_corpus,
            "search.tag_all": spans.tag_all_matches,
            "search.rebuild": files.rebuild_search_index,
            "labels.edit": self.edit_labels,
            "labels.guidelines": self.show_guidelines,
            "help.shortcuts": self.show_shortcuts,
            "help.about": lambda: show_about(self, self.project),
            "review.next": lambda: self.review.step(1),
            "review.previous": lambda: self.review.step(-1),
            "review.accept_left": lambda: self.review.decide("left"),
            "review.accept_right": lambda: self.review.decide("right"),
            "review.reject": lambda: self.review.decide("none"),
        }

    def _build_menus(self) -> None:
        actions = self.commands
        file_menu = actions.menus["&File"]
        file_menu.insertMenu(actions["file.import"], self.files.recent_menu)
        snap = actions["view.snap"]
        snap.setChecked(bool(self.settings.value("annotate/snap", True, type=bool)))
        snap.toggled.connect(lambda on: self.settings.setValue("annotate/snap", on))
        actions["view.sync"].toggled.connect(self.panes.scroll_sync.set_enabled)
        actions["view.review"].toggled.connect(self.set_review_mode)
        self.view_menus = ViewMenus(
            self, actions.menus["&View"], actions.toolbar, self.settings, self.set_theme
        )

    def _connect(self) -> None:
        panes = self.panes
        for pane in panes.panes:
            pane.view.noteRequested.connect(self.span_ops.edit_span_note)
            pane.view.resizeRequested.connect(self.span_ops.resize_span)
            pane.view.flagAcceptRequested.connect(self.span_ops.accept_flagged_span)
            pane.view.set_edge_keys(self.commands.edge_keys())
            self.commands.edge_keys_changed.append(pane.view.set_edge_keys)
        panes.spanSelected.connect(self.status_line.show_span)
        panes.countsChanged.connect(self._update_progress)
        self.files.dataChanged.connect(self.reload)
        self.files.aboutToSwitch.connect(lambda: self.state.save(self.commands["view.sync"]))
        self.files.aboutToSwitch.connect(self.index_catch_up.stop)
        self.files.searchIndexRebuilt.connect(lambda: self.search_dock.set_project(self.context.project))
        self.context.projectChanged.connect(self._project_switched)

    # -- the project ----------------------------------------------------------------------------------

    @property
    def project(self) -> Project:
        return self.context.project

    @property
    def undo_stack(self) -> QUndoStack:
        return self.context.undo_stack

    @property
    def last_error(self) -> BaseException | None:
        return self.context.last_error

    def _project_shown(self) -> None:
        read_only = " (read-only)" if self.project.database.read_only else ""
        self.setWindowTitle(f"Annotator — {self.project.database.describe()}{read_only}")
        self.status_line.show_read_only(self.project)
        self.outside.note_current()
        self.reload()

    def _project_switched(self) -> None:
        self.panes.clear()
        self._project_shown()
        ids = self.panes.documents.document_ids()
        for pane, document_id in zip(self.panes.panes, ids, strict=False):
            self.panes.open_document(document_id, pane, focus=False)

    def reload(self) -> None:
        """Read documents and labels again (another window or the CLI may have changed them)."""
        project = self.project
        self.labels = reading.list_labels(project)
        self.span_ops.labels = self.labels
        self.panes.documents.set_articles(reading.article_list(project))
        self.guidelines_dock.project = project
        self.guidelines_dock.reload(when_shown=True)
        self.search_dock.set_project(project)
        self.index_catch_up.start(project)  # what a large import left for the search index
        self.palette_widget.set_labels(self.labels)
        names = [label.name for label in self.labels]
        self.panes.colours = {label.name: QColor(label.colour) for label in self.labels}
        self.panes.document_panel.set_labels(names)
        self.structure_controller.reload_schema()
        self.panes.span_list.set_labels(names, self.panes.colours)
        self._label_keys()
        self.panes.set_layer_choices([*reading.list_annotators(project), GOLD_LAYER])
        for pane in self.panes.panes:
            if pane.document_id:
                self.panes.open_document(pane.document_id, pane, focus=False)
        self._update_progress()

    def _label_keys(self) -> None:
        for shortcut in self.label_shortcuts:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self.label_shortcuts = []
        for label in self.labels:
            if label.hotkey:
                shortcut = QShortcut(QKeySequence(label.hotkey), self)
                shortcut.activated.connect(lambda name=label.name: self.span_ops.apply_label(name))
                self.label_shortcuts.append(shortcut)

    def _update_progress(self) -> None:
        done, articles = self.status_line.show_progress(self.panes.documents, self.project.annotator)
        self.panes.document_panel.set_progress(done, articles)

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
            self.context.show_error(
                AnnotatorError(f"'{GOLD_LAYER}' is the name of the adjudicated layer"), "rename"
            )
            return
        set_annotator(self.project, name)
        self.settings.setValue("annotator/name", name)
        self.undo_stack.clear()
        self.reload()

    # -- panels and dialogs ---------------------------------------------------------------------------

    def set_review_mode(self, on: bool) -> None:
        self.commands.set_review_keys(on)
        self.review_dock.setVisible(on)
        if on:
            self.review_dock.raise_()
            self.review.enter()
        else:
            self.review.leave()

    def search_corpus(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        # Hits are lines of context: room for them, more than the article list needs.
        wide = max(self.search_dock.width(), SEARCH_WIDTH)
        self.resizeDocks([self.search_dock, self.document_dock], [wide, wide], Qt.Orientation.Horizontal)
        self.search_dock.focus_query()

    def show_guidelines(self) -> None:
        self.guidelines_dock.show()
        self.guidelines_dock.raise_()

    def edit_labels(self) -> LabelEditorDialog:
        from annotator.ui.label_editor import LabelEditorDialog

        dialog = LabelEditorDialog(self.project, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.labelsChanged.connect(self._labels_edited)
        dialog.labelDeleted.connect(self._label_deleted)
        dialog.schemaPartDeleted.connect(schema_deletion_step(self.undo_stack, self.panes, self.reload))
        dialog.open()
        return dialog

    def _labels_edited(self) -> None:
        # Undo steps remember label names; after a rename or delete they could no longer be replayed.
        self.undo_stack.clear()
        self.reload()

    def _label_deleted(self, deleted: DeletedLabel) -> None:
        """A deletion (announced after the history was cleared) is itself one undo step."""
        self.undo_stack.push(DeleteLabelCommand(self.panes, deleted, self.reload))

    def show_agreement(self) -> AgreementPanel:
        if self.agreement is None:
            from annotator.ui.agreement_window import AgreementWindow

            self.agreement = AgreementWindow(self.context, self.files, self._review_pair)
        return self.agreement.show()

    def show_curation(self) -> CurationView:
        from annotator.ui.curation_view import open_curation

        document_id, ids = self.panes.active_pane.document_id, self.panes.documents.document_ids
        self.curation_view = open_curation(
            self.curation_view, self.panes, self.history, ids, document_id, self
        )
        return self.curation_view

    def _review_pair(self, document_id: str, first: str, second: str) -> None:
        """Drill down from an agreement figure: the article in review mode, one annotator per pane, and
        the window in front of the agreement dialog."""
        self.review.left_layer, self.review.right_layer = first, second
        if self.commands["view.review"].isChecked():
            self.review.enter()
        else:
            self.commands["view.review"].setChecked(True)
        self.review.open(document_id)
        self.review.panel.set_layer_choices(self.review.layer_names(), first, second)
        self.raise_()
        self.activateWindow()

    def show_sessions(self) -> SessionsDialog:
        from annotator.ui.sessions_chart import show_sessions

        return show_sessions(self.project, self)

    def show_shortcuts(self) -> ShortcutsDialog:
        from annotator.ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.commands, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def set_theme(self, theme: str) -> None:
        self.settings.setValue("view/theme", theme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self.commands.apply_icons()

    # -- Qt events ------------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files.import_paths(paths)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.state.shown()

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
        return self.outside.refresh_if_changed()

    def show_synced(
        self, articles: ArticleList | None, annotators: list[str], touched: set[str], schema: bool
    ) -> None:
        self.outside.show_synced(articles, annotators, touched, schema)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._ready = False
        if self.agreement is not None:
            self.agreement.close()
        self.state.save(self.commands["view.sync"])
        self.index_catch_up.stop()
        super().closeEvent(event)
