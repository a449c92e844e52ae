"""Review mode: the same article in both panes, one layer per pane, differences marked and decided.

The controller owns the comparison state; the pane controller keeps doing what it always does (open
articles, paint spans) and calls in here when review mode is on. Decisions go through ``Operations``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.layer_diff import Disagreement, classify_layer, disagreements
from annotator.domain.models import Span
from annotator.services import adjudication, reading
from annotator.ui.commands import GoldDecisionCommand
from annotator.ui.context import WindowContext
from annotator.ui.operations import Operations
from annotator.ui.pane_controller import PaneController
from annotator.ui.review_panel import ReviewPanel


class ReviewMode:
    def __init__(
        self,
        context: WindowContext,
        panes: PaneController,
        ops: Operations,
        panel: ReviewPanel,
        sync: QAction,
    ) -> None:
        self.context = context
        self.panes = panes
        self.ops = ops
        self.sync = sync
        self.panel = panel
        self.active = False
        self.left_layer = ""
        self.right_layer = GOLD_LAYER
        self.found: list[Disagreement] = []
        # Told after the differences were listed again, or review mode ended (the structure's review).
        self.refreshed: Callable[[], None] = lambda: None
        panel.layersChosen.connect(self.set_layers)
        panel.disagreementChosen.connect(self.show_disagreement)
        panel.acceptLeft.connect(lambda: self.decide("left"))
        panel.acceptRight.connect(lambda: self.decide("right"))
        panel.rejectBoth.connect(lambda: self.decide("none"))
        panel.autoAcceptRequested.connect(self.auto_accept)
        panel.reviewStatusChosen.connect(self.set_review_status)
        panes.open_in_review = self.open_if_active
        panes.layersShown.connect(self.refresh)
        panes.spansShown.connect(lambda: self.refresh(self.panel.list.currentRow()))
        panes.goldShown.connect(lambda: self.refresh(max(self.panel.list.currentRow(), 0)))

    # -- entering and leaving ---------------------------------------------------------------------------

    def layer_names(self) -> list[str]:
        return [*reading.list_annotators(self.context.project), GOLD_LAYER]

    def annotators(self) -> list[str]:
        """The annotators whose spans make the candidates: the two layers compared, gold excluded."""
        return [name for name in (self.left_layer, self.right_layer) if name != GOLD_LAYER]

    def enter(self) -> None:
        panes = self.panes
        names = self.layer_names()
        others = [n for n in names if n not in (self.context.project.annotator, GOLD_LAYER)]
        if not self.left_layer or self.left_layer not in names:
            self.left_layer = self.context.project.annotator
            self.right_layer = others[0] if others else GOLD_LAYER
        self.active = True
        self.panel.set_layer_choices(names, self.left_layer, self.right_layer)
        document_id = panes.active_pane.document_id or panes.left.document_id
        self.sync.setChecked(True)
        if document_id:
            self.open(document_id)

    def leave(self) -> None:
        self.active = False
        self.refreshed()
        for pane in self.panes.panes:
            pane.view.current_place = None
            pane.set_layers(None)
            pane.view.set_marks({})
            if pane.document_id:
                self.panes.open_document(pane.document_id, pane, focus=False)

    def set_layers(self, left: str, right: str) -> None:
        self.left_layer, self.right_layer = left, right
        if self.active and self.panes.left.document_id:
            self.open(self.panes.left.document_id)

    def open_if_active(self, document_id: str) -> bool:
        if self.active:
            self.open(document_id)
        return self.active

    def open(self, document_id: str) -> None:
        """Show ``document_id`` in both panes, one layer each, and compare them."""
        panes = self.panes
        for pane, layer in ((panes.left, self.left_layer), (panes.right, self.right_layer)):
            pane.set_layers([layer])
        panes.open_document(document_id, panes.right, focus=False)
        panes.open_document(document_id, panes.left)
        self.refresh()

    # -- comparing ----------------------------------------------------------------------------------------

    def refresh(self, keep_row: int = 0) -> None:
        """Recompute marks and the list of differences for the article in the panes."""
        panes, project = self.panes, self.context.project
        document_id = panes.left.document_id
        if not self.active or document_id is None:
            return
        left = panes.left.view.index.spans()
        right = panes.right.view.index.spans()
        panes.left.view.set_marks(classify_layer(left, right))
        panes.right.view.set_marks(classify_layer(right, left))
        self.found = disagreements(left, right)
        decided = adjudication.decided_keys(project, document_id)
        gold = {(g.start, g.end, g.label) for g in adjudication.gold_spans(project, document_id)}
        done = [self._is_decided(d, decided, gold) for d in self.found]
        self.panel.show_disagreements(self.found, done, keep_row)
        self.panel.set_review_status(adjudication.review_status(project, document_id))
        self.refreshed()

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
        for pane in (self.panes.left, self.panes.right):
            # Outlined, never selected: a selection would look like a span of the label in that colour.
            pane.view.clear_selection()
            pane.view.select_span(None)
            pane.view.set_current_place((item.start, item.end))

    def step(self, direction: int) -> None:
        if not self.panel.step(direction):
            self.context.message("Every difference in this article is decided.", 4000)

    # -- deciding -----------------------------------------------------------------------------------------

    def current(self) -> Disagreement | None:
        row = self.panel.list.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None

    def decide(self, side: str) -> None:
        item = self.current()
        document_id = self.panes.left.document_id
        if item is None or document_id is None:
            return
        chosen: tuple[Span, ...] = {"left": item.left, "right": item.right}.get(side, ())
        others = tuple(s for s in (*item.left, *item.right) if s not in chosen)
        text = {"left": "accept the left side", "right": "accept the right side"}.get(
            side, "reject both sides"
        )
        row = self.panel.list.currentRow()
        decision = self.ops.run(
            "record the decision",
            lambda: adjudication.decide(self.context.project, chosen, others, self.annotators()),
            lambda decision: GoldDecisionCommand(self.panes, decision, text),
        )
        if decision is None:
            return
        self.panes.gold_changed(document_id)
        self.panel.list.setCurrentRow(row)
        self.step(1)

    def edit(self, start: int, end: int, label: str) -> bool:
        """The reviewer's own span for the current place, replacing both sides in the gold layer.
        Returns whether review mode took the span (it does whenever it is on)."""
        document_id = self.panes.left.document_id
        if not self.active or document_id is None:
            return self.active
        item = self.current()
        replaced = [*item.left, *item.right] if item else []
        decision = self.ops.run(
            "add the gold span",
            lambda: adjudication.add_gold(
                self.context.project, document_id, start, end, label, replaced, self.annotators()
            ),
            lambda decision: GoldDecisionCommand(
                self.panes, decision, f"decide '{decision.gold[0].text[:30]}' as {label}"
            ),
        )
        if decision is not None:
            self.panes.gold_changed(document_id)
        return True

    def auto_accept(self) -> None:
        annotators = [n for n in self.layer_names() if n != GOLD_LAYER]
        if not annotators:
            return
        ids = self.panes.documents.document_ids()
        from annotator.ui.auto_accept_dialog import ask_auto_accept  # (loaded when first asked for)

        needed = ask_auto_accept(self.context.window, self.context.project, ids, annotators)
        self.context.window.activateWindow()
        if needed is None:
            return
        report = self.ops.run(
            "auto-accept",
            lambda: adjudication.auto_accept(self.context.project, ids, annotators, needed),
            # One undo step for the whole auto-accept, undone in one transaction.
            lambda report: (
                GoldDecisionCommand(
                    self.panes,
                    adjudication.Decision(report.accepted, []),
                    f"auto-accept {len(report.accepted)} spans",
                )
                if report.accepted
                else None
            ),
        )
        if report is None:
            return
        decision = adjudication.Decision(report.accepted, [])
        for document_id in decision.document_ids:
            self.panes.gold_changed(document_id)
        self.context.message(
            f"Accepted {len(report.accepted)} spans agreed by at least {needed} annotators "
            f"in {len(decision.document_ids)} articles.",
            8000,
        )

    def set_review_status(self, status: str) -> None:
        document_id = self.panes.left.document_id
        if document_id:
            self.ops.run(
                "change the review status",
                lambda: adjudication.set_review_status(self.context.project, document_id, status),
                lambda _none: None,
            )
