"""Review mode's part of structured annotation: the differences in relations, attributes and document
labels between the two layers shown, and taking either side's into the gold layer (one undo step each)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.structure_diff import AttributeDifference, LabelDifference, RelationDifference
from annotator.services import structure_review
from annotator.ui.structure_commands import GoldEditCommand, GoldRelationCommand
from annotator.ui.structure_review_panel import StructureReviewPanel

if TYPE_CHECKING:
    from annotator.ui.structure_controller import StructureController


class StructureReview:
    def __init__(self, controller: StructureController) -> None:
        self.controller = controller
        window = controller.window
        self.panel = StructureReviewPanel()
        self.panel.takeRequested.connect(self.take_into_gold)
        self.dock = window._dock(
            "Review: relations and labels",
            "structure-review-dock",
            self.panel,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        window.tabifyDockWidget(window.review_dock, self.dock)
        self.dock.hide()

    def refresh(self) -> None:
        """Review mode compared the panes again: list the differences in relations, attributes and labels."""
        review = self.controller.window.review
        document_id = self.controller.window.left.document_id
        self.dock.setVisible(review.active)
        if not review.active or document_id is None:
            return
        try:
            found = structure_review.structure_differences(
                self.controller.project, document_id, review.left_layer, review.right_layer
            )
        except Exception as error:
            self.controller.window.statusBar().showMessage(f"Relations could not be compared: {error}", 6000)
            return
        record = self.controller.window.left.view.document_record
        text = record.text if record is not None else ""
        self.panel.show_differences(found, review.left_layer, review.right_layer, text)

    def take_into_gold(self, item: object, side: str) -> None:
        review = self.controller.window.review
        document_id = self.controller.window.left.document_id
        layer = review.left_layer if side == "left" else review.right_layer
        if document_id is None:
            return
        if layer == GOLD_LAYER:
            self.controller.window.statusBar().showMessage("That side is the gold layer already.", 4000)
            return
        try:
            if isinstance(item, RelationDifference):
                if item.side != side:
                    self.controller.window.statusBar().showMessage(
                        f"{layer} has no such relation to take.", 4000
                    )
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
            self.controller.window.command_failed(error, "take it into gold")
            return
        self.controller.window.undo_stack.push(command)  # type: ignore[arg-type]
        self.controller.structure_changed(document_id)
