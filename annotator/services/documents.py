"""Actions on whole documents: notes, progress status, moving through the corpus."""

from __future__ import annotations

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
    summaries = document_rows.list_documents(project.database, project.annotator)
    ids = [s.id for s in summaries]
    start = ids.index(after) + 1 if after in ids else 0
    for summary in summaries[start:] + summaries[:start]:
        if summary.status is not DocumentStatus.DONE and summary.id != after:
            return summary.id
    return None


def documents_with_label(project: Project, label: str) -> set[str]:
    return document_rows.documents_with_label(project.database, label)
