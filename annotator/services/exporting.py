"""Exporting the corpus in any supported format.

Output is written beside the target (a temporary file or folder) and renamed into place, so an interrupted
or cancelled export never leaves a half-written dataset under the requested name. Documents stream from
the project to the writer (the corpus is never held whole); every span is checked against its document's
text as it goes, and one that no longer matches stops the export with nothing written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import cast

from annotator.domain.adjudication import GOLD_LAYER, GoldSpan
from annotator.domain.errors import Cancelled, InputError, SpanError, StorageError
from annotator.domain.files import require_writable_target
from annotator.domain.models import DocumentStatus, Span
from annotator.domain.structure import AttributeValue, DocumentLabel, Relation, StructureSchema
from annotator.formats.offset_readings import OffsetUnit
from annotator.formats.records import ExportDocument, WriteResult, sorted_spans
from annotator.formats.registry import Format, export_format
from annotator.services.atomic_files import written_beside
from annotator.services.project import Project
from annotator.storage.annotators import list_annotators
from annotator.storage.database import Database
from annotator.storage.documents import count_documents, iter_documents
from annotator.storage.gold import all_gold_by_document
from annotator.storage.gold_structure import all_gold_structure
from annotator.storage.labels import label_names
from annotator.storage.relations import all_document_labels, all_relations_by_document, all_span_attributes
from annotator.storage.revisions import flagged_rows
from annotator.storage.span_queries import spans_by_document
from annotator.storage.status import all_statuses
from annotator.storage.structure_schema import (
    list_attribute_definitions,
    list_document_label_sets,
    list_relation_types,
)
from annotator.storage.suggestions import provenance_of
from annotator.storage.trusted import collector_paused

STATUSES = tuple(status.value for status in DocumentStatus)
ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


@dataclass(frozen=True)
class ExportFilter:
    """Which spans go into the dataset; empty means all. Every document is exported (with no spans if
    none pass), so a dataset keeps its negative examples.

    Extension points: a per-document ``status`` filter and a review ``layer`` choice are added here as
    fields when those exist, and applied in ``select``.
    """

    annotators: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    # Documents whose status (for any of ``annotators``, or anyone when none are chosen) is one of these.
    statuses: tuple[str, ...] = ()
    # "gold" exports the adjudicated layer, with each span's provenance; None exports annotators' spans.
    layer: str | None = None


@dataclass
class ExportReport:
    format: str
    out: Path
    documents: int = 0
    spans: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"exported {self.documents} document(s) and {self.spans} span(s) as {self.format} to {self.out}"
        ]
        return "\n".join(lines + self.notes)


def select(project: Project, filters: ExportFilter = ExportFilter()) -> list[ExportDocument]:
    """The documents and spans an export writes, checked: a span must still match its text."""
    return select_with_notes(project, filters)[0]


def select_with_notes(
    project: Project, filters: ExportFilter = ExportFilter()
) -> tuple[list[ExportDocument], list[str]]:
    """``select``, plus notes on what was left out (spans whose place is under review)."""
    notes: list[str] = []
    return list(selected(project, filters, notes)), notes


def selected(project: Project, filters: ExportFilter, notes: list[str]) -> Iterator[ExportDocument]:
    """The documents an export writes, one at a time in id order (the corpus is never held whole), each
    with its checked spans; ``notes`` gets what was left out once the last document has been handed over.
    A span that no longer matches its text raises SpanError."""
    database = project.database
    _check_names("annotator", filters.annotators, set(list_annotators(database)))
    _check_names("label", filters.labels, label_names(database))
    _check_names("status", filters.statuses, set(STATUSES))
    if filters.layer not in (None, GOLD_LAYER):
        _check_names("layer", [filters.layer], {GOLD_LAYER, *list_annotators(database)})
    provenance: dict[str, dict[str, object]] = {}
    spans: Iterator[tuple[str, list[Span]]]
    if filters.layer == GOLD_LAYER:
        gold_spans: dict[str, list[Span]] = {}
        for document_id, gold in sorted(all_gold_by_document(database).items()):
            kept = [g for g in gold if not filters.labels or g.label in filters.labels]
            gold_spans[document_id] = [g.as_span() for g in kept]
            provenance.update({g.id: _provenance(g) for g in kept})
        spans = iter(gold_spans.items())
    else:
        annotators = (filters.layer,) if filters.layer else filters.annotators
        spans = spans_by_document(database, annotators=annotators, labels=filters.labels)
        provenance.update(accepted_suggestions(database))
    statuses = all_statuses(database)
    under_review = {row.id for row in flagged_rows(database)}
    if filters.layer == GOLD_LAYER:
        relations, attributes, document_labels = _gold_structure(database)
    else:
        relations = all_relations_by_document(database)
        attributes = all_span_attributes(database)
        document_labels = all_document_labels(database)
    whose = set((filters.layer,) if filters.layer else filters.annotators)
    schema = StructureSchema(
        list_relation_types(database),
        list_attribute_definitions(database),
        list_document_label_sets(database),
    )
    skipped = 0
    # Both streams are in document id order: each document's spans are the next group, if it has any.
    pending = next(spans, None)
    for document in iter_documents(database):
        while pending is not None and pending[0] < document.id:
            pending = next(spans, None)  # spans of no document (cannot be, with foreign keys)
        document_spans: list[Span] = []
        if pending is not None and pending[0] == document.id:
            document_spans = pending[1]
            pending = next(spans, None)
        document_statuses = statuses.get(document.id, {})
        if filters.statuses and not _status_matches(document_statuses, filters):
            continue
        chosen = []
        for span in sorted_spans(document_spans):
            if span.id in under_review:
                skipped += 1  # its place in a changed text is not settled: never export a guess
                continue
            if document.text[span.start : span.end] != span.text:
                raise SpanError(
                    f"span {span.id} in document '{document.title}' no longer matches its text "
                    f"(expected {span.text!r} at [{span.start}, {span.end})); nothing was exported"
                )
            chosen.append(span)
        ids = {span.id for span in chosen}
        yield ExportDocument(
            document,
            tuple(chosen),
            document_statuses,
            provenance,
            relations=tuple(
                r for r in relations.get(document.id, ()) if r.source_id in ids and r.target_id in ids
            ),
            attributes={i: attributes[i] for i in ids if i in attributes},
            document_labels=tuple(
                x for x in document_labels.get(document.id, ()) if not whose or x.annotator in whose
            ),
            structure=schema,
        )
    if skipped:
        notes.append(f"left out {skipped} span(s) flagged for review after their article's text changed")


def _gold_structure(
    database: Database,
) -> tuple[dict[str, list[Relation]], dict[str, dict[str, AttributeValue]], dict[str, list[DocumentLabel]]]:
    """The gold layer's relations, attributes and document labels, as the layer ``gold``'s own."""
    relations, attributes, labels = all_gold_structure(database)
    as_relations = {
        document_id: [
            Relation.model_construct(
                id=r.id,
                document_id=r.document_id,
                source_id=r.source_id,
                target_id=r.target_id,
                type=r.type,
                annotator=GOLD_LAYER,
                note="",
                created=r.decided_at,
                updated=r.decided_at,
            )
            for r in found
        ]
        for document_id, found in relations.items()
    }
    as_labels = {
        document_id: [
            DocumentLabel(document_id=document_id, annotator=GOLD_LAYER, label_set=s, value=v)
            for s, v in found
        ]
        for document_id, found in labels.items()
    }
    return as_relations, attributes, as_labels


def accepted_suggestions(database: Database) -> dict[str, dict[str, object]]:
    """Where each span accepted from a suggestion came from, in the shape the JSONL writer carries."""
    return {
        span_id: {
            "suggestion": {
                "source": origin.source.value,
                "score": origin.score,
                "why": origin.provenance,
                "accepted_at": origin.accepted_at,
            }
        }
        for span_id, origin in provenance_of(database).items()
    }


def _status_matches(document_statuses: dict[str, str], filters: ExportFilter) -> bool:
    who = filters.annotators or tuple(document_statuses) or ("",)
    return any(document_statuses.get(name, "todo") in filters.statuses for name in who)


def _provenance(gold: GoldSpan) -> dict[str, object]:
    return {
        "sources": [source.model_dump() for source in gold.sources],
        "decided_by": gold.decided_by,
        "decided_at": gold.decided_at,
        "auto_accepted": gold.auto_accepted,
    }


def _check_names(kind: str, wanted: Sequence[str], known: set[str]) -> None:
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise InputError(
            f"there is no {kind} called {', '.join(repr(n) for n in unknown)}; "
            f"known: {', '.join(sorted(known)) or 'none'}"
        )


def export_dataset(
    project: Project,
    out: Path,
    format: str = "jsonl",
    filters: ExportFilter = ExportFilter(),
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    offsets: OffsetUnit = OffsetUnit.CODE_POINTS,
) -> ExportReport:
    """Write the dataset to ``out`` (a folder for brat). ``progress(done, total)`` counts documents;
    ``cancelled()`` returning True stops the export and leaves ``out`` as it was. ``offsets`` chooses the
    unit for formats whose readers differ on it (Label Studio)."""
    chosen = export_format(format)
    if OffsetUnit(offsets) is not OffsetUnit.CODE_POINTS:
        if not chosen.offsets_option:
            raise InputError(f"{chosen.name} offsets are always code points; --offsets is for label-studio")
        assert chosen.write is not None
        # Formats with ``offsets_option`` take the unit as a keyword (the registry says which ones do).
        writer = cast(Callable[..., WriteResult], chosen.write)
        chosen = replace(chosen, write=partial(writer, offsets=OffsetUnit(offsets)))
    out = require_writable_target(out, folder=chosen.folder)  # before any work: a bad target changes nothing
    # The documents stream from the database to the writer, a few hundred in memory at a time; the
    # collector would sweep the heap again and again meanwhile, and nothing here forms reference cycles.
    notes: list[str] = []
    report = ExportReport(format=chosen.name, out=out)
    with collector_paused():
        tracked = _tracked(
            selected(project, filters, notes), count_documents(project.database), report, progress, cancelled
        )
        result = _write_folder(chosen, out, tracked) if chosen.folder else _write_file(chosen, out, tracked)
    report.spans = result[0]
    report.notes = notes + result[1]
    return report


def _tracked(
    documents: Iterable[ExportDocument],
    total: int,
    report: ExportReport,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> Iterator[ExportDocument]:
    for number, document in enumerate(documents):
        if cancelled is not None and cancelled():
            raise Cancelled("the export")
        if progress is not None:
            progress(number, total)
        report.documents += 1
        yield document
    if progress is not None:
        progress(total, total)


def _write_file(chosen: Format, out: Path, documents: Iterable[ExportDocument]) -> tuple[int, list[str]]:
    assert chosen.write is not None
    with written_beside(out) as temp:
        result = chosen.write(temp, documents)
    return result.spans_written, result.notes


def _write_folder(chosen: Format, out: Path, documents: Iterable[ExportDocument]) -> tuple[int, list[str]]:
    assert chosen.write is not None
    if out.exists() and any(out.iterdir()):
        raise InputError(f"already exists; {chosen.name} export needs a new or empty folder", path=out)
    try:
        temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as error:
        raise StorageError(f"{out}: cannot be written ({error.strerror}); nothing was written") from error
    try:
        result = chosen.write(temp, documents)
        if out.exists():
            out.rmdir()
        os.replace(temp, out)
    except OSError as error:
        shutil.rmtree(temp, ignore_errors=True)
        raise StorageError(f"{out}: cannot be written ({error.strerror}); nothing was written") from error
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return result.spans_written, result.notes


def export_jsonl(project: Project, out: Path) -> int:
    """Write the native JSONL dataset (one object per document, sorted by id). Returns the document count."""
    return export_dataset(project, out, "jsonl").documents
