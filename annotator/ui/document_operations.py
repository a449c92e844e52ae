"""What the user does to a whole article: its status (to do, in progress, done) and its note."""

from __future__ import annotations

from annotator.domain.errors import AnnotatorError
from annotator.domain.models import DocumentStatus
from annotator.services import documents, reading
from annotator.ui.commands import document_note_command, status_command
from annotator.ui.context import WindowContext
from annotator.ui.note_dialog import ask_note
from annotator.ui.operations import Operations
from annotator.ui.pane_controller import PaneController


class DocumentOperations:
    def __init__(self, context: WindowContext, panes: PaneController, ops: Operations) -> None:
        self.context = context
        self.panes = panes
        self.ops = ops
        panes.statusRequested.connect(self.set_status)
        panes.documentNoteRequested.connect(self.edit_document_note)

    def set_status(self, document_id: str, status: DocumentStatus) -> None:
        seen = self.panes.documents.status(document_id)
        self.ops.run(
            "change the status",
            lambda: documents.set_status(self.context.project, document_id, status, seen=seen),
            lambda before: (
                status_command(self.panes, document_id, before, status) if before is not status else None
            ),
        )
        self.panes.document_changed(document_id)

    def toggle_done(self) -> None:
        document_id = self.panes.active_pane.document_id
        status = self.panes.documents.status(document_id) if document_id else None
        if document_id is None or status is None:
            return
        done = status is DocumentStatus.DONE
        self.set_status(document_id, DocumentStatus.IN_PROGRESS if done else DocumentStatus.DONE)

    def edit_active_note(self) -> None:
        if self.panes.active_pane.document_id:
            self.edit_document_note(self.panes.active_pane.document_id)

    def edit_document_note(self, document_id: str) -> None:
        try:
            document = reading.load_document(self.context.project, document_id)
        except AnnotatorError as error:
            self.context.show_error(error, "open the article")
            return
        view = self.panes.active_pane.view
        note = ask_note(self.context.window, view, "Article note", document.title, document.note)
        if note is None or note == document.note:
            return
        done = self.ops.run(
            "save the note",
            lambda: documents.set_document_note(self.context.project, document_id, note, seen=document.note),
            lambda before: document_note_command(self.panes, document_id, before, note),
        )
        if done is not None:
            self.panes.document_changed(document_id)
