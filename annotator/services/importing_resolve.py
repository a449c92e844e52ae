"""Turning a parsed record into a document and spans Annotator can store, or a Rejection saying why not.

Nothing here touches the database: every record is checked before the import transaction begins.
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from pydantic import ValidationError

from annotator.domain.models import Label
from annotator.domain.structure import AttributeValue
from annotator.domain.text import text_sha256
from annotator.formats.offset_readings import OffsetProblem, OffsetReader, OffsetUnit
from annotator.formats.records import ParsedDocument, ParsedDocumentLabel, ParsedRelation, Rejection


class SpanDraft(NamedTuple):  # one per span of a file: a tuple is built fastest (see ParsedSpan)
    start: int
    end: int
    label: str
    text: str
    annotator: str
    id: str | None
    note: str
    ref: str | None = None
    attributes: tuple[tuple[str, AttributeValue], ...] = ()


_ATTRIBUTES = itemgetter(8)  # a SpanDraft's attributes

# Builds a SpanDraft from a tuple of its fields, without the Python call of the named tuple's constructor.
_draft = tuple.__new__


# A row of the spans table in its column order (``storage.spans.SpanRow``), as a plain tuple: it is sent
# between processes and inserted as it is.
Row = tuple[str, str, int, int, str, str, str, str, str, str]


@dataclass
class ReadyRows:
    """A record's span rows as a new article's (``services.importing_rows``)."""

    # The id the article gets if it is new: the file's when it is one of ours, else a new one.
    document_id: str
    rows: list[Row]
    # What the rules left out or changed, for the import's report.
    gold_refused: int = 0
    repeated: int = 0
    ids_replaced: int = 0


@dataclass
class ResolvedDocument:
    parsed: ParsedDocument
    text: str
    sha256: str
    spans: list[SpanDraft] = field(default_factory=list)
    # "where: span 'x' offsets read as UTF-16 code units", one per span that needed another reading.
    readings: list[str] = field(default_factory=list)
    # Spans without a stated text in a text where other tools count offsets differently.
    unchecked: int = 0
    # With ``--update-by``: the record's stable article id (a document id here, or a source).
    stable_id: str | None = None
    # Relations between this record's spans (named by their refs), and the document's labels.
    relations: list[ParsedRelation] = field(default_factory=list)
    document_labels: list[ParsedDocumentLabel] = field(default_factory=list)
    # The span rows of the record as a new article (``services.importing_rows``); ``spans`` is then empty.
    ready: ReadyRows | None = None
    # The sources of later records of the same text joined into this one (``services.importing_runs``):
    # stored one by one, each would have found the article present.
    joined: list[str] = field(default_factory=list)

    @property
    def records(self) -> int:
        """How many records of the file this stands for."""
        return 1 + len(self.joined)


def resolve(parsed: ParsedDocument, *, annotator: str, unit: OffsetUnit) -> ResolvedDocument | Rejection:
    reader, sha256 = _reader_for(parsed.text)
    if not reader.text or reader.text.isspace():  # as ``not text.strip()``, without copying the text
        return Rejection(parsed.path, parsed.line, "has no text to annotate", "text")
    resolved = ResolvedDocument(parsed, reader.text, sha256)
    text = reader.text
    # Offsets in code points whose stated text is what they cover are taken as they are, without the
    # reader's other readings (most spans of most files; this loop runs once per span of the file).
    as_stated = unit is OffsetUnit.CODE_POINTS and not parsed.span_text_flattens_newlines
    names: dict[str | None, str] = {}
    drafts = resolved.spans
    # This loop runs once per span of the file: the span's fields are unpacked at once, and each draft is
    # built without the named tuple's own constructor (a Python call per span).
    for span in parsed.spans:
        start, end, label, covered, who, span_id, note, _, _, ref, attributes = span
        problem = _name_problem(label)
        if problem is not None:
            line = span.line if span.line is not None else parsed.line
            return Rejection(parsed.path, line, f"label {label!r} is not usable: {problem}", span.field)
        if not (as_stated and covered is not None and reader.covers_as_stated(start, end, covered)):
            line = span.line if span.line is not None else parsed.line
            try:
                reading = reader.read(
                    start,
                    end,
                    expected=covered,
                    unit=unit,
                    flatten_newlines=parsed.span_text_flattens_newlines,
                )
            except OffsetProblem as problem:
                return Rejection(parsed.path, line, str(problem), span.field)
            if reading.how is not None:
                resolved.readings.append(
                    f"{parsed.path}, line {line}: {span.field} ({label} {covered!r}) offsets "
                    f"[{start}, {end}) read as {reading.how}: [{reading.start}, {reading.end})"
                )
            if covered is None and (reader.has_astral or reader.has_crlf):
                resolved.unchecked += 1
            start, end = reading.start, reading.end
            covered = text[start:end]
        name = names.get(who)
        if name is None:
            name = names[who] = (who or "").strip() or annotator
        draft = (start, end, label, covered, name, _uuid(span_id), note, ref, attributes)
        drafts.append(_draft(SpanDraft, draft))
    if parsed.relations or parsed.document_labels or any(map(_ATTRIBUTES, drafts)):  # most records: none
        refusal = _structure_problem(parsed, resolved)
        if refusal is not None:
            return refusal
        resolved.relations = list(parsed.relations)
        resolved.document_labels = [
            replace(label, annotator=(label.annotator or "").strip() or annotator)
            for label in parsed.document_labels
        ]
    return resolved


# The last text read, with its reader and hash: files often give one text in several records in a row
# (Prodigy writes a task per annotator), and the reader's canonical text and the hash were a fifth of
# resolving such a record. Readers hold nothing but what their text determines, so one serves them all.
_last_read: tuple[str, OffsetReader, str] = ("", OffsetReader(""), text_sha256(""))


def _reader_for(text: str) -> tuple[OffsetReader, str]:
    global _last_read
    original, reader, sha256 = _last_read
    if text != original:
        reader = OffsetReader(text)
        sha256 = text_sha256(reader.text)
        _last_read = (text, reader, sha256)
    return reader, sha256


def _structure_problem(parsed: ParsedDocument, resolved: ResolvedDocument) -> Rejection | None:
    """Why the record's relations, attributes or document labels cannot be stored, if they cannot."""
    refs: dict[str, SpanDraft] = {}
    # Only relations name spans by their refs; a record without relations or attributes (most) has no
    # span to look at here.
    named = bool(parsed.relations)
    if named or any(map(_ATTRIBUTES, resolved.spans)):
        for span, draft in zip(parsed.spans, resolved.spans, strict=True):
            line = span.line if span.line is not None else parsed.line
            if named and draft.ref is not None:
                if draft.ref in refs and refs[draft.ref] != draft:
                    return Rejection(parsed.path, line, f"two spans are called {draft.ref!r}", span.field)
                refs[draft.ref] = draft
            for name, value in draft.attributes:
                problem = _name_problem(name) or _value_problem(value)
                if problem:
                    return Rejection(parsed.path, line, f"attribute {name!r}: {problem}", span.field)
    for relation in parsed.relations:
        line = relation.line if relation.line is not None else parsed.line
        problem = _name_problem(relation.type)
        if problem:
            return Rejection(parsed.path, line, f"relation type {relation.type!r}: {problem}", relation.field)
        ends = [refs.get(relation.source), refs.get(relation.target)]
        if ends[0] is None or ends[1] is None:
            missing = relation.source if ends[0] is None else relation.target
            return Rejection(parsed.path, line, f"names no span of the record ({missing!r})", relation.field)
    for label in parsed.document_labels:
        problem = _name_problem(label.label_set) or _name_problem(label.value)
        if problem:
            return Rejection(
                parsed.path, parsed.line, f"document label {label.value!r}: {problem}", label.label_set
            )
    return None


@lru_cache(maxsize=4096)  # a file names a few labels and types many times: each is checked once
def _name_problem(name: str) -> str | None:
    try:
        Label(name=name)
    except ValidationError as error:
        return str(error.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")
    return None


def _value_problem(value: object) -> str | None:
    if isinstance(value, bool | str):
        return None if value != "" else "an empty value"
    if isinstance(value, int | float) and math.isfinite(value):
        return None
    return f"expected text, a number or true/false, not {value!r}"


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _uuid(value: str | None) -> str | None:
    """The span id in our form when the file's id is a valid UUID; otherwise a new one is made later."""
    if not value:
        return None
    if _CANONICAL_UUID.fullmatch(value):  # our own exports' ids: already in our form
        return value
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None
