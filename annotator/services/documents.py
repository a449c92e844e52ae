"""Actions on whole documents: notes, progress status, moving through the corpus."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from annotator.domain.models import DocumentStatus
from annotator.services.project import Project
from annotator.storage import documents as document_rows
from annotator.storage import status as status_rows


def set_document_note(project: Project, document_id: str, note: str) -> str:
    """Replace the document's note; returns the previous note (for undo)."""
    previous = document_rows.get_document(project.database, document_id).note
    document_rows.set_document_note(project.database, document_id, note)
    return previous


def set_status(project: Project, document_id: str, status: DocumentStatus) -> DocumentStatus:
    """Set the current annotator's status for a document; returns the previous status (for undo)."""
    previous = status_rows.get_status(project.database, document_id, project.annotator)
    status_rows.set_status(project.database, document_id, project.annotator, status)
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
