"""Review mode's part of structured annotation: the differences in relations, attributes and document
labels between the two layers shown, and taking either side's into the gold layer (one undo step each)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QDockWidget, QWidget

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.structure_diff import AttributeDifference, LabelDifference, RelationDifference
from annotator.services import structure_review
from annotator.ui.context import WindowContext
from annotator.ui.pane_controller import PaneController
from annotator.ui.structure_commands import GoldEditCommand, GoldRelationCommand, StructureSink
from annotator.ui.structure_review_panel import StructureReviewPanel

if TYPE_CHECKING:
    from annotator.ui.review_mode import ReviewMode

# Makes a dock for a panel, tabbed beside the window's "spans" or "review" dock.
DockMaker = Callable[[str, str, QWidget, str], QDockWidget]


class StructureOwner(StructureSink, Protocol):
    """The part of the structure controller that review mode's structure part uses."""

    context: WindowContext
    panes: PaneController
    review_mode: ReviewMode


class StructureReview:
    def __init__(self, controller: StructureOwner, dock: DockMaker) -> None:
        self.controller = controller
        self.panel = StructureReviewPanel()
        self.panel.takeRequested.connect(self.take_into_gold)
        self.dock = dock("Review: relations and labels", "structure-review-dock", self.panel, "review")
        self.dock.hide()

    def refresh(self) -> None:
        """Review mode compared the panes again: list the differences in relations, attributes and labels."""
        review = self.controller.review_mode
        document_id = self.controller.panes.left.document_id
        self.dock.setVisible(review.active)
        if not review.active or document_id is None:
            return
        try:
            found = structure_review.structure_differences(
                self.controller.project, document_id, review.left_layer, review.right_layer
            )
        except Exception as error:
            self.controller.context.message(f"Relations could not be compared: {error}", 6000)
            return
        record = self.controller.panes.left.view.document_record
        text = record.text if record is not None else ""
        self.panel.show_differences(found, review.left_layer, review.right_layer, text)

    def take_into_gold(self, item: object, side: str) -> None:
        review = self.controller.review_mode
        document_id = self.controller.panes.left.document_id
        layer = review.left_layer if side == "left" else review.right_layer
        if document_id is None:
            return
        if layer == GOLD_LAYER:
            self.controller.context.message("That side is the gold layer already.", 4000)
            return
        try:
            if isinstance(item, RelationDifference):
                if item.side != side:
                    self.controller.context.message(f"{layer} has no such relation to take.", 4000)
                    return
                taken = structure_review.take_relation(
                    self.controller.project, document_id, layer, item.relation.id
                )
                command: object = GoldRelationCommand(self.controller, taken)
            elif isinstance(item, AttributeDifference):
                edit = structure_review.take_attribute(
                    self.controller.project, document_id, layer, item.span, item.name
                )
                command = GoldEditCommand(self.controller, edit)
            elif isinstance(item, LabelDifference):
                edit = structure_review.take_document_labels(
                    self.controller.project, document_id, layer, item.label_set
                )
                command = GoldEditCommand(self.controller, edit)
            else:
                return
        except Exception as error:
            self.controller.panes.command_failed(error, "take it into gold")
            return
        self.controller.context.undo_stack.push(command)  # type: ignore[arg-type]
        self.controller.structure_changed(document_id)
