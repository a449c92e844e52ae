"""Showing what other programs committed to the project: another window or the CLI (seen when the window
is activated again), and the background hub sync (which says what it touched, so only that is redrawn)."""

from __future__ import annotations

from collections.abc import Callable

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.errors import AnnotatorError
from annotator.services import reading
from annotator.services.reading import ArticleList
from annotator.ui.context import WindowContext
from annotator.ui.pane_controller import PaneController


class OutsideChanges:
    def __init__(
        self,
        context: WindowContext,
        panes: PaneController,
        reload: Callable[[], None],
        update_progress: Callable[[], None],
    ) -> None:
        self.context = context
        self.panes = panes
        self.reload = reload
        self.update_progress = update_progress
        self.seen_version: int | None = None

    def note_current(self) -> None:
        """Take the project as it is now as seen (before the window reads it): a commit of another
        program from then on is shown at the next activation, even the window's first."""
        try:
            self.seen_version = reading.outside_changes(self.context.project)
        except AnnotatorError:
            self.seen_version = None

    def refresh_if_changed(self) -> bool:
        """Reload when the project changed since last seen; True when it did."""
        try:
            version = reading.outside_changes(self.context.project)
        except AnnotatorError:
            return False
        changed = self.seen_version is not None and version != self.seen_version
        self.seen_version = version
        if changed:
            self.reload()
            self.context.message("Reloaded: the project was changed by another program.")
        return changed

    def show_synced(
        self, articles: ArticleList | None, annotators: list[str], touched: set[str], schema: bool
    ) -> None:
        """What a background sync brought in (read off this thread): only what it touched is redrawn."""
        self.seen_version = reading.outside_changes(self.context.project)  # the sync's commits are seen now
        if schema:
            self.reload()  # the label schema changed: palette, shortcuts, colours
            return
        if articles is not None:
            self.panes.documents.set_articles(articles)
            self.update_progress()
        if annotators:
            self.panes.set_layer_choices([*annotators, GOLD_LAYER])
        for pane in self.panes.panes:
            if pane.document_id in touched:
                self.panes.open_document(pane.document_id, pane, focus=False)
