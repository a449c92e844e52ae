"""Undo commands for decisions on suggestions; each step is one service call (one transaction)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from annotator.services import suggestions
from annotator.services.suggestions import Accepted, SuggestionKey
from annotator.ui.commands import ChangeSink, _SpanCommand


class AcceptSuggestionsCommand(_SpanCommand):
    """Suggestions made the analyst's spans; undo removes those spans (and their provenance)."""

    def __init__(self, sink: ChangeSink, accepted: Sequence[Accepted], text: str) -> None:
        super().__init__(sink, text)
        self.accepted = list(accepted)

    def forward(self) -> None:
        suggestions.restore_accepted(self.sink.project, self.accepted)
        self.sink.spans_changed(added=[a.span for a in self.accepted], removed=[])

    def backward(self) -> None:
        suggestions.withdraw_accepted(self.sink.project, self.accepted)
        self.sink.spans_changed(added=[], removed=[a.span for a in self.accepted])


class RejectSuggestionsCommand(_SpanCommand):
    """Suggestions rejected; undo proposes them again."""

    def __init__(
        self,
        sink: ChangeSink,
        keys: Sequence[SuggestionKey],
        refresh: Callable[[set[str]], None],
        text: str,
    ) -> None:
        super().__init__(sink, text)
        self.keys = list(keys)
        self.refresh = refresh

    def forward(self) -> None:
        suggestions.rereject(self.sink.project, self.keys)
        self.refresh({key[0] for key in self.keys})

    def backward(self) -> None:
        suggestions.unreject(self.sink.project, self.keys)
        self.refresh({key[0] for key in self.keys})
