"""Undo commands for actions on many spans at once. Like ``commands``, the action has already run (and
succeeded) when the command is pushed, so its first ``redo`` does nothing; undo and redo call services,
one transaction each, and tell the sink what changed."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.models import Span
from annotator.services import search
from annotator.ui.commands import ChangeSink, Place, _SpanCommand


class TagAllCommand(_SpanCommand):
    """ "Tag all matches": undo removes every span it added, redo puts the same records back."""

    def __init__(self, sink: ChangeSink, spans: Sequence[Span]) -> None:
        self.spans = list(spans)
        first = self.spans[0] if self.spans else None
        what = f"'{first.text[:30]}' as {first.label}" if first else "matches"
        count = len(self.spans)
        super().__init__(sink, f"tag {count:,} occurrence{'s' * (count != 1)} of {what}")

    def place(self) -> Place | None:
        return Place.of(self.spans[0]) if self.spans else None

    def forward(self) -> None:
        search.restore_spans(self.sink.project, self.spans)
        self.sink.spans_changed(added=self.spans, removed=[])

    def backward(self) -> None:
        search.remove_spans(self.sink.project, [span.id for span in self.spans])
        self.sink.spans_changed(added=[], removed=self.spans)
