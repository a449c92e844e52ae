"""The main window: document list, two article panes side by side, label palette."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QModelIndex, QPoint, QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.domain.errors import AnnotatorError
from annotator.domain.models import Label, Span
from annotator.domain.spans import snap_to_words
from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.ui.article_pane import ArticlePane
from annotator.ui.commands import DeleteSpanCommand, RelabelSpanCommand, TagSpanCommand
from annotator.ui.document_model import DOCUMENT_ID_ROLE, DocumentListModel
from annotator.ui.errors import error_box
from annotator.ui.label_palette import LabelPalette


class MainWindow(QMainWindow):
    def __init__(self, project: Project, settings: QSettings) -> None:
        super().__init__()
        self.project = project
        self.settings = settings
        self.labels: list[Label] = []
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle(f"Annotator — {project.database.describe()}")

        self.documents = DocumentListModel()
        self.left = ArticlePane("left", self.documents)
        self.right = ArticlePane("right", self.documents)
        self.panes = (self.left, self.right)
        self.active_pane = self.left
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        for pane in self.panes:
            self.splitter.addWidget(pane)
            pane.documentRequested.connect(lambda doc_id, p=pane: self.open_document(doc_id, p))
            pane.view.activated.connect(lambda p=pane: self.set_active_pane(p))
            pane.view.selectedSpanChanged.connect(self._span_selected)
        self.setCentralWidget(self.splitter)

        self.palette_widget = LabelPalette()
        self.palette_widget.labelChosen.connect(self.apply_label)
        self._build_document_dock()
        self._build_palette_dock()
        self._build_actions()
        self.span_info = QLabel()
        self.statusBar().addPermanentWidget(self.span_info)
        self.reload()
        self._restore_state()
        self.set_active_pane(self.active_pane)

    # -- building -------------------------------------------------------------------------------------

    def _build_document_dock(self) -> None:
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter articles…")
        self.filter_box.setClearButtonEnabled(True)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.documents)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.document_table = QTableView()
        self.document_table.setModel(self.proxy)
        self.document_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.document_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.document_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.document_table.verticalHeader().hide()
        self.document_table.setWordWrap(False)
        self.document_table.setShowGrid(False)
        self.document_table.setAlternatingRowColors(True)
        header = self.document_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.document_table.activated.connect(self._open_from_list)
        self.document_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.document_table.customContextMenuRequested.connect(self._document_menu)
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.document_table)
        dock = QDockWidget("Articles", self)
        dock.setObjectName("articles-dock")
        dock.setWidget(holder)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)

    def _build_palette_dock(self) -> None:
        dock = QDockWidget("Labels", self)
        dock.setObjectName("labels-dock")
        dock.setWidget(self.palette_widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        dock.setTitleBarWidget(QWidget())
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Import articles…", self.import_files, QKeySequence.StandardKey.Open)
        self._action(file_menu, "&Export dataset (JSONL)…", self.export_dataset, "Ctrl+E")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Shift+Z")])
        edit_menu.addActions([undo, redo])
        edit_menu.addSeparator()
        self._action(edit_menu, "&Delete span", self.delete_selected_span, QKeySequence.StandardKey.Delete)

        view_menu = self.menuBar().addMenu("&View")
        self.snap_action = self._action(view_menu, "&Snap selections to whole words", None, "Ctrl+W")
        self.snap_action.setCheckable(True)
        self.snap_action.setChecked(True)
        self._action(view_menu, "Open in &left pane", lambda: self._open_selected_in(self.left), "Ctrl+[")
        self._action(view_menu, "Open in &right pane", lambda: self._open_selected_in(self.right), "Ctrl+]")
        self._action(view_menu, "&Reload from database", self.reload, QKeySequence.StandardKey.Refresh)

        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Annotator", self.show_about)
        self.label_shortcuts: list[QShortcut] = []

    def _action(self, menu: QMenu, text: str, slot: object, shortcut: object = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]
        if slot is not None:
            action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # -- loading --------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read documents and labels again (another window or the CLI may have changed them)."""
        self.labels = reading.list_labels(self.project)
        self.documents.set_documents(reading.list_documents(self.project))
        self.palette_widget.set_labels(self.labels)
        colours = {label.name: QColor(label.colour) for label in self.labels}
        for shortcut in self.label_shortcuts:
            shortcut.setParent(None)
            shortcut.deleteLater()
        self.label_shortcuts = []
        for label in self.labels:
            if label.hotkey:
                shortcut = QShortcut(QKeySequence(label.hotkey), self)
                shortcut.activated.connect(lambda name=label.name: self.apply_label(name))
                self.label_shortcuts.append(shortcut)
        for pane in self.panes:
            pane.view.set_label_colours(colours)
            if pane.document_id:
                self.open_document(pane.document_id, pane)
        self._update_status()

    def open_document(self, document_id: str, pane: ArticlePane) -> None:
        try:
            document = reading.load_document(self.project, document_id)
            spans = reading.document_spans(self.project, document_id)
        except AnnotatorError as error:
            error_box(self, error, action="open the article")
            return
        pane.view.show_document(document, spans)
        pane.sync_chooser(self.documents)
        self._update_pane_info(pane)
        self.set_active_pane(pane)
        pane.view.setFocus()  # keyboard goes to the article just opened: label keys work at once

    def _open_from_list(self, index: QModelIndex) -> None:
        document_id = self.proxy.data(index, DOCUMENT_ID_ROLE)
        if document_id:
            self.open_document(str(document_id), self.active_pane)

    def _open_selected_in(self, pane: ArticlePane) -> None:
        index = self.document_table.currentIndex()
        document_id = self.proxy.data(index, DOCUMENT_ID_ROLE) if index.isValid() else None
        if document_id:
            self.open_document(str(document_id), pane)

    def _document_menu(self, point: QPoint) -> None:
        index = self.document_table.indexAt(point)
        if not index.isValid():
            return
        document_id = str(self.proxy.data(index, DOCUMENT_ID_ROLE))
        menu = QMenu(self)
        menu.addAction("Open in left pane", lambda: self.open_document(document_id, self.left))
        menu.addAction("Open in right pane", lambda: self.open_document(document_id, self.right))
        menu.popup(self.document_table.viewport().mapToGlobal(point))

    def set_active_pane(self, pane: ArticlePane) -> None:
        self.active_pane = pane
        for each in self.panes:
            each.set_active(each is pane)

    # -- tagging --------------------------------------------------------------------------------------

    def apply_label(self, label: str) -> None:
        """Tag the active pane's selection with ``label``, or relabel its selected span."""
        pane = self.active_pane
        view = pane.view
        document_id = pane.document_id
        if document_id is None:
            self.statusBar().showMessage("Open an article first.", 4000)
            return
        selection = view.selected_range()
        if selection is None:
            span_id = view.selected_span_id()
            if span_id:
                self._relabel(span_id, label)
            else:
                self.statusBar().showMessage("Select some text first, then choose a label.", 4000)
            return
        start, end = selection
        try:
            if self.snap_action.isChecked():
                start, end = snap_to_words(
                    view.document_record.text if view.document_record else "", start, end
                )
            span = annotation.tag_span(self.project, document_id, start, end, label)
        except Exception as error:
            self.command_failed(error, "tag the selection")
            return
        self.undo_stack.push(TagSpanCommand(self, span))
        self.spans_changed(added=[span], removed=[])
        view.clear_selection()
        view.select_span(span.id)

    def _relabel(self, span_id: str, label: str) -> None:
        try:
            before = annotation.relabel_span(self.project, span_id, label)
            after = reading.get_span(self.project, span_id)
        except Exception as error:
            self.command_failed(error, "change the label")
            return
        if before.label == after.label:
            return
        self.undo_stack.push(RelabelSpanCommand(self, before, after))
        self.spans_changed(added=[after], removed=[before])

    def delete_selected_span(self) -> None:
        span_id = self.active_pane.view.selected_span_id()
        if span_id is None:
            self.statusBar().showMessage("Click a span to select it, then press Delete.", 4000)
            return
        try:
            span = annotation.remove_span(self.project, span_id)
        except Exception as error:
            self.command_failed(error, "delete the span")
            return
        self.undo_stack.push(DeleteSpanCommand(self, span))
        self.spans_changed(added=[], removed=[span])

    # -- ChangeSink -----------------------------------------------------------------------------------

    def spans_changed(self, *, added: list[Span], removed: list[Span]) -> None:
        touched = {span.document_id for span in [*added, *removed]}
        for pane in self.panes:
            if pane.document_id not in touched:
                continue
            for span in removed:
                if span.document_id == pane.document_id:
                    pane.view.remove_span(span.id)
            for span in added:
                if span.document_id == pane.document_id:
                    pane.view.add_span(span)
            self._update_pane_info(pane)
        for document_id in touched:
            self.documents.update_document(reading.document_summary(self.project, document_id))
        self._update_status()

    def command_failed(self, error: Exception, action: str) -> None:
        """Show the error and make the screen agree with the database again."""
        if not isinstance(error, AnnotatorError):
            self.undo_stack.clear()
        error_box(self, error, action=action)
        self.last_error = error
        for pane in self.panes:
            if pane.document_id:
                self.open_document(pane.document_id, pane)

    # -- status ---------------------------------------------------------------------------------------

    def _update_pane_info(self, pane: ArticlePane) -> None:
        record = pane.view.document_record
        if record is None:
            pane.set_info("")
            return
        count = len(pane.view.index)
        pane.set_info(
            f"{len(record.text):,} characters · {count} span{'s' if count != 1 else ''} · {record.source}"
        )

    def _span_selected(self, span_id: object) -> None:
        view = self.active_pane.view
        span = view.index.get(str(span_id)) if span_id else None
        if span is None:
            self.span_info.setText("")
            return
        snippet = span.text if len(span.text) <= 60 else span.text[:57] + "…"
        self.span_info.setText(f"{span.label}: “{snippet}” [{span.start}–{span.end}) by {span.annotator}")

    def _update_status(self) -> None:
        total = sum(
            row.span_count
            for row in (self.documents.summary(i) for i in self.documents.document_ids())
            if row
        )
        self.statusBar().showMessage(
            f"{self.documents.rowCount()} articles · {total} spans · annotator: {self.project.annotator}"
        )

    # -- files ----------------------------------------------------------------------------------------

    def import_files(self) -> None:
        from annotator.services.importing import import_paths

        names, _ = QFileDialog.getOpenFileNames(self, "Import articles", "", "Articles (*.txt *.md)")
        if not names:
            return
        try:
            report = import_paths(self.project, [Path(name) for name in names])
        except Exception as error:
            self.command_failed(error, "import")
            return
        self.reload()
        self.statusBar().showMessage(report.summary(), 8000)

    def export_dataset(self) -> None:
        from annotator.services.exporting import export_jsonl

        name, _ = QFileDialog.getSaveFileName(
            self, "Export dataset", "annotations.jsonl", "JSON Lines (*.jsonl)"
        )
        if not name:
            return
        try:
            count = export_jsonl(self.project, Path(name))
        except Exception as error:
            self.command_failed(error, "export")
            return
        self.statusBar().showMessage(f"Exported {count} articles to {name}", 8000)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Annotator",
            f"<h3>Annotator {__version__}</h3><p>Highlight and tag character spans in articles, review "
            "colleagues' tags and export labelled datasets.</p>"
            f"<p>Database: {self.project.database.describe()}</p>",
        )

    # -- window state ---------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        known = set(self.documents.document_ids())
        fallback = self.documents.document_ids()
        for number, pane in enumerate(self.panes):
            document_id = self.settings.value(f"panes/{pane.name}")
            if not (isinstance(document_id, str) and document_id in known):
                document_id = fallback[number] if number < len(fallback) else None
            if document_id:
                self.open_document(document_id, pane)
        active = self.settings.value("panes/active")
        self.active_pane = self.right if active == "right" else self.left

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        for pane in self.panes:
            self.settings.setValue(f"panes/{pane.name}", pane.document_id or "")
        self.settings.setValue("panes/active", self.active_pane.name)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)
