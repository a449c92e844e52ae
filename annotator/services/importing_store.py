"""Storing checked documents and spans: the import's one transaction.

Documents are matched by the SHA-256 of their canonical text; a span is already present when the
document has a span with the same start, end, label and annotator. So importing a file twice, or a file
exported from this project, changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.colours import generated_colour
from annotator.domain.models import (
    Document,
    DocumentStatus,
    Span,
    is_document_id,
    new_document_id,
    new_span_id,
)
from annotator.services.importing_report import ImportReport
from annotator.services.importing_resolve import ResolvedDocument
from annotator.services.importing_structure import StructureStore
from annotator.services.labels import NEW_LABEL_COLOURS, add_label
from annotator.services.project import Project
from annotator.services.revisions import update_document_text
from annotator.storage import annotators as annotator_rows
from annotator.storage import labels as label_rows
from annotator.storage import spans as span_rows
from annotator.storage import status as status_rows
from annotator.storage.database import Database
from annotator.storage.documents import document_ids, find_by_sha256, find_by_source, insert_document
from annotator.storage.span_queries import span_ids_by_key, taken_span_ids

Key = tuple[int, int, str, str]


def store(
    project: Project,
    documents: list[ResolvedDocument],
    report: ImportReport,
    step: Callable[[int, int], None],
) -> None:
    database = project.database
    with database.write():
        structure = StructureStore(project, report)
        labels = label_rows.label_names(database)
        annotators = set(annotator_rows.list_annotators(database))
        taken_documents = document_ids(database)
        taken_spans = taken_span_ids(database, [s.id for d in documents for s in d.spans if s.id])
        ids_by_sha: dict[str, str] = {}
        keys_by_document: dict[str, dict[Key, str]] = {}
        for number, resolved in enumerate(documents):
            step(number, len(documents))
            parsed = resolved.parsed
            document_id = ids_by_sha.get(resolved.sha256)
            if document_id is None:
                document_id = find_by_sha256(database, resolved.sha256)
                updated = False
                if document_id is None and resolved.stable_id is not None:
                    # Only when the user named a stable-id field: a record whose id names an article here
                    # is a new version of it; its spans are re-anchored exactly or flagged for review.
                    document_id = _named_article(database, resolved.stable_id, taken_documents)
                    if document_id is not None:
                        revision = update_document_text(
                            project, document_id, resolved.text, source=parsed.source
                        )
                        report.updated.append(f"{resolved.stable_id}: {revision.summary()}")
                        updated = True
                if document_id is None:
                    wanted = parsed.id or ""
                    fits = is_document_id(wanted) and wanted not in taken_documents
                    document_id = wanted if fits else new_document_id()
                    insert_document(
                        database,
                        Document(
                            id=document_id,
                            title=parsed.title,
                            source=parsed.source,
                            text=resolved.text,
                            sha256=resolved.sha256,
                            note=parsed.note,
                        ),
                    )
                    taken_documents.add(document_id)
                    keys_by_document[document_id] = {}
                    report.added.append(parsed.source)
                elif not updated:
                    report.unchanged.append(parsed.source)
                ids_by_sha[resolved.sha256] = document_id
            else:
                report.unchanged.append(parsed.source)
            if document_id not in keys_by_document:
                keys_by_document[document_id] = span_ids_by_key(database, document_id)
            keys = keys_by_document[document_id]
            new_spans: list[Span] = []
            stored_ids: list[str | None] = []  # each draft's span in the project, for its relations
            for draft in resolved.spans:
                if draft.annotator.strip().casefold() == GOLD_LAYER:
                    # Gold spans are made only by adjudication, never by a file.
                    report.gold_spans_refused += 1
                    stored_ids.append(None)
                    continue
                key = (draft.start, draft.end, draft.label, draft.annotator)
                if key in keys:
                    report.spans_unchanged += 1
                    stored_ids.append(keys[key])
                    continue
                span_id = draft.id
                if span_id is not None and span_id in taken_spans:
                    report.span_ids_replaced += 1
                    span_id = None
                span_id = span_id or new_span_id()
                taken_spans.add(span_id)
                keys[key] = span_id
                stored_ids.append(span_id)
                if draft.label not in labels:
                    _add_label(project, draft.label)
                    labels.add(draft.label)
                    report.labels_added.append(draft.label)
                if draft.annotator not in annotators:
                    annotator_rows.ensure_annotator(database, draft.annotator)
                    annotators.add(draft.annotator)
                new_spans.append(
                    Span(
                        id=span_id,
                        document_id=document_id,
                        start=draft.start,
                        end=draft.end,
                        label=draft.label,
                        text=draft.text,
                        annotator=draft.annotator,
                        note=draft.note,
                    )
                )
            span_rows.upsert_spans(database, new_spans)
            report.spans_added += len(new_spans)
            structure.store(document_id, resolved, stored_ids)
            for name, status in parsed.statuses:
                # A status the project already has is never overwritten by a file.
                if status_rows.has_status(database, document_id, name):
                    continue
                if name not in annotators:
                    annotator_rows.ensure_annotator(database, name)
                    annotators.add(name)
                status_rows.set_status(database, document_id, name, DocumentStatus(status))
        step(len(documents), len(documents))


def _named_article(database: Database, stable_id: str, taken_documents: set[str]) -> str | None:
    """The article a stable id names: by its document id, else as the one article with that source."""
    if stable_id in taken_documents:
        return stable_id
    return find_by_source(database, stable_id)


def _add_label(project: Project, name: str) -> None:
    used = {label.colour for label in label_rows.list_labels(project.database)}
    colour = next((c for c in NEW_LABEL_COLOURS if c not in used), None) or generated_colour(name)
    add_label(project, name, colour=colour, hotkey=None)
