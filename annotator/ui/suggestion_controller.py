"""The window's suggestions: one layer per article pane, the Suggestions menu, decisions pushed as undo
commands, and the string matcher kept up to date as the analyst tags.

The window tells it when a pane shows an article and when spans changed; everything else happens here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu

from annotator.domain.models import Span
from annotator.domain.progress import Progress
from annotator.domain.suggestions import Suggestion, SuggestionSource
from annotator.services import suggestions
from annotator.services.project import Project
from annotator.services.string_matcher import refresh_strings
from annotator.services.suggest import QUICK_SOURCES, RefreshReport, refresh
from annotator.services.suggestions import Accepted
from annotator.services.term_lists import import_terms
from annotator.ui.article_pane import ArticlePane
from annotator.ui.suggestion_commands import AcceptSuggestionsCommand, RejectSuggestionsCommand
from annotator.ui.suggestion_layer import SuggestionLayer
from annotator.ui.term_list_dialog import TermListDialog

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

DEFAULT_THRESHOLD = 0.6


class _Learner(QObject):
    """Refreshes the string matcher for newly tagged strings on a thread of its own, one run at a time,
    with its own connection; the window is told when suggestions changed."""

    learned = Signal()

    def __init__(self) -> None:
        # No parent: a run still going when the window closes must not emit from a deleted object.
        super().__init__()
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self.idle = threading.Event()
        self.idle.set()
        self.last_error: BaseException | None = None

    def learn(self, path: Path, annotator: str, texts: Iterable[str]) -> None:
        with self._lock:
            self._pending.update(texts)
            if not self.idle.is_set():
                return  # the running thread takes these next
            self.idle.clear()
        threading.Thread(target=self._run, args=(path, annotator), daemon=True, name="suggest").start()

    def _run(self, path: Path, annotator: str) -> None:
        try:
            with Project.open(path, annotator=annotator) as project:
                while True:
                    with self._lock:
                        texts, self._pending = self._pending, set()
                        if not texts:
                            self.idle.set()
                            break
                    refresh_strings(project, texts=texts)
                    self.learned.emit()
        except BaseException as error:  # a failed refresh only means fewer suggestions; kept for display
            self.last_error = error
            with self._lock:
                self._pending.clear()
                self.idle.set()


class SuggestionController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.layers: dict[str, SuggestionLayer] = {}
        for pane in window.panes:
            layer = SuggestionLayer(pane.view)
            layer.acceptRequested.connect(lambda s, label, p=pane: self.accept(p, s, label))
            layer.rejectRequested.connect(lambda s, p=pane: self.reject(p, s))
            layer.selectionChanged.connect(self._selected)
            self.layers[pane.name] = layer
        self.threshold = float(str(window.settings.value("suggest/threshold", DEFAULT_THRESHOLD)))
        self.learner = _Learner()
        self.learner.learned.connect(self.refresh_panes)
        self._build_menu()

    def layer(self, pane: ArticlePane) -> SuggestionLayer:
        return self.layers[pane.name]

    @property
    def project(self) -> Project:
        return self.window.project

    def _build_menu(self) -> None:
        window = self.window
        bar = window.menuBar()
        menu = QMenu("S&uggestions", bar)
        bar.insertMenu(bar.actions()[-1], menu)  # before Help
        self.show_action = window.add_action(
            menu, "Suggestions", "&Show suggestions", None, "Ctrl+Shift+U", checkable=True
        )
        self.show_action.setChecked(bool(window.settings.value("suggest/show", True, type=bool)))
        self.show_action.toggled.connect(self._show_toggled)
        window.add_action(menu, "Suggestions", "&Accept the selected suggestion", self.accept_selected)
        window.add_action(menu, "Suggestions", "&Reject the selected suggestion", self.reject_selected)
        window.shortcut_rows += [
            ("Suggestions", "Step through spans and suggestions", "Tab or Shift+Tab"),
            ("Suggestions", "Accept the selected suggestion (a label key: with that label)", "Enter"),
            ("Suggestions", "Reject the selected suggestion", "Delete or Backspace"),
        ]
        window.add_action(
            menu,
            "Suggestions",
            "Accept &all above the threshold in the article",
            self.accept_all_above,
            "Ctrl+Shift+Return",
        )
        window.add_action(menu, "Suggestions", "Set the &threshold…", self.ask_threshold)
        menu.addSeparator()
        window.add_action(menu, "Suggestions", "Re&fresh suggestions", self.refresh_all, "Ctrl+Shift+R")
        window.add_action(menu, "Suggestions", "Train the &model and suggest…", self.train_model)
        window.add_action(
            menu,
            "Suggestions",
            "Open the article the model is least &sure about",
            self.open_uncertain,
            "Ctrl+Shift+J",
        )
        window.add_action(menu, "Suggestions", "Term &lists and patterns…", self.edit_term_lists)
        window.add_action(menu, "Suggestions", "&Import a term list (CSV)…", self.import_term_list)
        self.menu = menu

    # -- what the window tells us ---------------------------------------------------------------------

    def document_shown(self, pane: ArticlePane) -> None:
        layer = self.layer(pane)
        layer.hotkeys = {label.hotkey: label.name for label in self.window.labels if label.hotkey}
        layer.visible = self.show_action.isChecked()
        document_id = pane.document_id
        try:
            found = suggestions.open_suggestions(self.project, document_id) if document_id else []
        except Exception as error:  # suggestions are a help: a failure to read them never blocks reading
            self.window.statusBar().showMessage(f"Suggestions could not be read: {error}", 6000)
            found = []
        layer.show_suggestions(found)

    def spans_changed(self, added: list[Span], removed: list[Span]) -> None:
        """Spans changed: refresh the suggestions shown, and learn the strings tagged or untagged."""
        touched = {span.document_id for span in [*added, *removed]}
        self.refresh_panes(touched)
        path = self.project.database.path
        texts = {span.text for span in [*added, *removed] if span.annotator == self.project.annotator}
        if texts and path is not None and not self.project.database.read_only:
            self.learner.learn(path, self.project.annotator, texts)

    def refresh_panes(self, document_ids: set[str] | None = None) -> None:
        for pane in self.window.panes:
            if pane.document_id and (document_ids is None or pane.document_id in document_ids):
                self.document_shown(pane)

    # -- decisions ------------------------------------------------------------------------------------

    def _active_layer(self) -> SuggestionLayer:
        return self.layer(self.window.active_pane)

    def accept_selected(self) -> None:
        selected = self._active_layer().selected
        if selected is None:
            self.window.statusBar().showMessage("Select a suggestion first (Tab steps to it).", 4000)
            return
        self.accept(self.window.active_pane, selected, "")

    def reject_selected(self) -> None:
        selected = self._active_layer().selected
        if selected is not None:
            self.reject(self.window.active_pane, selected)

    def accept(self, pane: ArticlePane, suggestion: Suggestion, label: str) -> None:
        chosen = label or None
        self._accept(
            lambda: suggestions.accept_suggestions(self.project, [suggestion], label=chosen),
            "You have tagged that already.",
        )
        # On to the next suggestion, as an analyst confirming one after another expects.
        following = [s for s in self.layer(pane).ordered() if s.start >= suggestion.start]
        if following:
            self.layer(pane).select(following[0])

    def accept_all_above(self) -> None:
        pane = self.window.active_pane
        document_id = pane.document_id
        if document_id is None:
            return
        self._accept(
            lambda: suggestions.accept_above(self.project, document_id, self.threshold),
            f"No suggestion in this article scores {self.threshold:.2f} or more.",
        )

    def _accept(self, action: Callable[[], list[Accepted]], nothing: str) -> None:
        try:
            accepted = action()
        except Exception as error:
            self.window.command_failed(error, "accept the suggestion")
            return
        if not accepted:
            self.window.statusBar().showMessage(nothing, 4000)
            return
        first = accepted[0].span
        text = (
            f"accept '{first.text[:30]}' as {first.label}"
            if len(accepted) == 1
            else f"accept {len(accepted)} suggestions"
        )
        self.window.undo_stack.push(AcceptSuggestionsCommand(self.window, accepted, text))
        self.window.spans_changed(added=[a.span for a in accepted], removed=[])

    def reject(self, pane: ArticlePane, suggestion: Suggestion) -> None:
        try:
            keys = suggestions.reject_suggestions(self.project, [suggestion])
        except Exception as error:
            self.window.command_failed(error, "reject the suggestion")
            return
        text = f"reject '{suggestion.text[:30]}' as {suggestion.label}"
        self.window.undo_stack.push(RejectSuggestionsCommand(self.window, keys, self.refresh_panes, text))
        following = [s for s in self.layer(pane).ordered() if s.start >= suggestion.start and s != suggestion]
        self.refresh_panes({suggestion.document_id})
        if following:
            again = [s for s in self.layer(pane).ordered() if s.key == following[0].key]
            self.layer(pane).select(again[0] if again else None)

    def _selected(self, suggestion: object) -> None:
        if isinstance(suggestion, Suggestion):
            self.window.span_info.setText(
                f"suggested {suggestion.label}: “{suggestion.text[:60]}” · {suggestion.source.display_name}, "
                f"score {suggestion.score:.2f} · Enter accepts, Delete rejects"
            )

    def _show_toggled(self, on: bool) -> None:
        self.window.settings.setValue("suggest/show", on)
        for layer in self.layers.values():
            layer.set_visible(on)

    def ask_threshold(self) -> None:
        value, ok = QInputDialog.getDouble(
            self.window,
            "Suggestion threshold",
            "Accept all accepts the article's suggestions scoring at least:",
            self.threshold,
            0.0,
            1.0,
            2,
        )
        if ok:
            self.set_threshold(value)

    def set_threshold(self, value: float) -> None:
        self.threshold = min(max(value, 0.0), 1.0)
        self.window.settings.setValue("suggest/threshold", self.threshold)

    # -- long work --------------------------------------------------------------------------------------

    def refresh_all(self) -> None:
        def work(project: Project, progress: Progress) -> RefreshReport:
            return refresh(project, QUICK_SOURCES, progress=progress)

        self.window.run_task("Refreshing suggestions…", work, self._refreshed)

    def train_model(self) -> None:
        def work(project: Project, progress: Progress) -> RefreshReport:
            return refresh(project, (SuggestionSource.MODEL,), progress=progress)

        self.window.run_task("Training the model on your spans…", work, self._refreshed)

    def open_uncertain(self) -> None:
        document_id = suggestions.next_uncertain_article(self.project, self.window.active_pane.document_id)
        if document_id is None:
            self.window.statusBar().showMessage(
                "No untagged article has model suggestions: train the model first.", 5000
            )
            return
        self.window.show_article(document_id)

    def _refreshed(self, report: RefreshReport) -> None:
        self.window.last_report = report.summary()
        self.window.statusBar().showMessage(report.summary(), 10000)
        self.refresh_panes()

    def edit_term_lists(self) -> TermListDialog:
        dialog = TermListDialog(self.project, [label.name for label in self.window.labels], self.window)
        dialog.finished.connect(lambda _result: self.refresh_all())
        dialog.open()
        return dialog

    def import_term_list(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Import a term list", "", "CSV files (*.csv)")
        if name:
            self.import_terms_from(Path(name))

    def import_terms_from(self, path: Path) -> None:
        try:
            result = import_terms(self.project, path)
        except Exception as error:
            self.window.command_failed(error, "import the term list")
            return
        self.window.statusBar().showMessage(result.summary() + "; refreshing suggestions…", 6000)
        self.refresh_all()
