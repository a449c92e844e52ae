"""Undo of a label deletion: the label comes back with its spans exactly as they were (and the spans it
moved go back to it); redo deletes it again, the same way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack

from annotator.services import labels, structure_editing
from annotator.services.labels import DeletedLabel
from annotator.services.structure_editing import DeletedPart
from annotator.ui.commands import ChangeSink, _SpanCommand


class DeleteLabelCommand(_SpanCommand):
    def __init__(self, sink: ChangeSink, deleted: DeletedLabel, reload: Callable[[], None]) -> None:
        super().__init__(sink, f"delete the label {deleted.label.name}")
        self.deleted = deleted
        self.reload = reload  # labels change the palette, colours and keys: the window reads them again

    def forward(self) -> None:
        deleted = self.deleted
        labels.delete_label(self.sink.project, deleted.label.name, deleted.disposal, seen=deleted.label)
        self.reload()

    def backward(self) -> None:
        labels.restore_label(self.sink.project, self.deleted)
        self.reload()


class DeleteSchemaPartCommand(_SpanCommand):
    """A relation type, attribute or document label set deleted in the label editor, with what was
    recorded with it; undo brings both back, redo deletes them again."""

    def __init__(self, sink: ChangeSink, deleted: DeletedPart, reload: Callable[[], None]) -> None:
        kind = {
            structure_editing.DeletedRelationType: "relation type",
            structure_editing.DeletedAttribute: "attribute",
        }.get(type(deleted), "document label set")
        super().__init__(sink, f"delete the {kind} {deleted[0].name}")
        self.deleted = deleted
        self.reload = reload

    def forward(self) -> None:
        structure_editing.delete_part(self.sink.project, self.deleted)
        self.reload()

    def backward(self) -> None:
        structure_editing.restore_part(self.sink.project, self.deleted)
        self.reload()


def schema_deletion_step(
    stack: QUndoStack, sink: ChangeSink, reload: Callable[[], None]
) -> Callable[[DeletedPart], None]:
    """The slot that makes each deletion announced by the label editor one undo step."""
    return lambda deleted: stack.push(DeleteSchemaPartCommand(sink, deleted, reload))
