"""Actions on whole documents: notes, progress status, moving through the corpus."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from annotator.domain.errors import ConflictError
from annotator.domain.models import DocumentStatus
from annotator.services.project import Project
from annotator.services.sessions import record_edit
from annotator.storage import colleague_notes as colleague_note_rows
from annotator.storage import documents as document_rows
from annotator.storage import status as status_rows


def set_document_note(project: Project, document_id: str, note: str, *, seen: str | None = None) -> str:
    """Replace the document's note; returns the previous note (for undo).

    ``seen`` is the note as the caller showed it: when the stored one differs (another window or a command
    changed it since), nothing is written and ConflictError says so.
    """
    with project.database.write():
        previous = document_rows.get_document_note(project.database, document_id)
        if seen is not None and previous != seen:
            raise ConflictError(
                "the article's note was changed since you saw it (in another window or by a command); "
                "your note was not saved, and the article shows the note as it is now"
            )
        document_rows.set_document_note(project.database, document_id, note)
        record_edit(project, document_id, "article note")
    return previous


def colleagues_notes(project: Project, document_id: str) -> list[tuple[str, str]]:
    """(annotator, note) of colleagues' notes on the article, as the team hub sent them (read-only)."""
    return colleague_note_rows.notes_for_document(project.database, document_id)


def set_status(
    project: Project, document_id: str, status: DocumentStatus, *, seen: DocumentStatus | None = None
) -> DocumentStatus:
    """Set the current annotator's status for a document; returns the previous status (for undo).

    ``seen`` is the status as the caller showed it: when the stored one differs, nothing is written.
    """
    with project.database.write():
        previous = status_rows.get_status(project.database, document_id, project.annotator)
        if seen is not None and previous is not seen:
            raise ConflictError(
                f"your status of this article was changed to '{previous.display_name}' since you saw it "
                "(in another window or by a command); it was left as it is"
            )
        status_rows.set_status(project.database, document_id, project.annotator, status)
        record_edit(project, document_id, "status")
    return previous


def next_unfinished(project: Project, after: str | None = None) -> str | None:
    """The next document (in list order, wrapping around) that the current annotator has not marked done."""
    articles = document_rows.article_list(project.database, project.annotator)
    return unfinished_after(articles.ids, articles.statuses, after)


def unfinished_after(
    ids: Sequence[str],
    statuses: Mapping[str, DocumentStatus],
    after: str | None,
    position: int | None = None,
) -> str | None:
    """The first of ``ids`` after ``after`` (wrapping around) whose status is not done; ``statuses`` may
    leave out the documents still to do. ``position`` is where ``after`` is in ``ids``, when known."""
    if position is None:
        position = ids.index(after) if after is not None and after in ids else -1
    count = len(ids)
    for step in range(1, count + 1):
        document_id = ids[(position + step) % count]
        if document_id != after and statuses.get(document_id) is not DocumentStatus.DONE:
            return document_id
    return None


def documents_with_label(project: Project, label: str) -> set[str]:
    return document_rows.documents_with_label(project.database, label)
