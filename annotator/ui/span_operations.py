"""What the user does to spans: tag, relabel, resize, delete, notes, keep a flagged span, tag every
match. Each is a service call run through ``Operations`` with the undo command that reverses it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.errors import SpanError
from annotator.domain.models import Label, Span
from annotator.domain.spans import snap_to_words
from annotator.services import annotation, revisions
from annotator.ui.bulk_commands import TagAllCommand
from annotator.ui.commands import DeleteSpanCommand, ReplaceSpanCommand, ReviewFlagCommand, TagSpanCommand
from annotator.ui.context import WindowContext
from annotator.ui.note_dialog import ask_note
from annotator.ui.operations import Operations
from annotator.ui.pane_controller import PaneController


class SpanOperations:
    def __init__(
        self, context: WindowContext, panes: PaneController, ops: Operations, snap: Callable[[], bool]
    ) -> None:
        self.context = context
        self.panes = panes
        self.ops = ops
        self.snap = snap  # whether selections grow to whole words (View > Snap selections)
        self.labels: list[Label] = []
        # Review mode takes a new span as the reviewer's gold decision; it registers here.
        self.review_edit: Callable[[int, int, str], bool] = lambda _start, _end, _label: False

    def selection(self) -> tuple[int, int] | None:
        """The active pane's selection, grown to whole words when snapping is on."""
        view = self.panes.active_pane.view
        selection = view.selected_range()
        if selection is None or view.document_record is None:
            return None
        if self.snap():
            return snap_to_words(view.document_record.text, *selection)
        return selection

    def apply_label(self, label: str) -> None:
        """Tag the active pane's selection with ``label``, or relabel its selected span."""
        pane = self.panes.active_pane
        document_id = pane.document_id
        if document_id is None:
            self.context.message("Open an article first.", 4000)
            return
        if pane.view.selected_range() is None:
            span_id = pane.view.selected_span_id()
            if span_id and self.own(span_id):
                self.relabel(span_id, label)
            elif not span_id:
                self.context.message("Select some text first, then choose a label.", 4000)
            return
        try:
            selection = self.selection()
        except SpanError as error:
            self.panes.command_failed(error, "tag the selection")
            return
        assert selection is not None
        start, end = selection
        if self.review_edit(start, end, label):
            return
        self.panes.show_own_layer(pane)
        span = self.ops.run(
            "tag the selection",
            lambda: annotation.tag_span(self.context.project, document_id, start, end, label),
            lambda span: TagSpanCommand(self.panes, span),
        )
        if span is not None:
            self.panes.spans_changed(added=[span], removed=[])
            pane.view.clear_selection()
            pane.view.select_span(span.id)

    def own(self, span_id: str) -> bool:
        """Whether the selected span is the user's; colleagues' spans and gold are read-only here."""
        span = self.panes.active_pane.view.index.get(span_id)
        if span is not None and span.annotator == self.context.project.annotator:
            return True
        owner = span.annotator if span is not None else "someone else"
        where = "review mode" if owner == GOLD_LAYER else "their own copy of Annotator"
        self.context.message(
            f"This span belongs to {owner}: it is read-only here (changes are made in {where}).", 6000
        )
        return False

    def _replace(
        self,
        action: str,
        change: Callable[[Span], annotation.SpanEdit],
        span_id: str,
        text: Callable[[annotation.SpanEdit], str],
    ) -> None:
        """Run an edit of one span (relabel, resize, note) and show its new version."""
        edit = self.ops.run(
            action,
            lambda: change(self.panes.shown_span(span_id)),
            lambda edit: (
                ReplaceSpanCommand(self.panes, edit, text(edit)) if edit.before != edit.after else None
            ),
        )
        if edit is not None and edit.before != edit.after:
            self.panes.spans_changed(added=[edit.after], removed=[edit.before])
            self.panes.active_pane.view.select_span(span_id)

    def relabel(self, span_id: str, label: str) -> None:
        self._replace(
            "change the label",
            lambda seen: annotation.relabel_span(self.context.project, seen, label),
            span_id,
            lambda edit: f"relabel '{edit.before.text[:30]}' as {label}",
        )

    def resize_span(self, span_id: str, start: int, end: int) -> None:
        if not self.own(span_id):
            return
        self._replace(
            "resize the span",
            lambda seen: annotation.resize_span(self.context.project, seen, start, end),
            span_id,
            lambda edit: f"resize '{edit.after.text[:30]}'",
        )

    def edit_span_note(self, span_id: str) -> None:
        view = self.panes.active_pane.view
        span = view.index.get(span_id)
        if span is None or not self.own(span_id):
            return
        note = ask_note(
            self.context.window, view, "Span note", f"{span.label}: “{span.text[:200]}”", span.note
        )
        if note is None or note == span.note:
            return
        self._replace(
            "save the note",
            lambda seen: annotation.set_span_note(self.context.project, seen, note),
            span_id,
            lambda _edit: "edit a span note",
        )

    def edit_selected_note(self) -> None:
        span_id = self.panes.active_pane.view.selected_span_id()
        if span_id:
            self.edit_span_note(span_id)

    def delete_selected_span(self) -> None:
        span_id = self.panes.active_pane.view.selected_span_id()
        if span_id is None:
            self.context.message("Click a span to select it, then press Delete.", 4000)
            return
        if not self.own(span_id):
            return
        removed = self.ops.run(
            "delete the span",
            lambda: annotation.delete_span(self.context.project, self.panes.shown_span(span_id)),
            lambda removed: DeleteSpanCommand(self.panes, removed),
        )
        if removed is not None:  # its relations and attributes went with it; undo brings them back
            self.panes.spans_changed(added=[], removed=[removed.span])

    def accept_flagged_span(self, span_id: str) -> None:
        """Keep a span flagged after its article's text changed where it now is, and clear the flag."""
        span = self.panes.active_pane.view.index.get(span_id)
        if span is None:
            return
        layer = revisions.Layer.GOLD if span.annotator == GOLD_LAYER else revisions.Layer.SPANS
        if layer is revisions.Layer.SPANS and not self.own(span_id):
            return
        before = self.ops.run(
            "keep the span here",
            lambda: revisions.resolve_review(self.context.project, layer, span_id, span.start, span.end),
            lambda before: ReviewFlagCommand(self.panes, before),
        )
        if before is not None:
            self.panes.flags_changed(before.document_id)

    def tag_all_matches(self) -> None:
        """Tag every occurrence of the selection (grown to whole words when snapping is on)."""
        view = self.panes.active_pane.view
        try:
            selection = self.selection()
        except SpanError as error:
            self.context.message(f"Nothing to look for: {error}.", 5000)
            return
        if view.document_record is None or selection is None:
            self.context.message("Select the text to look for first, then Tag all matches.", 5000)
            return
        needle = view.document_record.text[selection[0] : selection[1]]
        current = self.labels[0].name if self.labels else ""
        from annotator.ui.tag_all_dialog import TagAllDialog  # (loaded when first asked for)

        dialog = TagAllDialog(
            self.context.project,
            needle,
            self.labels,
            current,
            self.panes.active_pane.document_id,
            self.context.window,
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.context.window.activateWindow()
        if accepted and dialog.created_spans:
            self.context.undo_stack.push(TagAllCommand(self.panes, dialog.created_spans))
            self.panes.spans_changed(added=list(dialog.created_spans), removed=[])
            self.context.message(f"Tagged {len(dialog.created_spans)} matches.", 6000)
