"""Prodigy JSONL: ``{"text", "spans": [{"start", "end", "label", "text"?}], "_annotator_id"?, "answer"?}``.

The annotator is ``_annotator_id`` when present, else ``_session_id`` (Prodigy's "dataset-name" form is
kept as it is), else ``--annotator``. Spans of answers other than ``accept`` (``reject``, ``ignore``) are
not imported (the text still is) and the report counts them. The export writes one task per document and
annotator, with ``answer: "accept"``, so Prodigy's ``db-in`` can load it and compute its own hashes.

Structured annotation: ``relations`` in the shape of Prodigy's ``rel.manual`` (``head_span`` and
``child_span`` with ``start``, ``end`` and ``label``, and the relation's ``label``) link the task's spans
(a relation's span missing from ``spans`` is added); document labels are ``accept`` (option ids, with
``options`` giving each one's ``text`` and, in our exports, its ``label_set``), else ``cats`` (a label
with a score of 0.5 or more is chosen), else a top-level ``label`` of a task without spans (textcat).
Span attributes travel under each span's ``attributes`` key, which Prodigy keeps as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr

from annotator.domain.models import Span
from annotator.domain.structure import AttributeValue
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

NAME = "prodigy"
SUFFIXES = (".jsonl",)
# Labels of whole documents from files that name no set (``cats``, textcat's ``label``) go in this one.
DOCUMENT_LABEL_SET = "category"


class ProdigySpan(BaseModel):
    model_config = ConfigDict(extra="ignore")

    start: StrictInt = Field(ge=0)
    end: StrictInt = Field(gt=0)
    label: StrictStr = Field(min_length=1)
    text: StrictStr | None = None
    note: StrictStr = ""
    attributes: dict[StrictStr, StrictBool | StrictInt | StrictFloat | StrictStr] = Field(
        default_factory=dict
    )

    @property
    def ref(self) -> str:
        return span_ref(self.start, self.end, self.label)


def span_ref(start: int, end: int, label: str) -> str:
    """How a task's relations name a span: Prodigy gives spans no id, so by where it is and its label."""
    return f"{start}:{end}:{label}"


class ProdigyRelation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    # rel.manual writes both spans; a relation with only token indices (head, child) names no span.
    head_span: ProdigySpan | None = None
    child_span: ProdigySpan | None = None
    label: StrictStr = Field(min_length=1)
    note: StrictStr = ""


class ProdigyOption(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: StrictStr | StrictInt
    text: StrictStr | None = None
    label_set: StrictStr | None = None


class ProdigyTask(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: StrictStr
    # Each checked on its own (``_spans``): a plainly valid span is taken without a model.
    spans: list[dict[StrictStr, Any]] = Field(default_factory=list)
    answer: StrictStr = "accept"
    annotator_id: StrictStr | None = Field(default=None, alias="_annotator_id")
    session_id: StrictStr | None = Field(default=None, alias="_session_id")
    meta: dict[str, Any] = Field(default_factory=dict)
    relations: list[ProdigyRelation] = Field(default_factory=list)
    options: list[ProdigyOption] = Field(default_factory=list)
    accept: list[StrictStr | StrictInt] = Field(default_factory=list)
    cats: dict[StrictStr, StrictFloat | StrictInt] = Field(default_factory=dict)
    label: StrictStr | None = None


def read(path: Path, options: ReadOptions) -> ReadResult:
    return read_all(stream, path, options)


def stream(path: Path, options: ReadOptions, result: ReadResult) -> Iterator[ParsedDocument]:
    """The file's documents one at a time (see ``records.Streamer``)."""
    not_accepted = 0
    for line, value in iter_json_lines(path, options.encoding):
        if isinstance(value, Rejection):
            result.rejections.append(value)
            continue
        plain = _plain_task(value)
        if plain is None:
            task = validate(ProdigyTask, value, path, line)
            if isinstance(task, Rejection):
                result.rejections.append(task)
                continue
            text, entries, answer, meta = task.text, task.spans, task.answer, task.meta
            annotator = task.annotator_id or task.session_id or None
        else:
            task = None
            text, entries, answer, annotator, meta = plain
        spans = _spans(entries, annotator, path, line, named=task is not None and bool(task.relations))
        if isinstance(spans, Rejection):
            result.rejections.append(spans)
            continue
        relations: tuple[ParsedRelation, ...] = ()
        labels: tuple[ParsedDocumentLabel, ...] = ()
        if answer == "accept":
            if task is not None:
                relations, spans = _relations(task, spans, annotator, path, result)
                labels = tuple(
                    ParsedDocumentLabel(name, value, annotator) for name, value in _document_labels(task)
                )
            result.drop(path, extra_kinds(value, keys=("events",)))
        else:
            not_accepted += len(spans) + (len(task.relations) if task is not None else 0)
            spans = ()
        title, source, file_id = _text(meta, "title"), _text(meta, "source"), _text(meta, "id")
        yield (
            ParsedDocument(
                path=path,
                line=line,
                text=text,
                title=title or guess_title(text, fallback=path.stem),
                source=source or f"{path}:{line}",
                spans=spans,
                id=file_id or None,
                record=value,
                relations=relations,
                document_labels=labels,
            )
        )
    if not_accepted:
        result.notes.append(
            f"{path}: {not_accepted} span(s) and relation(s) in answers other than 'accept' were not imported"
        )


# Keys of a task that only ``ProdigyTask`` reads (relations and document labels).
_STRUCTURE_KEYS = frozenset({"relations", "options", "accept", "cats", "label"})


def _plain_task(value: Any) -> tuple[str, list[Any], str, str | None, dict[str, Any]] | None:
    """(text, spans, answer, annotator, meta) of a task ``ProdigyTask`` would take as it is and without
    relations or document labels, as most tasks are; None for any other (the model then checks it and
    says what is wrong). Validating every task with the model was a tenth of reading a file."""
    if type(value) is not dict or not value.keys().isdisjoint(_STRUCTURE_KEYS):
        return None
    text, spans = value.get("text"), value.get("spans", [])
    answer, meta = value.get("answer", "accept"), value.get("meta", {})
    annotator_id, session_id = value.get("_annotator_id"), value.get("_session_id")
    if (
        type(text) is str
        and type(spans) is list  # each span is looked at in ``_spans``
        and type(answer) is str
        and type(meta) is dict
        and (annotator_id is None or type(annotator_id) is str)
        and (session_id is None or type(session_id) is str)
    ):
        return text, spans, answer, annotator_id or session_id or None, meta
    return None


def _relations(
    task: ProdigyTask, spans: tuple[ParsedSpan, ...], annotator: str | None, path: Path, result: ReadResult
) -> tuple[tuple[ParsedRelation, ...], tuple[ParsedSpan, ...]]:
    """The task's relations, and its spans with those the relations name that ``spans`` does not list."""
    refs = {s.ref for s in spans}
    found = []
    for i, relation in enumerate(task.relations):
        if relation.head_span is None or relation.child_span is None:
            result.drop(path, {"relations without head_span and child_span": 1})
            continue
        for end, name in ((relation.head_span, "head_span"), (relation.child_span, "child_span")):
            if end.ref not in refs:  # a relation's span need not be listed among the spans
                refs.add(end.ref)
                spans += (_parsed_span(end, annotator, f"relations[{i}].{name}"),)
        where = f"relations[{i}]"
        head, child = relation.head_span.ref, relation.child_span.ref
        found.append(ParsedRelation(head, child, relation.label, annotator, relation.note, field=where))
    return tuple(found), spans


def _spans(
    entries: list[dict[str, Any]], annotator: str | None, path: Path, line: int, *, named: bool
) -> tuple[ParsedSpan, ...] | Rejection:
    """The task's spans, each checked as ``ProdigySpan`` would check it (every answer's, so a malformed
    span is refused whatever the answer). Only a task with relations (``named``) needs each span's ref."""
    spans = []
    # This loop runs once per span of the file.
    for index, entry in enumerate(entries):
        # Plainly valid spans (most of them, as Prodigy writes them) are taken as they are; a model per
        # span was a sixth of reading a file. Any other goes through the model, which says what is wrong.
        if type(entry) is dict:
            offsets = plain_offsets(entry.get("start"), entry.get("end"))
            label, text, note = entry.get("label"), entry.get("text"), entry.get("note", "")
            if (
                offsets is not None
                and type(label) is str
                and label
                and (text is None or type(text) is str)
                and type(note) is str
                and "attributes" not in entry
            ):
                ref = span_ref(*offsets, label) if named else None
                where = f"spans[{index}]"
                spans.append(ParsedSpan(*offsets, label, text, annotator, None, note, where, None, ref))
                continue
        checked = validate(ProdigySpan, entry, path, line)
        if isinstance(checked, Rejection):
            field = f"spans[{index}]" + (f".{checked.field}" if checked.field else "")
            return Rejection(path, line, checked.message, field)
        spans.append(_parsed_span(checked, annotator, f"spans[{index}]"))
    return tuple(spans)


def _parsed_span(span: ProdigySpan, annotator: str | None, where: str) -> ParsedSpan:
    # Positional, in ParsedSpan's field order: one is made per span of the file, and keywords took twice
    # as long.
    return ParsedSpan(
        span.start,
        span.end,
        span.label,
        span.text,
        annotator,
        None,
        span.note,
        where,
        None,
        span.ref,
        tuple(span.attributes.items()) if span.attributes else (),
    )


def _document_labels(task: ProdigyTask) -> list[tuple[str, str]]:
    """(label set, value) of each document label the task chose."""
    if task.accept:
        options = {option.id: option for option in task.options}
        chosen = []
        for key in task.accept:
            option = options.get(key)
            value = option.text if option is not None and option.text else str(key)
            label_set = option.label_set if option is not None and option.label_set else DOCUMENT_LABEL_SET
            chosen.append((label_set, value))
        return chosen
    if task.cats:
        return [(DOCUMENT_LABEL_SET, name) for name, score in task.cats.items() if score >= 0.5]
    if task.label and not task.spans and not task.relations:
        return [(DOCUMENT_LABEL_SET, task.label)]
    return []


def _text(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    return value if isinstance(value, str) else ""


def _span(span: Span, attributes: Mapping[str, Mapping[str, AttributeValue]]) -> dict[str, Any]:
    written: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label, "text": span.text}
    if span.note:
        written["note"] = span.note  # Prodigy keeps keys it does not know
    if span.id in attributes:
        written["attributes"] = dict(attributes[span.id])
    return written


def _structure(item: ExportDocument, annotator: str, spans: list[Span]) -> dict[str, Any]:
    """The annotator's relations and document labels, in Prodigy's keys."""
    by_id = {span.id: span for span in spans}
    found: dict[str, Any] = {}
    relations = [r for r in item.relations if r.annotator == annotator]
    if relations:
        found["relations"] = [
            {
                "head_span": _span(by_id[r.source_id], {}),
                "child_span": _span(by_id[r.target_id], {}),
                "label": r.type,
                **({"note": r.note} if r.note else {}),
            }
            for r in relations
        ]
    chosen = [x for x in item.document_labels if x.annotator == annotator]
    if chosen:
        sets = {x.label_set for x in chosen}
        found["options"] = [
            {"id": f"{s.name}:{choice}", "text": choice, "label_set": s.name}
            for s in item.structure.document_label_sets
            if s.name in sets
            for choice in s.choices
        ]
        found["accept"] = [f"{x.label_set}:{x.value}" for x in chosen]
        found["cats"] = {x.value: 1.0 for x in chosen}
    return found


def write(target: Path, documents: Iterable[ExportDocument]) -> WriteResult:
    result = WriteResult()
    with target.open("w", encoding="utf-8", newline="\n") as stream:
        for item in documents:
            document = item.document
            meta = {"id": document.id, "title": document.title, "source": document.source}
            by_annotator: dict[str, list[Span]] = {}
            for span in sorted_spans(item.spans):
                by_annotator.setdefault(span.annotator, []).append(span)
            for label in item.document_labels:
                by_annotator.setdefault(label.annotator, [])
            groups = sorted(by_annotator.items())
            if not groups:
                stream.write(
                    dump_line({"text": document.text, "spans": [], "meta": meta, "answer": "accept"})
                )
            for annotator, spans in groups:
                task = {
                    "text": document.text,
                    "spans": [_span(s, item.attributes) for s in spans],
                    "meta": meta,
                    "answer": "accept",
                    "_annotator_id": annotator,
                    "_session_id": annotator,
                    **_structure(item, annotator, spans),
                }
                stream.write(dump_line(task))
                result.spans_written += len(spans)
    return result
