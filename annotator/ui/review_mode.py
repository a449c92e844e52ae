"""Review mode: the same article in both panes, one layer per pane, differences marked and decided.

The controller owns the comparison state; the window keeps doing what it always does (open articles,
paint spans) and calls in here when review mode is on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.layer_diff import Disagreement, classify_layer, disagreements
from annotator.domain.models import Span
from annotator.services import adjudication, reading
from annotator.ui.commands import GoldDecisionCommand
from annotator.ui.review_panel import ReviewPanel

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class ReviewMode:
    def __init__(self, window: MainWindow, panel: ReviewPanel) -> None:
        self.window = window
        self.panel = panel
        self.active = False
        self.left_layer = ""
        self.right_layer = GOLD_LAYER
        self.found: list[Disagreement] = []
        panel.layersChosen.connect(self.set_layers)
        panel.disagreementChosen.connect(self.show_disagreement)
        panel.acceptLeft.connect(lambda: self.decide("left"))
        panel.acceptRight.connect(lambda: self.decide("right"))
        panel.rejectBoth.connect(lambda: self.decide("none"))
        panel.autoAcceptRequested.connect(self.auto_accept)
        panel.reviewStatusChosen.connect(self.set_review_status)

    # -- entering and leaving ---------------------------------------------------------------------------

    def layer_names(self) -> list[str]:
        return [*reading.list_annotators(self.window.project), GOLD_LAYER]

    def annotators(self) -> list[str]:
        """The annotators whose spans make the candidates: the two layers compared, gold excluded."""
        return [name for name in (self.left_layer, self.right_layer) if name != GOLD_LAYER]

    def enter(self) -> None:
        window = self.window
        names = self.layer_names()
        others = [n for n in names if n not in (window.project.annotator, GOLD_LAYER)]
        if not self.left_layer or self.left_layer not in names:
            self.left_layer = window.project.annotator
            self.right_layer = others[0] if others else GOLD_LAYER
        self.active = True
        self.panel.set_layer_choices(names, self.left_layer, self.right_layer)
        document_id = window.active_pane.document_id or window.left.document_id
        window.sync_action.setChecked(True)
        if document_id:
            self.open(document_id)

    def leave(self) -> None:
        self.active = False
        self.window.structure_controller.review_refreshed()
        for pane in self.window.panes:
            pane.set_layers(None)
            pane.view.highlighter.marks = {}
            if pane.document_id:
                self.window.open_document(pane.document_id, pane, focus=False)

    def set_layers(self, left: str, right: str) -> None:
        self.left_layer, self.right_layer = left, right
        if self.active and self.window.left.document_id:
            self.open(self.window.left.document_id)

    def open(self, document_id: str) -> None:
        """Show ``document_id`` in both panes, one layer each, and compare them."""
        window = self.window
        window.left.set_layers([self.left_layer])
        window.right.set_layers([self.right_layer])
        window.open_document(document_id, window.right, focus=False)
        window.open_document(document_id, window.left)
        self.refresh()

    # -- comparing ----------------------------------------------------------------------------------------

    def refresh(self, keep_row: int = 0) -> None:
        """Recompute marks and the list of differences for the article in the panes."""
        window = self.window
        document_id = window.left.document_id
        if not self.active or document_id is None:
            return
        left = window.left.view.index.spans()
        right = window.right.view.index.spans()
        window.left.view.set_marks(classify_layer(left, right))
        window.right.view.set_marks(classify_layer(right, left))
        self.found = disagreements(left, right)
        decided = adjudication.decided_keys(window.project, document_id)
        gold = {(g.start, g.end, g.label) for g in adjudication.gold_spans(window.project, document_id)}
        done = [self._is_decided(d, decided, gold) for d in self.found]
        self.panel.show_disagreements(self.found, done, keep_row)
        self.panel.set_review_status(adjudication.review_status(window.project, document_id))
        window.structure_controller.review_refreshed()

    def _is_decided(
        self, item: Disagreement, decided: set[tuple[int, int, str]], gold: set[tuple[int, int, str]]
    ) -> bool:
        if GOLD_LAYER in (self.left_layer, self.right_layer):
            # Against gold, a place is settled when the annotator's spans there have been decided.
            own = item.left if self.right_layer == GOLD_LAYER else item.right
            return all((s.start, s.end, s.label) in decided for s in own)
        keys = [(s.start, s.end, s.label) for s in (*item.left, *item.right)]
        return all(key in decided for key in keys) or any(
            g[0] < item.end and item.start < g[1] for g in gold if g not in keys
        )

    def show_disagreement(self, row: int) -> None:
        if not 0 <= row < len(self.found):
            return
        item = self.found[row]
        for pane, spans in ((self.window.left, item.left), (self.window.right, item.right)):
            pane.view.clear_selection()
            if spans:
                pane.view.select_span(spans[0].id)
            else:
                pane.view.select_span(None)
                pane.view.select_range(item.start, item.end)
                pane.view.centerCursor()

    def step(self, direction: int) -> None:
        if not self.panel.step(direction):
            self.window.statusBar().showMessage("Every difference in this article is decided.", 4000)

    # -- deciding -----------------------------------------------------------------------------------------

    def current(self) -> Disagreement | None:
        row = self.panel.list.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None

    def decide(self, side: str) -> None:
        item = self.current()
        document_id = self.window.left.document_id
        if item is None or document_id is None:
            return
        chosen: tuple[Span, ...] = {"left": item.left, "right": item.right}.get(side, ())
        others = tuple(s for s in (*item.left, *item.right) if s not in chosen)
        try:
            decision = adjudication.decide(self.window.project, chosen, others, self.annotators())
        except Exception as error:
            self.window.command_failed(error, "record the decision")
            return
        text = {"left": "accept the left side", "right": "accept the right side"}.get(
            side, "reject both sides"
        )
        row = self.panel.list.currentRow()
        self.window.undo_stack.push(GoldDecisionCommand(self.window, decision, text))
        self.window.gold_changed(document_id)
        self.panel.list.setCurrentRow(row)
        self.step(1)

    def edit(self, start: int, end: int, label: str) -> None:
        """The reviewer's own span for the current place, replacing both sides in the gold layer."""
        document_id = self.window.left.document_id
        item = self.current()
        if document_id is None:
            return
        replaced = [*item.left, *item.right] if item else []
        try:
            decision = adjudication.add_gold(
                self.window.project, document_id, start, end, label, replaced, self.annotators()
            )
        except Exception as error:
            self.window.command_failed(error, "add the gold span")
            return
        text = f"decide '{decision.gold[0].text[:30]}' as {label}"
        self.window.undo_stack.push(GoldDecisionCommand(self.window, decision, text))
        self.window.gold_changed(document_id)

    def auto_accept(self) -> None:
        window = self.window
        annotators = [n for n in self.layer_names() if n != GOLD_LAYER]
        if not annotators:
            return
        needed, ok = QInputDialog.getInt(
            window,
            "Auto-accept agreed spans",
            f"Accept into the gold layer every span that at least this many of the {len(annotators)} "
            "annotators tagged exactly (same start, end and label), in every article:",
            min(2, len(annotators)),
            1,
            len(annotators),
        )
        window.activateWindow()
        if not ok:
            return
        ids = window.documents.document_ids()
        try:
            report = adjudication.auto_accept(window.project, ids, annotators, needed)
        except Exception as error:
            window.command_failed(error, "auto-accept")
            return
        # One undo step for the whole auto-accept, undone in one transaction.
        decision = adjudication.Decision(report.accepted, [])
        if report.accepted:
            text = f"auto-accept {len(report.accepted)} spans"
            window.undo_stack.push(GoldDecisionCommand(window, decision, text))
        for document_id in decision.document_ids:
            window.gold_changed(document_id)
        window.statusBar().showMessage(
            f"Accepted {len(report.accepted)} spans agreed by at least {needed} annotators "
            f"in {len(decision.document_ids)} articles.",
            8000,
        )

    def set_review_status(self, status: str) -> None:
        document_id = self.window.left.document_id
        if document_id:
            try:
                adjudication.set_review_status(self.window.project, document_id, status)
            except Exception as error:
                self.window.command_failed(error, "change the review status")
