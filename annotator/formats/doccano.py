"""doccano JSONL, in the shapes doccano's versions write.

- sequence labelling: ``{"id", "text", "label": [[start, end, "label"], ...], "meta"}``;
- newer exports: ``"entities": [{"id", "start_offset", "end_offset", "label"}]`` with ``"relations"``;
- intent detection and slot filling: ``"entities": [[start, end, "label"], ...]`` with ``"cats"``;
- doccano 1.0: ``"annotations": [{"label_name" (or a string "label"), "start_offset", "end_offset",
  "user_name"}]``;
- text classification: ``"label": ["positive", ...]`` (document labels, no spans).

Relations (``from_id``/``to_id``/``type`` between ``entities`` ids) are imported; document labels
(``cats``, classification labels) go into the label set ``category``, or the set Annotator's own export
names in ``meta.label_sets``. doccano has no span attributes: the export report counts those not written.
doccano records carry no span text, so offsets cannot be checked (read them
with ``--offsets utf-16`` if the file came from a doccano version that counted UTF-16 units). Who tagged a
span is doccano 1.0's ``user_name``, else Annotator's own ``meta.annotators`` (one name per ``label``
entry, written by the export, as ``meta.notes`` holds span notes), else ``--annotator``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from annotator.domain.text import guess_title
from annotator.formats.jsonl import dump_line
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

NAME = "doccano"
SUFFIXES = (".jsonl",)
# doccano's labels of whole documents belong to no named set; they are read into this one.
DOCUMENT_LABEL_SET = "category"


class DoccanoRecord(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: StrictInt | StrictStr | None = None
    text: StrictStr
    label: list[Any] = Field(default_factory=list)
    entities: list[Any] = Field(default_factory=list)
    annotations: list[Any] = Field(default_factory=list)
    relations: list[Any] = Field(default_factory=list)
    cats: list[Any] = Field(default_factory=list)
    meta: dict[str, Any] = Field(default_factory=dict)


class _Relation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: StrictInt | StrictStr | None = None
    from_id: StrictInt | StrictStr
    to_id: StrictInt | StrictStr
    type: StrictStr = Field(min_length=1)


class _Entry(BaseModel):
    """One span as an object, in any of doccano's spellings."""

    model_config = ConfigDict(extra="ignore")

    id: StrictInt | StrictStr | None = None
    start_offset: StrictInt = Field(ge=0)
    end_offset: StrictInt = Field(gt=0)
    label: StrictStr | StrictInt | None = None
    label_name: StrictStr | None = None
    user_name: StrictStr | None = None


class _Triple(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: StrictInt = Field(ge=0)
    end: StrictInt = Field(gt=0)
    label: StrictStr = Field(min_length=1)


def read(path: Path, options: ReadOptions) -> ReadResult:
    return read_all(stream, path, options)


def stream(path: Path, options: ReadOptions, result: ReadResult) -> Iterator[ParsedDocument]:
    """The file's documents one at a time (see ``records.Streamer``)."""
    for line, value in iter_json_lines(path, options.encoding):
        if isinstance(value, Rejection):
            result.rejections.append(value)
            continue
        record = validate(DoccanoRecord, value, path, line)
        if isinstance(record, Rejection):
            result.rejections.append(record)
            continue
        spans: list[ParsedSpan] = []
        classes: list[str] = []
        problem: Rejection | None = None
        entries_count = len(record.label) or len(record.entities)
        annotators = _parallel(record.meta.get("annotators"), entries_count)
        notes = _parallel(record.meta.get("notes"), entries_count)
        for key, entries in (
            ("label", record.label),
            ("entities", record.entities),
            ("annotations", record.annotations),
        ):
            parallel = key in ("label", "entities")  # meta.annotators and meta.notes go with these
            for index, entry in enumerate(entries):
                annotator = annotators[index] if parallel and annotators else None
                note = notes[index] if parallel and notes else ""
                # A plainly valid [start, end, label] triple (most spans of most files) is taken here, as
                # ``_span`` would take it; this loop runs once per span of the file.
                if type(entry) is list and len(entry) == 3:
                    offsets, label = plain_offsets(entry[0], entry[1]), entry[2]
                    if offsets is not None and type(label) is str and label:
                        where = f"{key}[{index}]"
                        spans.append(ParsedSpan(*offsets, label, None, annotator, None, note, where))
                        continue
                if isinstance(entry, str) and key == "label":
                    classes.append(entry)  # text classification: a label of the whole document
                    continue
                span = _span(entry, path, line, f"{key}[{index}]", annotator, note)
                if isinstance(span, Rejection):
                    problem = span
                    break
                spans.append(span)
            if problem:
                break
        relations = _relations(record, path, line)
        labels = _document_labels(record, classes, path, line)
        problem = problem or next((x for x in (relations, labels) if isinstance(x, Rejection)), None)
        if problem:
            result.rejections.append(problem)
            continue
        assert not isinstance(relations, Rejection) and not isinstance(labels, Rejection)
        result.drop(path, extra_kinds(value, keys=("events",)))
        title = record.meta.get("title")
        source = record.meta.get("source")
        yield (
            ParsedDocument(
                path=path,
                line=line,
                text=record.text,
                title=title if isinstance(title, str) and title else guess_title(record.text, path.stem),
                source=source if isinstance(source, str) and source else f"{path}:{line}",
                spans=tuple(spans),
                id=str(record.id) if record.id is not None else None,
                record=value,
                relations=relations,
                document_labels=labels,
            )
        )


def _relations(record: DoccanoRecord, path: Path, line: int) -> tuple[ParsedRelation, ...] | Rejection:
    notes = _parallel(record.meta.get("relation_notes"), len(record.relations))
    found = []
    for index, entry in enumerate(record.relations):
        where = f"relations[{index}]"
        checked = validate(_Relation, entry, path, line) if isinstance(entry, dict) else None
        if checked is None:
            return Rejection(
                path, line, f"expected an object with from_id, to_id, type, got {entry!r:.60}", where
            )
        if isinstance(checked, Rejection):
            return Rejection(path, line, checked.message, f"{where}.{checked.field or ''}")
        found.append(
            ParsedRelation(
                source=str(checked.from_id),
                target=str(checked.to_id),
                type=checked.type,
                note=notes[index] if notes else "",
                field=where,
            )
        )
    return tuple(found)


def _document_labels(
    record: DoccanoRecord, classes: list[str], path: Path, line: int
) -> tuple[ParsedDocumentLabel, ...] | Rejection:
    values = [*record.cats, *classes]
    sets = _parallel(record.meta.get("label_sets"), len(values))
    who = _parallel(record.meta.get("label_annotators"), len(values))
    found = []
    for index, value in enumerate(values):
        if not isinstance(value, str) or not value:
            return Rejection(path, line, f"expected a label name, got {value!r:.60}", f"cats[{index}]")
        label_set = sets[index] if sets else DOCUMENT_LABEL_SET
        found.append(ParsedDocumentLabel(label_set, value, who[index] if who else None))
    return tuple(found)


def _span(
    entry: Any, path: Path, line: int, where: str, annotator: str | None, note: str
) -> ParsedSpan | Rejection:
    """The span an entry stands for; ``annotator`` and ``note`` from the record's parallel lists."""
    if isinstance(entry, list):
        if len(entry) != 3:
            return Rejection(path, line, f"expected [start, end, label], got {entry!r:.60}", where)
        start, end, label = entry
        # Plainly valid triples are taken as they are (one model per span was a third of reading a
        # file); any other is checked by the model, which says what is wrong.
        offsets = plain_offsets(start, end)
        if offsets is not None and type(label) is str and label:
            return ParsedSpan(*offsets, label, annotator=annotator, note=note, field=where)
        triple = validate(_Triple, dict(zip(("start", "end", "label"), entry, strict=True)), path, line)
        if isinstance(triple, Rejection):
            return Rejection(path, line, triple.message, f"{where}.{triple.field or ''}")
        return ParsedSpan(triple.start, triple.end, triple.label, annotator=annotator, note=note, field=where)
    if not isinstance(entry, dict):
        return Rejection(
            path, line, f"expected a span ([start, end, label] or an object), got {entry!r:.60}", where
        )
    checked = validate(_Entry, entry, path, line)
    if isinstance(checked, Rejection):
        return Rejection(path, line, checked.message, f"{where}.{checked.field or ''}")
    label = checked.label_name or checked.label
    if not isinstance(label, str) or not label:
        return Rejection(
            path,
            line,
            "names its label by a number only (doccano 1.0 without label names); export the project "
            "again with label names, or convert the numbers to names",
            f"{where}.label",
        )
    return ParsedSpan(
        checked.start_offset,
        checked.end_offset,
        label,
        annotator=annotator if annotator is not None else checked.user_name,
        note=note,
        field=where,
        ref=str(checked.id) if checked.id is not None else None,
    )


def _parallel(values: Any, length: int) -> list[str] | None:
    if isinstance(values, list) and len(values) == length and all(isinstance(v, str) for v in values):
        return values
    return None


def write(target: Path, documents: Iterable[ExportDocument]) -> WriteResult:
    """Sequence-labelling records (``label`` triples); when the project has relation types, relation
    extraction records (``entities`` with ids, ``relations``) instead, as doccano's own exports differ."""
    result = WriteResult()
    attributes_left = 0
    with target.open("w", encoding="utf-8", newline="\n") as stream:
        for item in documents:
            spans = sorted_spans(item.spans)
            document = item.document
            meta: dict[str, Any] = {
                "title": document.title,
                "source": document.source,
                "sha256": document.sha256,
                "annotators": [s.annotator for s in spans],
            }
            if any(s.note for s in spans):
                meta["notes"] = [s.note for s in spans]  # doccano keeps meta as it is
            record: dict[str, Any] = {"id": document.id, "text": document.text}
            if item.structure.relation_types:
                numbers = {s.id: number for number, s in enumerate(spans, start=1)}
                record["entities"] = [
                    {"id": numbers[s.id], "label": s.label, "start_offset": s.start, "end_offset": s.end}
                    for s in spans
                ]
                record["relations"] = [
                    {
                        "id": number,
                        "from_id": numbers[r.source_id],
                        "to_id": numbers[r.target_id],
                        "type": r.type,
                    }
                    for number, r in enumerate(item.relations, start=1)
                ]
                if any(r.note for r in item.relations):
                    meta["relation_notes"] = [r.note for r in item.relations]
            else:
                record["label"] = [[s.start, s.end, s.label] for s in spans]
            if item.document_labels:
                record["cats"] = [x.value for x in item.document_labels]
                meta["label_sets"] = [x.label_set for x in item.document_labels]
                meta["label_annotators"] = [x.annotator for x in item.document_labels]
            record["meta"] = meta
            stream.write(dump_line(record))
            result.spans_written += len(spans)
            attributes_left += sum(len(values) for values in item.attributes.values())
    if attributes_left:
        result.notes.append(
            f"doccano has no span attributes: {attributes_left} attribute value(s) not written"
        )
    return result
