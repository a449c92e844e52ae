"""The window's suggestions: one layer per article pane, the Suggestions menu, decisions pushed as undo
commands, and the string matcher kept up to date as the analyst tags.

The pane controller tells it when a pane shows an article and when spans changed; everything else
happens here. Decisions go through ``Operations``, long work through ``ProjectFiles``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog

from annotator.domain.models import Label, Span
from annotator.domain.progress import Progress
from annotator.domain.suggestions import Suggestion, SuggestionSource
from annotator.services import suggestions
from annotator.services.project import Project
from annotator.services.string_matcher import refresh_strings
from annotator.services.suggestions import Accepted
from annotator.ui.article_pane import ArticlePane
from annotator.ui.context import WindowContext
from annotator.ui.operations import Operations
from annotator.ui.pane_controller import PaneController
from annotator.ui.project_files import ProjectFiles
from annotator.ui.status_bar import StatusLine
from annotator.ui.suggestion_commands import AcceptSuggestionsCommand, RejectSuggestionsCommand
from annotator.ui.suggestion_layer import SuggestionLayer

if TYPE_CHECKING:  # model training, term lists and their dialog load when first used, not at start-up
    from annotator.services.suggest import RefreshReport
    from annotator.ui.term_list_dialog import TermListDialog

DEFAULT_THRESHOLD = 0.6
# Newly tagged strings are learned once the analyst pauses this long: a burst of tags is learned in one
# run, and the run (on a thread, but sharing the interpreter) never slows the tagging itself.
LEARN_AFTER_MS = 500


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
    def __init__(
        self,
        context: WindowContext,
        panes: PaneController,
        ops: Operations,
        files: ProjectFiles,
        status: StatusLine,
        labels: Callable[[], list[Label]],
        show_action: QAction,
    ) -> None:
        super().__init__(context)
        self.context = context
        self.panes = panes
        self.ops = ops
        self.files = files
        self.status = status
        self.labels = labels
        self.layers: dict[str, SuggestionLayer] = {}
        for pane in panes.panes:
            layer = SuggestionLayer(pane.view)
            layer.acceptRequested.connect(lambda s, label, p=pane: self.accept(p, s, label))
            layer.rejectRequested.connect(lambda s, p=pane: self.reject(p, s))
            layer.selectionChanged.connect(self._selected)
            self.layers[pane.name] = layer
        self.threshold = float(str(context.settings.value("suggest/threshold", DEFAULT_THRESHOLD)))
        self.learner = _Learner()
        self.learner.learned.connect(self.refresh_panes)
        self.show_action = show_action
        self.show_action.setChecked(bool(context.settings.value("suggest/show", True, type=bool)))
        self.show_action.toggled.connect(self._show_toggled)
        panes.documentShown.connect(self.document_shown)
        panes.spansEdited.connect(self.spans_changed)
        # A tag is shown first; the suggestions it changes follow once the event loop is free, read once
        # for a burst of edits (an undo of many spans, a paste of tags) rather than once per edit.
        self._changed_documents: set[str] = set()
        self._changed_texts: set[str] = set()
        self._after_edits = QTimer(self)
        self._after_edits.setSingleShot(True)
        self._after_edits.setInterval(0)
        self._after_edits.timeout.connect(self._follow_edits)
        self._to_learn: set[str] = set()
        self._learn_later = QTimer(self)
        self._learn_later.setSingleShot(True)
        self._learn_later.setInterval(LEARN_AFTER_MS)
        self._learn_later.timeout.connect(self._learn)

    def slots(self) -> dict[str, Callable[[], object]]:
        """What the Suggestions menu's commands do."""
        return {
            "suggest.accept": self.accept_selected,
            "suggest.reject": self.reject_selected,
            "suggest.accept_all": self.accept_all_above,
            "suggest.threshold": self.ask_threshold,
            "suggest.refresh": self.refresh_all,
            "suggest.train": self.train_model,
            "suggest.uncertain": self.open_uncertain,
            "suggest.terms": self.edit_term_lists,
            "suggest.import_terms": self.import_term_list,
        }

    def layer(self, pane: ArticlePane) -> SuggestionLayer:
        return self.layers[pane.name]

    @property
    def project(self) -> Project:
        return self.context.project

    # -- what the window tells us ---------------------------------------------------------------------

    def document_shown(self, pane: ArticlePane) -> None:
        layer = self.layer(pane)
        layer.hotkeys = {label.hotkey: label.name for label in self.labels() if label.hotkey}
        layer.visible = self.show_action.isChecked()
        document_id = pane.document_id
        try:
            found = suggestions.open_suggestions(self.project, document_id) if document_id else []
        except Exception as error:  # suggestions are a help: a failure to read them never blocks reading
            self.context.message(f"Suggestions could not be read: {error}", 6000)
            found = []
        layer.show_suggestions(found)

    def spans_changed(self, added: list[Span], removed: list[Span]) -> None:
        """Spans changed: refresh the suggestions shown, and learn the strings tagged or untagged."""
        changed = [*added, *removed]
        self._changed_documents.update(span.document_id for span in changed)
        self._changed_texts.update(span.text for span in changed if span.annotator == self.project.annotator)
        self._after_edits.start()

    def _follow_edits_now(self) -> None:
        if self._after_edits.isActive():
            self._after_edits.stop()
            self._follow_edits()

    def _follow_edits(self) -> None:
        documents, self._changed_documents = self._changed_documents, set()
        texts, self._changed_texts = self._changed_texts, set()
        self.refresh_panes(documents)
        if texts:
            self._to_learn |= texts
            self._learn_later.start()  # again: the pause is counted from the last edit

    def _learn(self) -> None:
        texts, self._to_learn = self._to_learn, set()
        path = self.project.database.path
        if texts and path is not None and not self.project.database.read_only:
            self.learner.learn(path, self.project.annotator, texts)

    def refresh_panes(self, document_ids: set[str] | None = None) -> None:
        for pane in self.panes.panes:
            if pane.document_id and (document_ids is None or pane.document_id in document_ids):
                self.document_shown(pane)

    # -- decisions ------------------------------------------------------------------------------------

    def _active_layer(self) -> SuggestionLayer:
        return self.layer(self.panes.active_pane)

    def accept_selected(self) -> None:
        selected = self._active_layer().selected
        if selected is None:
            self.context.message("Select a suggestion first (Tab steps to it).", 4000)
            return
        self.accept(self.panes.active_pane, selected, "")

    def reject_selected(self) -> None:
        selected = self._active_layer().selected
        if selected is not None:
            self.reject(self.panes.active_pane, selected)

    def accept(self, pane: ArticlePane, suggestion: Suggestion, label: str) -> None:
        chosen = label or None
        self._accept(
            lambda: suggestions.accept_suggestions(self.project, [suggestion], label=chosen),
            "You have tagged that already.",
        )
        self._follow_edits_now()  # the accepted one leaves the list before the next is chosen
        # On to the next suggestion, as an analyst confirming one after another expects.
        following = [s for s in self.layer(pane).ordered() if s.start >= suggestion.start]
        if following:
            self.layer(pane).select(following[0])

    def accept_all_above(self) -> None:
        pane = self.panes.active_pane
        document_id = pane.document_id
        if document_id is None:
            return
        self._accept(
            lambda: suggestions.accept_above(self.project, document_id, self.threshold),
            f"No suggestion in this article scores {self.threshold:.2f} or more.",
        )
        self._follow_edits_now()

    def _accept(self, action: Callable[[], list[Accepted]], nothing: str) -> None:
        accepted = self.ops.run("accept the suggestion", action, self._accept_command)
        if accepted is None:
            return
        if not accepted:
            self.context.message(nothing, 4000)
            return
        self.panes.spans_changed(added=[a.span for a in accepted], removed=[])

    def _accept_command(self, accepted: list[Accepted]) -> AcceptSuggestionsCommand | None:
        if not accepted:
            return None
        first = accepted[0].span
        text = (
            f"accept '{first.text[:30]}' as {first.label}"
            if len(accepted) == 1
            else f"accept {len(accepted)} suggestions"
        )
        return AcceptSuggestionsCommand(self.panes, accepted, text)

    def reject(self, pane: ArticlePane, suggestion: Suggestion) -> None:
        text = f"reject '{suggestion.text[:30]}' as {suggestion.label}"
        keys = self.ops.run(
            "reject the suggestion",
            lambda: suggestions.reject_suggestions(self.project, [suggestion]),
            lambda keys: RejectSuggestionsCommand(self.panes, keys, self.refresh_panes, text),
        )
        if keys is None:
            return
        following = [s for s in self.layer(pane).ordered() if s.start >= suggestion.start and s != suggestion]
        self.refresh_panes({suggestion.document_id})
        if following:
            again = [s for s in self.layer(pane).ordered() if s.key == following[0].key]
            self.layer(pane).select(again[0] if again else None)

    def _selected(self, suggestion: object) -> None:
        if isinstance(suggestion, Suggestion):
            self.status.span_info.setText(
                f"suggested {suggestion.label}: “{suggestion.text[:60]}” · {suggestion.source.display_name}, "
                f"score {suggestion.score:.2f} · Enter accepts, Delete rejects"
            )

    def _show_toggled(self, on: bool) -> None:
        self.context.settings.setValue("suggest/show", on)
        for layer in self.layers.values():
            layer.set_visible(on)

    def ask_threshold(self) -> None:
        value, ok = QInputDialog.getDouble(
            self.context.window,
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
        self.context.settings.setValue("suggest/threshold", self.threshold)

    # -- long work --------------------------------------------------------------------------------------

    def refresh_all(self) -> None:
        from annotator.services.suggest import QUICK_SOURCES, refresh

        def work(project: Project, progress: Progress) -> RefreshReport:
            return refresh(project, QUICK_SOURCES, progress=progress)

        self.files.run_task("Refreshing suggestions…", work, self._refreshed)

    def train_model(self) -> None:
        from annotator.services.suggest import refresh

        def work(project: Project, progress: Progress) -> RefreshReport:
            return refresh(project, (SuggestionSource.MODEL,), progress=progress)

        self.files.run_task("Training the model on your spans…", work, self._refreshed)

    def open_uncertain(self) -> None:
        document_id = suggestions.next_uncertain_article(self.project, self.panes.active_pane.document_id)
        if document_id is None:
            self.context.message("No untagged article has model suggestions: train the model first.")
            return
        self.panes.show_article(document_id)

    def _refreshed(self, report: RefreshReport) -> None:
        self.files.last_report = report.summary()
        self.context.message(report.summary(), 10000)
        self.refresh_panes()

    def edit_term_lists(self) -> TermListDialog:
        from annotator.ui.term_list_dialog import TermListDialog

        dialog = TermListDialog(self.project, [label.name for label in self.labels()], self.context.window)
        dialog.finished.connect(lambda _result: self.refresh_all())
        dialog.open()
        return dialog

    def import_term_list(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.context.window, "Import a term list", "", "CSV files (*.csv)"
        )
        if name:
            self.import_terms_from(Path(name))

    def import_terms_from(self, path: Path) -> None:
        from annotator.services.term_lists import import_terms

        result = self.ops.run(
            "import the term list", lambda: import_terms(self.project, path), lambda _r: None
        )
        if result is None:
            return
        self.context.message(result.summary() + "; refreshing suggestions…", 6000)
        self.refresh_all()
