"""Colleagues' article notes (from the team hub) show in the pane's header beside the own note, read-only."""

from __future__ import annotations

from annotator.services.documents import set_document_note
from annotator.services.project import Project
from annotator.storage import colleague_notes
from tests.ui.conftest import WindowFactory


def test_colleagues_notes_show_beside_ones_own(project: Project, make_window: WindowFactory) -> None:
    from annotator.services import reading

    document = reading.list_documents(project)[0]
    set_document_note(project, document.id, "mine")
    with project.database.write():  # as a sync from the hub stores them
        colleague_notes.set_note(project.database, document.id, "bob", "check the date", "now")
    window = make_window(project)
    window.panes.open_document(document.id, window.left)
    info = window.left.info
    assert "notes of bob" in info.text() and "note: mine" in info.text()
    assert "bob's note (read-only):<br>\ncheck the date" in info.toolTip()
