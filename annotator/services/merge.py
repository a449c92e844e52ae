"""Merging a colleague's project into yours.

Documents are matched by the SHA-256 of their canonical text (never by file name or title); unmatched
documents are added. Colleagues' spans are added, or updated when the colleague changed them since the
last merge (the newer ``updated`` wins). Spans of your own layer are never added, changed or deleted by a
merge, and a span whose text is not exactly at its offsets in our copy of the article is skipped.
Merging the same file twice changes nothing. Their relations, span attributes and document labels follow
the same rules (``merge_structure``).

Nothing in their file is trusted: its rows pass the same rules as an import (``MergeSource``), a document's
SHA-256 is computed here from its text (the stored one is ignored), and a document id that does not have
the form of ours is replaced (ids become file names in exports).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.models import Document, Label, Span, is_document_id, new_document_id
from annotator.domain.progress import NO_PROGRESS, Progress
from annotator.domain.sessions import Activity
from annotator.domain.text import normalize_newlines, text_sha256
from annotator.services.merge_structure import StructureReport, merge_structure
from annotator.services.project import Project
from annotator.storage import activity as activity_rows
from annotator.storage import annotators as annotator_rows
from annotator.storage import labels as label_rows
from annotator.storage import spans as span_rows
from annotator.storage.documents import document_ids, find_by_sha256, get_document, insert_document
from annotator.storage.merge_source import MergeSource

OWN_LAYER = "they are in your own layer, which only you change"
UNMATCHED = "their article could not be matched"
ID_CLASH = "their id belongs to one of your spans"
TEXT_MISMATCH = "their text is not at their offsets in the article here"


@dataclass
class MergeReport:
    documents_added: int = 0
    documents_matched: int = 0
    spans_added: int = 0
    spans_updated: int = 0
    spans_unchanged: int = 0
    edits_added: int = 0  # their recorded edits, for annotation sessions
    labels_added: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    structure: StructureReport = field(default_factory=StructureReport)

    def summary(self) -> str:
        lines = [
            f"articles: {self.documents_added} added, "
            f"{self.documents_matched} already here (matched by text)",
            f"spans: {self.spans_added} added, {self.spans_updated} updated, "
            f"{self.spans_unchanged} unchanged",
            f"annotation sessions: {self.edits_added} recorded edits added",
        ]
        if self.labels_added:
            lines.append("labels added: " + ", ".join(self.labels_added))
        lines += [f"skipped {count} span(s): {reason}" for reason, count in sorted(self.skipped.items())]
        lines += self.structure.lines()
        return "\n".join(lines)


def merge_project(project: Project, path: Path, progress: Progress = NO_PROGRESS) -> MergeReport:
    """Merge ``path`` into the open project in one transaction; the other file is only read."""
    source = MergeSource(path)
    documents = [_checked(document, path) for document in source.documents]
    report = MergeReport()
    database = project.database
    with database.write():
        _merge_labels(project, source.labels, report)
        local_ids = _merge_documents(project, documents, report)
        texts: dict[str, str] = {}
        changes: list[Span] = []
        for number, span in enumerate(source.spans):
            if number % 500 == 0:
                progress.step(number, len(source.spans))
            target = local_ids.get(span.document_id)
            if span.annotator == project.annotator:
                report.skipped[OWN_LAYER] += 1
                continue
            if target is None:
                report.skipped[UNMATCHED] += 1
                continue
            if target not in texts:
                texts[target] = get_document(database, target).text
            local = span.model_copy(update={"document_id": target})
            if texts[target][local.start : local.end] != local.text:
                report.skipped[TEXT_MISMATCH] += 1
                continue
            existing = span_rows.find_span(database, local.id)
            if existing is not None and existing.annotator == project.annotator:
                report.skipped[ID_CLASH] += 1
            elif existing is None:
                report.spans_added += 1
                changes.append(local)
            elif not _same(existing, local) and local.updated > existing.updated:
                report.spans_updated += 1
                changes.append(local)
            else:
                report.spans_unchanged += 1
        for name in sorted({s.annotator for s in changes}):
            annotator_rows.ensure_annotator(database, name)
        span_rows.upsert_spans(database, changes)
        if source.structure is not None:
            report.structure = merge_structure(project, source.structure, local_ids)
        _merge_activity(project, source.activity, local_ids, report)
    return report


def _merge_activity(
    project: Project, activity: list[Activity], local_ids: dict[str, str], report: MergeReport
) -> None:
    """Their recorded edits, so that their sessions show here too. Like spans, your own are yours alone;
    an edit already here (merged before) is not added twice."""
    theirs = [
        row.model_copy(update={"document_id": local_ids[row.document_id]})
        for row in activity
        if row.annotator != project.annotator and row.document_id in local_ids
    ]
    names = sorted({row.annotator for row in theirs})
    known = {row.key for row in activity_rows.activity(project.database, names)} if names else set()
    new = [row for row in theirs if row.key not in known]
    activity_rows.add(project.database, new)
    report.edits_added = len(new)


def _merge_labels(project: Project, labels: list[Label], report: MergeReport) -> None:
    known = label_rows.label_names(project.database)
    offset = len(known)
    for n, label in enumerate(label for label in labels if label.name not in known):
        # Their hotkey may clash with ours: the label arrives without one.
        label_rows.upsert_label(
            project.database, label.model_copy(update={"hotkey": "", "position": offset + n})
        )
        report.labels_added.append(label.name)


def _merge_documents(project: Project, documents: list[Document], report: MergeReport) -> dict[str, str]:
    """Their document id -> our document id, adding the documents we do not have."""
    mapping: dict[str, str] = {}
    taken = document_ids(project.database)
    for document in documents:
        ours = find_by_sha256(project.database, document.sha256)
        if ours is not None:
            report.documents_matched += 1
            mapping[document.id] = ours
            continue
        # Keep their id when it is free, so that later merges and exports line up.
        fits = is_document_id(document.id) and document.id not in taken
        added = document if fits else document.model_copy(update={"id": new_document_id()})
        insert_document(project.database, added)
        taken.add(added.id)
        report.documents_added += 1
        mapping[document.id] = added.id
    return mapping


def _checked(document: Document, path: Path) -> Document:
    """Their document with the hash of its own text; text that is not canonical is refused."""
    if normalize_newlines(document.text) != document.text:
        raise InputError(
            f"table documents, record {document.id!r}: its text has carriage returns, which Annotator never "
            "stores; the file was not written by Annotator",
            path=path,
            field="text",
        )
    return document.model_copy(update={"sha256": text_sha256(document.text)})


def _same(a: Span, b: Span) -> bool:
    fields = ("document_id", "start", "end", "label", "text", "annotator", "note")
    return all(getattr(a, name) == getattr(b, name) for name in fields)
