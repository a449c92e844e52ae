"""What readers hand to the import service and what writers receive from the export service.

Readers do not decide offsets: a ``ParsedSpan`` carries the offsets exactly as the file states them, and
the import service reads them against the record's text (see ``offset_readings``). Readers never raise for
one bad record; they return a ``Rejection`` for it, so that ``--skip-invalid`` can keep the others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from annotator.domain.collector import collector_paused
from annotator.domain.errors import InputError
from annotator.domain.models import Document, Span
from annotator.domain.structure import AttributeValue, DocumentLabel, Relation, StructureSchema


class ParsedSpan(NamedTuple):
    # A named tuple: an import makes one per span, and a frozen dataclass took three times as long to build.

    start: int
    end: int
    label: str
    # What the file says the span covers; when present, offsets are checked against it.
    text: str | None = None
    annotator: str | None = None
    id: str | None = None
    note: str = ""
    # Where in the record the span came from, for messages ("spans[3]", "label[0]", "T4").
    field: str = "spans"
    # The span's own line when the format gives each span a line (brat); else the record's line is used.
    line: int | None = None
    # How the record's relations name this span (a span id, brat's "T3", a region id); None: unnamed.
    ref: str | None = None
    # Attribute name -> value, as the file gives them (checked on import).
    attributes: tuple[tuple[str, AttributeValue], ...] = ()


@dataclass(frozen=True)
class ParsedRelation:
    """A relation between two spans of the record, named by their ``ref``."""

    source: str
    target: str
    type: str
    annotator: str | None = None
    note: str = ""
    id: str | None = None
    field: str = "relations"
    line: int | None = None
    # False for a symmetric relation (brat's Equiv, a Label Studio bidirectional one).
    directed: bool = True


@dataclass(frozen=True)
class ParsedDocumentLabel:
    label_set: str
    value: str
    annotator: str | None = None


# Not frozen: an import makes one per record, and a frozen one took three times as long to build.
@dataclass(slots=True)
class ParsedDocument:
    path: Path
    line: int
    # The text exactly as the file gives it (it may still contain \r\n); made canonical on import.
    text: str
    title: str
    source: str
    spans: tuple[ParsedSpan, ...] = ()
    # A document id from the file, kept when it looks like one of ours and is free.
    id: str | None = None
    note: str = ""
    # brat's .ann lines cannot hold a line break, so span texts there show one as a space.
    span_text_flattens_newlines: bool = False
    # (annotator, status) pairs the file records; import sets them where the project has none yet.
    statuses: tuple[tuple[str, str], ...] = ()
    # The record as the file gives it (JSON formats), so ``--update-by FIELD`` can read a stable id from it.
    record: Mapping[str, object] | None = None
    relations: tuple[ParsedRelation, ...] = ()
    document_labels: tuple[ParsedDocumentLabel, ...] = ()

    def field_value(self, name: str) -> str | None:
        """The value of a dotted field (``id``, ``meta.doc_id``) as text; ``source`` falls back to ours."""
        value: object = self.record
        for part in name.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if isinstance(value, bool) or not isinstance(value, str | int):
            return self.source if name == "source" else None
        return str(value)


@dataclass(frozen=True)
class Rejection:
    """One record that cannot be imported, and why."""

    path: Path
    line: int | None
    message: str
    field: str | None = None

    def as_error(self) -> InputError:
        return InputError(self.message, path=self.path, line=self.line, field=self.field)

    def __str__(self) -> str:
        return str(self.as_error())


@dataclass
class ReadResult:
    documents: list[ParsedDocument] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    # Things the user should know that are not errors ("3 rejected answers were not imported").
    notes: list[str] = field(default_factory=list)
    # What the files hold that the project cannot (relations, events, ...), counted by file and kind.
    dropped: dict[Path, Counter[str]] = field(default_factory=dict)

    def extend(self, other: ReadResult) -> None:
        self.documents.extend(other.documents)
        self.rejections.extend(other.rejections)
        self.notes.extend(other.notes)
        for path, counts in other.dropped.items():
            self.drop(path, counts)

    def drop(self, path: Path, counts: Mapping[str, int]) -> None:
        """Count what a file holds that is not imported (the report lists it by file and kind)."""
        if not counts:
            return
        counted = {kind: n for kind, n in counts.items() if n}
        if counted:
            self.dropped.setdefault(path, Counter()).update(counted)


@dataclass(frozen=True)
class ReadOptions:
    encoding: str = "utf-8"


# A reader that hands over one document at a time (rejections, notes and what is dropped go into the
# ReadResult it is given), so an import never holds a whole file's records. It raises InputError only
# before its first document: after that, every problem is one record's Rejection.
Streamer = Callable[[Path, ReadOptions, ReadResult], Iterator[ParsedDocument]]


def read_all(stream: Streamer, path: Path, options: ReadOptions) -> ReadResult:
    """Every document of a streaming reader at once, as the other readers return them."""
    result = ReadResult()
    # The documents form no cycles: the collector would walk all read so far again and again (at 100,000
    # records, a third of the reading, and more the larger the file).
    with collector_paused():
        result.documents.extend(stream(path, options, result))
    return result


@dataclass(frozen=True)
class ExportDocument:
    """A document and the spans selected for export (already checked against its text)."""

    document: Document
    spans: tuple[Span, ...]
    # Each annotator's progress on the document (todo, in_progress, done), for formats that carry it.
    statuses: Mapping[str, str] = field(default_factory=dict)
    # Gold layer only: where each span came from (span id -> sources, decided_by, decided_at, auto_accepted).
    provenance: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    # Relations between the exported spans only, their attributes, and the document's labels.
    relations: tuple[Relation, ...] = ()
    attributes: Mapping[str, Mapping[str, AttributeValue]] = field(default_factory=dict)
    document_labels: tuple[DocumentLabel, ...] = ()
    # What the project's schema says of relation types, attributes and label sets (brat's annotation.conf).
    structure: StructureSchema = field(default_factory=StructureSchema.empty)


@dataclass
class WriteResult:
    spans_written: int = 0
    # Spans the format could not express (CoNLL: off token boundaries, overlapping), named one by one.
    notes: list[str] = field(default_factory=list)


def sorted_spans(spans: Iterable[Span]) -> list[Span]:
    """The one order every writer uses, so exports are deterministic."""
    return sorted(spans, key=_ORDER)


_ORDER = attrgetter("start", "end", "label", "annotator", "id")  # a key in C, not a Python lambda per span


# Keys other tools put beside a document's spans, and what they hold, for the report.
_EXTRA_KINDS = {"relations": "relations", "cats": "document labels", "events": "events"}


def extra_kinds(record: object, keys: Iterable[str] = tuple(_EXTRA_KINDS)) -> dict[str, int]:
    """How many relations, document labels and events a JSON record holds, of those that the format's
    reader does not import (``keys``). Asked once per record: a plain dict, empty for most."""
    counts: dict[str, int] = {}
    if isinstance(record, Mapping):
        for key in keys:
            value = record.get(key)
            if value and isinstance(value, list | dict):
                kind = _EXTRA_KINDS[key]
                counts[kind] = counts.get(kind, 0) + len(value)
    return counts
