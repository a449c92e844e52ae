"""The native JSONL dataset: one JSON object per document, spans sorted, keys in a fixed order.

Each line is also valid Prodigy / spaCy span data (``text`` + ``spans`` with ``start``, ``end``, ``label``),
so the reader accepts such files too: ``id``, ``meta`` and every span field but the offsets and label are
optional. The pydantic models below are the format's definition; ``docs/jsonl-schema.json`` is generated
from them (``python -m annotator.formats.jsonl_schema``). New document fields (a review status, a layer)
are added to ``NativeRecord`` with a default, which keeps older files valid.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr

from annotator.domain.models import Document, Span
from annotator.domain.structure import AttributeValue
from annotator.domain.text import guess_title
from annotator.formats.records import (
    ExportDocument,
    ParsedDocument,
    ParsedDocumentLabel,
    ParsedRelation,
    ParsedSpan,
    ReadOptions,
    ReadResult,
    Rejection,
    WriteResult,
    extra_kinds,
    read_all,
    sorted_spans,
)
from annotator.formats.strict_json import iter_json_lines, plain_offsets, validate

NAME = "jsonl"
SUFFIXES = (".jsonl",)
SCHEMA_VERSION = 2


class NativeSource(BaseModel):
    model_config = ConfigDict(extra="ignore", title="Source")

    span_id: StrictStr = Field(description="The annotator's span this gold span came from.")
    annotator: StrictStr = Field(description="Who tagged that span.")


class NativeProvenance(BaseModel):
    model_config = ConfigDict(extra="ignore", title="Provenance")

    sources: list[NativeSource] = Field(default_factory=list, description="Annotators' spans it came from.")
    decided_by: StrictStr = Field(description="The reviewer who accepted or wrote the gold span.")
    decided_at: StrictStr = Field(description="When (ISO 8601, UTC).")
    auto_accepted: bool = Field(default=False, description="Accepted in one step because annotators agreed.")


class NativeSuggestionOrigin(BaseModel):
    model_config = ConfigDict(extra="ignore", title="Accepted suggestion")

    source: StrictStr = Field(
        description="Where the suggestion came from: strings, terms, model or imported."
    )
    score: float = Field(ge=0, le=1, description="Its score when it was accepted.")
    why: StrictStr = Field(default="", description="Why it was proposed, in words.")
    accepted_at: StrictStr = Field(description="When the annotator accepted it (ISO 8601, UTC).")


class NativeSpan(BaseModel):
    model_config = ConfigDict(extra="ignore", title="Span")

    id: StrictStr | None = Field(
        default=None, description="Span UUID; kept on import when it is a valid UUID."
    )
    start: StrictInt = Field(ge=0, description="First character: Python code point offset into text.")
    end: StrictInt = Field(gt=0, description="One past the last character (end exclusive), in code points.")
    label: StrictStr = Field(min_length=1, description="Label name.")
    text: StrictStr | None = Field(
        default=None, description="text[start:end]; when given, import checks the offsets against it."
    )
    annotator: StrictStr | None = Field(default=None, min_length=1, description="Who tagged the span.")
    note: StrictStr = Field(default="", description="The annotator's note on the span.")
    provenance: NativeProvenance | None = Field(
        default=None, description="Gold layer exports only: how the span was decided."
    )
    suggestion: NativeSuggestionOrigin | None = Field(
        default=None, description="Spans accepted from a suggestion: which one, as it was then."
    )
    attributes: dict[StrictStr, StrictBool | StrictInt | StrictFloat | StrictStr] = Field(
        default_factory=dict,
        description="The span's attributes: a choice, free text or an entity's name (string), yes/no "
        "(boolean), or a number. Left out when the span has none.",
    )


class NativeRelation(BaseModel):
    model_config = ConfigDict(extra="ignore", title="Relation")

    id: StrictStr | None = Field(default=None, description="Relation UUID; kept on import when free.")
    source: StrictStr = Field(description="The id of the span it starts from (in this record's spans).")
    target: StrictStr = Field(description="The id of the span it points to (in this record's spans).")
    type: StrictStr = Field(min_length=1, description="Relation type name.")
    annotator: StrictStr | None = Field(
        default=None, description="Who made it; its spans are that annotator's spans."
    )
    note: StrictStr = Field(default="", description="The annotator's note on the relation.")
    directed: StrictBool = Field(
        default=True, description="False when its type is symmetric (source and target in any order)."
    )


class NativeDocumentLabel(BaseModel):
    model_config = ConfigDict(extra="ignore", title="Document label")

    label_set: StrictStr = Field(min_length=1, description="The label set (topic, stance, ...).")
    value: StrictStr = Field(min_length=1, description="The chosen label.")
    annotator: StrictStr | None = Field(default=None, description="Who chose it.")


class NativeMeta(BaseModel):
    model_config = ConfigDict(extra="ignore", title="Meta")

    title: StrictStr = Field(default="", description="Document title.")
    source: StrictStr = Field(default="", description="Where the text came from (a path or URL).")
    sha256: StrictStr = Field(
        default="", description="SHA-256 of the UTF-8 text, hex; documents match on it."
    )


class NativeRecord(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
        title="Annotator JSONL record",
        json_schema_extra={"description": "One line of an Annotator JSONL export: a document and its spans."},
    )

    schema_version: StrictInt = Field(
        default=1,
        description=f"Version of this record format: {SCHEMA_VERSION} adds relations, attributes and labels "
        "(files without it are version 1).",
    )
    id: StrictStr | None = Field(default=None, description="Document id.")
    text: StrictStr = Field(description="Canonical document text (newlines are \\n).")
    meta: NativeMeta = Field(default_factory=NativeMeta)
    status: dict[StrictStr, Literal["todo", "in_progress", "done"]] = Field(
        default_factory=dict,
        description="Each annotator's progress on the document: todo, in_progress or done.",
    )
    spans: list[NativeSpan] = Field(default_factory=list, description="Spans sorted by start, end, label.")
    relations: list[NativeRelation] = Field(
        default_factory=list, description="Relations between the record's spans, named by span id."
    )
    labels: list[NativeDocumentLabel] = Field(
        default_factory=list, description="Labels of the whole document, one per chosen value and annotator."
    )


def export_record(item: ExportDocument) -> dict[str, Any]:
    """The JSON object for one exported document, with its relations, attributes and labels."""
    record = document_record(item.document, item.spans, item.statuses, item.provenance, item.attributes)
    directed = {t.name: t.directed for t in item.structure.relation_types}
    record["relations"] = [
        {
            "id": r.id,
            "source": r.source_id,
            "target": r.target_id,
            "type": r.type,
            "annotator": r.annotator,
            "note": r.note,
            "directed": directed.get(r.type, True),
        }
        for r in item.relations
    ]
    record["labels"] = [
        {"label_set": x.label_set, "value": x.value, "annotator": x.annotator} for x in item.document_labels
    ]
    return record


def document_record(
    document: Document,
    spans: Iterable[Span],
    statuses: Mapping[str, str] | None = None,
    provenance: Mapping[str, Mapping[str, object]] | None = None,
    attributes: Mapping[str, Mapping[str, AttributeValue]] | None = None,
) -> dict[str, Any]:
    """The JSON object for one document (spans must already match its text)."""
    provenance = provenance or {}
    attributes = attributes or {}
    ordered = sorted_spans(spans)
    if any(s.id in provenance for s in ordered):
        record = validated_record(document, ordered, statuses, provenance)
        for span in record["spans"]:
            if span["id"] in attributes:
                span["attributes"] = dict(attributes[span["id"]])
        return record
    # Domain models need no second validation: built directly, a record is what ``validated_record``
    # returns, and exporting a million spans spent a third of its time validating them again.
    written = [
        {
            "id": s.id,
            "start": s.start,
            "end": s.end,
            "label": s.label,
            "text": s.text,
            "annotator": s.annotator,
            "note": s.note,
        }
        for s in ordered
    ]
    if attributes:
        for span in written:
            if span["id"] in attributes:
                span["attributes"] = dict(attributes[str(span["id"])])
    return {
        "schema_version": SCHEMA_VERSION,
        "id": document.id,
        "text": document.text,
        "meta": {"title": document.title, "source": document.source, "sha256": document.sha256},
        "status": dict(statuses or {}),
        "spans": written,
        "relations": [],
        "labels": [],
    }


def validated_record(
    document: Document,
    spans: Iterable[Span],
    statuses: Mapping[str, str] | None = None,
    provenance: Mapping[str, Mapping[str, object]] | None = None,
) -> dict[str, Any]:
    """``document_record`` through the models that define the format (gold spans carry provenance)."""
    provenance = provenance or {}
    record = NativeRecord(
        schema_version=SCHEMA_VERSION,
        id=document.id,
        text=document.text,
        meta=NativeMeta(title=document.title, source=document.source, sha256=document.sha256),
        spans=[
            NativeSpan(
                id=s.id,
                start=s.start,
                end=s.end,
                label=s.label,
                text=s.text,
                annotator=s.annotator,
                note=s.note,
                provenance=_gold(provenance.get(s.id)),
                suggestion=_suggested(provenance.get(s.id)),
            )
            for s in sorted_spans(spans)
        ],
        status=dict(statuses or {}),
    )
    # Only gold spans carry provenance; other spans leave the key out rather than writing null.
    dumped = record.model_dump(exclude_none=True)
    for span in dumped["spans"]:
        if not span["attributes"]:
            del span["attributes"]
    return dumped


def _gold(provenance: Mapping[str, object] | None) -> NativeProvenance | None:
    return NativeProvenance.model_validate(provenance) if provenance and "decided_by" in provenance else None


def _suggested(provenance: Mapping[str, object] | None) -> NativeSuggestionOrigin | None:
    origin = provenance.get("suggestion") if provenance else None
    return NativeSuggestionOrigin.model_validate(origin) if origin is not None else None


# Characters that some readers (Python's str.splitlines, old JavaScript) take as line breaks; JSON lets us
# escape them so that one record is always exactly one line.
_LINE_BREAKERS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def dump_line(record: dict[str, Any]) -> str:
    line = json.dumps(record, ensure_ascii=False, allow_nan=False)
    # translate() looks every character up in a dict (half an export's time); the scans are C loops.
    if "\u2028" in line or "\u2029" in line or "\x85" in line:
        line = line.translate(_LINE_BREAKERS)
    return line + "\n"


def write(target: Path, documents: Iterable[ExportDocument]) -> WriteResult:
    result = WriteResult()
    with target.open("w", encoding="utf-8", newline="\n") as stream:
        for item in documents:
            stream.write(dump_line(export_record(item)))
            result.spans_written += len(item.spans)
    return result


def read(path: Path, options: ReadOptions) -> ReadResult:
    return read_all(stream, path, options)


def stream(path: Path, options: ReadOptions, result: ReadResult) -> Iterator[ParsedDocument]:
    """The file's documents one at a time (see ``records.Streamer``)."""
    for line, value in iter_json_lines(path, options.encoding):
        if isinstance(value, Rejection):
            result.rejections.append(value)
            continue
        # A record whose values are all of the types ``NativeRecord`` asks for, without relations, document
        # labels or provenance, is read as it is (its models took a quarter of reading a file); any other
        # goes through the models, which say what is wrong.
        parsed = _plain_document(value, path, line)
        if parsed is None:
            record = validate(NativeRecord, value, path, line)
            if isinstance(record, Rejection):
                result.rejections.append(record)
                continue
            parsed = parsed_document(record, path, line, value)
        result.drop(path, extra_kinds(value, keys=("events",)))
        yield parsed


_STATUSES = frozenset(("todo", "in_progress", "done"))
_ATTRIBUTE_TYPES = (bool, int, float, str)


def _plain_document(value: object, path: Path, line: int) -> ParsedDocument | None:
    """The record as ``parsed_document`` makes it, when its values are plainly what the models accept and
    it has no relations, document labels, provenance or suggestion origin; else None."""
    if type(value) is not dict:
        return None
    text, document_id, version = value.get("text"), value.get("id"), value.get("schema_version", 1)
    meta, status, spans = value.get("meta", {}), value.get("status", {}), value.get("spans", [])
    relations, labels = value.get("relations", []), value.get("labels", [])
    if not (
        type(text) is str
        and (document_id is None or type(document_id) is str)
        and type(version) is int
        and type(meta) is dict
        and type(status) is dict
        and type(spans) is list
        and type(relations) is list
        and not relations
        and type(labels) is list
        and not labels
        and all(type(v) is str and v in _STATUSES for v in status.values())
    ):
        return None
    title, source, sha256 = meta.get("title", ""), meta.get("source", ""), meta.get("sha256", "")
    if not (type(title) is str and type(source) is str and type(sha256) is str):
        return None
    parsed: list[ParsedSpan] = []
    for index, span in enumerate(spans):  # once per span of the file
        if type(span) is not dict:
            return None
        offsets = plain_offsets(span.get("start"), span.get("end"))
        label, covered, who, span_id = (
            span.get("label"),
            span.get("text"),
            span.get("annotator"),
            span.get("id"),
        )
        note, attributes = span.get("note", ""), span.get("attributes", {})
        if not (
            offsets is not None
            and type(label) is str
            and label
            and (covered is None or type(covered) is str)
            and (who is None or (type(who) is str and who))
            and (span_id is None or type(span_id) is str)
            and type(note) is str
            and type(attributes) is dict
            and span.get("provenance") is None
            and span.get("suggestion") is None
            and (not attributes or all(type(v) in _ATTRIBUTE_TYPES for v in attributes.values()))
        ):
            return None
        found = tuple(attributes.items()) if attributes else ()
        parsed.append(
            ParsedSpan(*offsets, label, covered, who, span_id, note, f"spans[{index}]", None, span_id, found)
        )
    return _document(path, line, value, text, title, source, document_id, status, tuple(parsed))


def parsed_document(
    record: NativeRecord, path: Path, line: int, raw: Mapping[str, object] | None = None
) -> ParsedDocument:
    # Positional, in ParsedSpan's field order (start, end, label, text, annotator, id, note, field, line,
    # ref, attributes): one is made per span of the file, and keywords took twice as long.
    spans = tuple(
        ParsedSpan(
            s.start,
            s.end,
            s.label,
            s.text,
            s.annotator,
            s.id,
            s.note,
            f"spans[{index}]",
            None,
            s.id,
            tuple(s.attributes.items()) if s.attributes else (),
        )
        for index, s in enumerate(record.spans)
    )
    relations = tuple(
        ParsedRelation(
            source=r.source,
            target=r.target,
            type=r.type,
            annotator=r.annotator,
            note=r.note,
            id=r.id,
            field=f"relations[{index}]",
            directed=r.directed,
        )
        for index, r in enumerate(record.relations)
    )
    labels = tuple(ParsedDocumentLabel(x.label_set, x.value, x.annotator) for x in record.labels)
    text, meta = record.text, record.meta
    return _document(
        path, line, raw, text, meta.title, meta.source, record.id, record.status, spans, relations, labels
    )


def _document(
    path: Path,
    line: int,
    raw: Mapping[str, object] | None,
    text: str,
    title: str,
    source: str,
    document_id: str | None,
    status: Mapping[str, str],
    spans: tuple[ParsedSpan, ...],
    relations: tuple[ParsedRelation, ...] = (),
    labels: tuple[ParsedDocumentLabel, ...] = (),
) -> ParsedDocument:
    """The record's document, whether its values were read plainly or through the models."""
    return ParsedDocument(
        path=path,
        line=line,
        text=text,
        title=title or guess_title(text, fallback=f"{path.stem} {line}"),
        source=source or f"{path}:{line}",
        spans=spans,
        id=document_id,
        statuses=tuple(sorted(status.items())),
        record=raw,
        relations=relations,
        document_labels=labels,
    )


def json_schema() -> dict[str, Any]:
    schema = NativeRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
