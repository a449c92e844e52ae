"""Read-only queries the GUI needs, so that the UI never reaches into storage directly."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.domain.models import Document, DocumentSummary, Label, Span
from annotator.services.project import Project
from annotator.storage import annotators, changes, documents, labels, spans
from annotator.storage.documents import ArticleList as ArticleList  # the UI's document list holds one
from annotator.storage.spans import SpanRow as SpanRow  # and the article view these


def article_list(project: Project) -> ArticleList:
    """The article list as columns (fast at 100,000 articles), with the current annotator's status."""
    return documents.article_list(project.database, project.annotator)


def list_documents(project: Project) -> list[DocumentSummary]:
    """Every document without its text, with the current annotator's status."""
    return documents.list_documents(project.database, project.annotator)


def document_summary(project: Project, document_id: str) -> DocumentSummary:
    return documents.get_summary(project.database, document_id, project.annotator)


def load_document(project: Project, document_id: str) -> Document:
    return documents.get_document(project.database, document_id)


def document_spans(project: Project, document_id: str, annotators: Iterable[str] | None = None) -> list[Span]:
    """The document's spans, of every annotator or only of ``annotators``."""
    return spans.spans_for_document(project.database, document_id, annotators)


def document_span_rows(
    project: Project, document_id: str, annotators: Iterable[str] | None = None
) -> list[SpanRow]:
    """``document_spans`` as plain rows (an article's 10,000 in a fraction of the time)."""
    return spans.span_rows_for_document(project.database, document_id, annotators)


def span_row(span: Span) -> SpanRow:
    return spans.row_of(span)


def spans_of_rows(rows: Iterable[SpanRow]) -> list[Span]:
    """Rows read by ``document_span_rows`` back as spans (our own rows: not validated again)."""
    return spans.trusted_spans(rows)


def list_annotators(project: Project) -> list[str]:
    return annotators.list_annotators(project.database)


def list_labels(project: Project) -> list[Label]:
    return labels.list_labels(project.database)


def get_span(project: Project, span_id: str) -> Span:
    return spans.get_span(project.database, span_id)


def outside_changes(project: Project) -> int:
    """A number that changes whenever another program commits to the project (compare two readings)."""
    return changes.data_version(project.database)
