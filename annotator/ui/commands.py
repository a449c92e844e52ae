"""Undo commands. Each one wraps service calls (one transaction each); widgets keep no data snapshots.

The first ``redo`` is skipped because the action already ran (and succeeded) before the command was
pushed: a failed action then never lands on the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from PySide6.QtGui import QUndoCommand

from annotator.domain.models import DocumentStatus, Span
from annotator.services import adjudication, annotation, documents, revisions
from annotator.services.adjudication import Decision
from annotator.services.annotation import SpanEdit
from annotator.services.project import Project
from annotator.services.revisions import SpanRow

T = TypeVar("T")


class ChangeSink(Protocol):
    """What commands tell the window after the database changed."""

    project: Project

    def spans_changed(self, *, added: list[Span], removed: list[Span]) -> None: ...

    def document_changed(self, document_id: str) -> None: ...

    def gold_changed(self, document_id: str) -> None: ...

    def flags_changed(self, document_id: str) -> None: ...

    def command_failed(self, error: Exception, action: str) -> None: ...


class _SpanCommand(QUndoCommand):
    def __init__(self, sink: ChangeSink, text: str) -> None:
        super().__init__(text)
        self.sink = sink
        self._done_once = False
        # Set when a step was refused: the history puts the stack back without running this step again.
        self.failed = False
        self.skip_next_step = False

    def redo(self) -> None:
        if not self._done_once:
            self._done_once = True
            return
        self._run(self.forward, "redo " + self.text())

    def undo(self) -> None:
        self._run(self.backward, "undo " + self.text())

    def _run(self, step: Callable[[], None], action: str) -> None:
        if self.skip_next_step:
            self.skip_next_step = False
            return
        self.failed = False
        try:
            step()
        except Exception as error:  # reported in one place; the history puts the stack back
            self.failed = True
            self.sink.command_failed(error, action)

    def forward(self) -> None:
        raise NotImplementedError

    def backward(self) -> None:
        raise NotImplementedError


class TagSpanCommand(_SpanCommand):
    def __init__(self, sink: ChangeSink, span: Span) -> None:
        super().__init__(sink, f"tag '{span.text[:30]}' as {span.label}")
        self.span = span

    def forward(self) -> None:
        annotation.restore_span(self.sink.project, self.span)
        self.sink.spans_changed(added=[self.span], removed=[])

    def backward(self) -> None:
        annotation.remove_span(self.sink.project, self.span)
        self.sink.spans_changed(added=[], removed=[self.span])


class DeleteSpanCommand(_SpanCommand):
    """Deleting a span deletes its relations and attributes; undo brings all of them back in one step."""

    def __init__(self, sink: ChangeSink, removed: annotation.RemovedSpan) -> None:
        span = removed.span
        super().__init__(sink, f"delete {span.label} span '{span.text[:30]}'")
        self.span = span
        self.removed = removed

    def forward(self) -> None:
        self.removed = annotation.delete_span(self.sink.project, self.span)
        self.sink.spans_changed(added=[], removed=[self.span])

    def backward(self) -> None:
        annotation.undelete_span(self.sink.project, self.removed)
        self.sink.spans_changed(added=[self.span], removed=[])


class ReplaceSpanCommand(_SpanCommand):
    """Any edit that turns one version of a span into another: relabel, resize, note."""

    def __init__(self, sink: ChangeSink, edit: SpanEdit, text: str) -> None:
        super().__init__(sink, text)
        self.before, self.after = edit

    def forward(self) -> None:
        annotation.replace_span(self.sink.project, self.before, self.after)
        self.sink.spans_changed(added=[self.after], removed=[self.before])

    def backward(self) -> None:
        annotation.replace_span(self.sink.project, self.after, self.before)
        self.sink.spans_changed(added=[self.before], removed=[self.after])


class DocumentSettingCommand(_SpanCommand):
    """One document-level value changed (its note, the user's status): undo sets it back, but only over
    the value this command wrote (a change made elsewhere since is refused, not overwritten)."""

    def __init__(
        self,
        sink: ChangeSink,
        document_id: str,
        setter: Callable[..., object],
        before: T,
        after: T,
        text: str,
    ) -> None:
        super().__init__(sink, text)
        self.document_id = document_id
        self.setter = setter
        self.before = before
        self.after = after

    def forward(self) -> None:
        self.setter(self.sink.project, self.document_id, self.after, seen=self.before)
        self.sink.document_changed(self.document_id)

    def backward(self) -> None:
        self.setter(self.sink.project, self.document_id, self.before, seen=self.after)
        self.sink.document_changed(self.document_id)


def document_note_command(
    sink: ChangeSink, document_id: str, before: str, after: str
) -> DocumentSettingCommand:
    return DocumentSettingCommand(
        sink, document_id, documents.set_document_note, before, after, "edit the article note"
    )


def status_command(
    sink: ChangeSink, document_id: str, before: DocumentStatus, after: DocumentStatus
) -> DocumentSettingCommand:
    text = f"mark the article {after.display_name.lower()}"
    return DocumentSettingCommand(sink, document_id, documents.set_status, before, after, text)


class GoldDecisionCommand(_SpanCommand):
    """A reviewer's decision (or an auto-accept over many articles): gold spans added and candidates
    rejected, undone and redone together in one transaction."""

    def __init__(self, sink: ChangeSink, decision: Decision, text: str) -> None:
        super().__init__(sink, text)
        self.decision = decision

    def forward(self) -> None:
        adjudication.redo_decision(self.sink.project, self.decision)
        self._tell()

    def backward(self) -> None:
        adjudication.undo_decision(self.sink.project, self.decision)
        self._tell()

    def _tell(self) -> None:
        for document_id in self.decision.document_ids:
            self.sink.gold_changed(document_id)


class ReviewFlagCommand(_SpanCommand):
    """Accepting where a flagged span now sits (its article's text changed); undo flags it again."""

    def __init__(self, sink: ChangeSink, before: SpanRow) -> None:
        super().__init__(sink, f"keep '{before.text[:30]}' where it is")
        self.before = before

    def forward(self) -> None:
        revisions.resolve_review(
            self.sink.project, self.before.layer, self.before.id, self.before.start, self.before.end
        )
        self.sink.flags_changed(self.before.document_id)

    def backward(self) -> None:
        revisions.restore_review(self.sink.project, self.before)
        self.sink.flags_changed(self.before.document_id)
