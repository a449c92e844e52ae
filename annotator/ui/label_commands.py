"""Undo of a label deletion: the label comes back with its spans exactly as they were (and the spans it
moved go back to it); redo deletes it again, the same way."""

from __future__ import annotations

from collections.abc import Callable

from annotator.services import labels
from annotator.services.labels import DeletedLabel
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
