"""Label Studio JSON: the task list Label Studio imports and exports, for a ``<Labels>`` over ``<Text>``.

Each task is ``{"id", "data": {"text": ...}, "annotations": [{"id", "result": [{"type": "labels",
"from_name", "to_name", "value": {"start", "end", "text", "labels": [...]}}]}]}``. One annotation per
annotator is written; the annotator's name goes in ``created_username`` (Label Studio fills
``completed_by`` with its own user ids on import, and refuses unknown ones, so it is not written). Task and
annotation ids are numbered from 1, as Label Studio's own exports and its converter expect.

Offsets: Label Studio's Text tag counts code points (its editor converts the browser's UTF-16 positions
with ``[...text]``; docs/formats.md gives the evidence), so they are written as code points; ``offsets=
utf-16`` writes UTF-16 code units for older versions. On import the stated ``value.text`` settles the
reading either way.

On import the annotator is taken from ``completed_by`` (an e-mail address when it is an object), else
``created_username``, else ``--annotator``. Label Studio 0.x files keep annotations under ``completions``;
they are read the same way. A region's ``meta.text`` (Label Studio's region note) is the span's note.

Structured annotation: ``relation`` results (``from_id``/``to_id``, ``labels`` for the type, ``direction``
``right``, ``left`` or ``bi``) are relations; ``choices``, ``textarea`` and ``number`` results that carry a
region's id are that span's attributes, named by their ``from_name`` (a yes/no attribute is written as
the choice ``true`` or ``false``, and read back as one); ``choices`` of the whole task are document labels
of the set named by their ``from_name``. Predictions, cancelled annotations, task-level text areas and
numbers and other result types are not imported; the report counts them by kind.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import accumulate, count
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from annotator.domain.models import Span
from annotator.domain.structure import AttributeValue
from annotator.domain.text import guess_title
from annotator.formats.json_array import iter_json_records
from annotator.formats.label_studio_structure import TO_NAME, attribute, attribute_result, structure_results
from annotator.formats.label_studio_structure import relations as relations_of
from annotator.formats.offset_readings import OffsetUnit
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
    read_all,
    sorted_spans,
)
from annotator.formats.strict_json import plain_offsets, validate

NAME = "label-studio"
SUFFIXES = (".json",)
FROM_NAME = "label"


class RegionValue(BaseModel):
    model_config = ConfigDict(extra="ignore")

    start: StrictInt = Field(ge=0)
    end: StrictInt = Field(gt=0)
    text: StrictStr | None = None
    labels: list[StrictStr] = Field(min_length=1)


class Result(BaseModel):
    # Kept, so that a task read through the models still has them: a relation result's from_id, to_id,
    # labels and direction are beside its type.
    model_config = ConfigDict(extra="allow")

    type: StrictStr
    value: dict[str, Any] = Field(default_factory=dict)
    id: StrictStr | None = None
    meta: dict[str, Any] = Field(default_factory=dict)
    from_name: StrictStr | None = None


class Annotation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    result: list[Result] = Field(default_factory=list)
    completed_by: StrictInt | StrictStr | dict[str, Any] | None = None
    created_username: StrictStr | None = None
    was_cancelled: StrictBool = False


class Task(BaseModel):
    model_config = ConfigDict(extra="ignore")

    data: dict[str, Any]
    annotations: list[Annotation] = Field(default_factory=list)
    # Label Studio 0.x's name for annotations.
    completions: list[Annotation] = Field(default_factory=list)
    predictions: list[Any] = Field(default_factory=list)


# What a result that is not a text span holds, for the report.
_RESULT_KINDS = {"textarea": "notes", "number": "document numbers"}
# Result types that hold a value of a region (an attribute of its span) when they carry its id.
_ATTRIBUTE_TYPES = ("choices", "textarea", "number")


def read(path: Path, options: ReadOptions) -> ReadResult:
    return read_all(stream, path, options)


def stream(path: Path, options: ReadOptions, result: ReadResult) -> Iterator[ParsedDocument]:
    """The task list's documents one at a time, the file read a block at a time (see ``json_array``)."""
    for line, value in iter_json_records(path, options.encoding):
        if isinstance(value, Rejection):
            result.rejections.append(value)
            continue
        # A task whose values are all of the types ``Task`` asks for is read as it is (building its models
        # took an eighth of reading a file); any other goes through the models, which say what is wrong.
        found = _plain_task(path, line, value)
        if found is None:
            checked = validate(Task, value, path, line)
            if isinstance(checked, Rejection):
                result.rejections.append(checked)
                continue
            found = _plain_task(path, line, checked.model_dump())
            assert found is not None, "a task its models accept is plain once they have filled it in"
        if isinstance(found, Rejection):
            result.rejections.append(found)
            continue
        text, title, source, document_id, (spans, relations, labels), skipped = found
        result.drop(path, skipped)
        yield ParsedDocument(
            path=path,
            line=line,
            text=text,
            title=title or guess_title(text, fallback=path.stem),
            source=source or f"{path}:{line}",
            spans=tuple(spans),
            id=document_id or None,
            record=value,
            relations=tuple(relations),
            document_labels=tuple(labels),
        )


Found = tuple[list[ParsedSpan], list[ParsedRelation], list[ParsedDocumentLabel]]
# A task's text, title, source, document id, what its annotations hold and what was left out.
TaskContent = tuple[str, str, str, str, Found, Counter[str]]


def _plain_task(path: Path, line: int, value: object) -> TaskContent | Rejection | None:
    """What the task holds, or why it cannot be imported; None when a value is not of the type the models
    ask for (``Task``, ``Annotation``, ``Result``)."""
    if type(value) is not dict:
        return None
    data, annotations = value.get("data"), value.get("annotations", [])
    completions, predictions = value.get("completions", []), value.get("predictions", [])
    if not (
        type(data) is dict
        and type(annotations) is list
        and type(completions) is list
        and type(predictions) is list
    ):
        return None
    text = _task_text(data)
    if text is None:
        return Rejection(path, line, "expected the task's text in data.text (a string)", "data.text")
    skipped: Counter[str] = Counter(predictions=len(predictions))
    key = "annotations" if annotations or not completions else "completions"
    found = _spans(path, line, key, annotations or completions, skipped)
    if found is None or isinstance(found, Rejection):
        return found
    return text, _string(data, "title"), _string(data, "source"), _string(data, "document_id"), found, skipped


def _spans(
    path: Path, line: int, key: str, annotations: list[Any], skipped: Counter[str]
) -> Found | Rejection | None:
    """The spans, relations and document labels of a task's annotations (dicts as the file gives them);
    None when a value is not of the type ``Annotation`` or ``Result`` asks for."""
    spans: list[ParsedSpan] = []
    relations: list[ParsedRelation] = []
    labels: list[ParsedDocumentLabel] = []
    for a, annotation in enumerate(annotations):
        if type(annotation) is not dict:
            return None
        cancelled, results = annotation.get("was_cancelled", False), annotation.get("result", [])
        who, username = annotation.get("completed_by"), annotation.get("created_username")
        if not (
            type(cancelled) is bool
            and type(results) is list
            and (who is None or type(who) in (int, str, dict))
            and (username is None or type(username) is str)
        ):
            return None
        if cancelled:
            skipped["cancelled annotations"] += 1
            continue
        annotator = _annotator(who, username)
        # Ids of the annotation's spans, for results that name one (looked up only when there are any).
        region_ids: set[object] | None = None
        attributes: dict[str, list[tuple[str, AttributeValue]]] = {}
        for r, region in enumerate(results):
            if type(region) is not dict:
                return None
            kind, value, region_id = region.get("type"), region.get("value", {}), region.get("id")
            meta, from_name = region.get("meta", {}), region.get("from_name")
            if not (
                type(kind) is str
                and type(value) is dict
                and type(meta) is dict
                and (region_id is None or type(region_id) is str)
                and (from_name is None or type(from_name) is str)
            ):
                return None
            where = f"{key}[{a}].result[{r}]"
            if kind == "labels":  # a text span: most results of a file, so looked at first
                offsets = plain_offsets(value.get("start"), value.get("end"))
                text, names = value.get("text"), value.get("labels")
                # Plainly valid values are taken as they are (validated one by one, regions took a third
                # of reading a file; a model, even unvalidated, as long again); any other is checked by
                # ``RegionValue``, which says what is wrong.
                if not (
                    offsets is not None
                    and (text is None or type(text) is str)
                    and type(names) is list
                    and names
                    and (type(names[0]) is str if len(names) == 1 else all(type(n) is str for n in names))
                ):
                    checked = validate(RegionValue, value, path, line)
                    if isinstance(checked, Rejection):
                        return Rejection(path, line, checked.message, f"{where}.value.{checked.field or ''}")
                    offsets, text, names = (checked.start, checked.end), checked.text, checked.labels
                note = meta.get("text") if meta else None
                note_text = "\n".join(n for n in note if isinstance(n, str)) if isinstance(note, list) else ""
                ref = f"{a}:{region_id}" if region_id else None
                # Relations and attributes name a region; a region of several labels is one span per
                # label, and they go with the first. Positional, in ParsedSpan's field order (start, end,
                # label, text, annotator, id, note, field, line, ref): keywords took twice as long.
                spans.append(
                    ParsedSpan(*offsets, names[0], text, annotator, region_id, note_text, where, None, ref)
                )
                if len(names) > 1:
                    spans += [
                        ParsedSpan(*offsets, name, text, annotator, region_id, note_text, where, None, None)
                        for name in names[1:]
                    ]
                continue
            if kind == "relation":
                relations += relations_of(region, f"{a}:", annotator, where)
                continue
            if region_ids is None:
                region_ids = {
                    other.get("id")
                    for other in results
                    if type(other) is dict and other.get("type") == "labels" and other.get("id")
                }
            if kind in _ATTRIBUTE_TYPES and region_id in region_ids:
                found = attribute(kind, value)
                if isinstance(found, str) and found.startswith("!"):
                    return Rejection(path, line, found[1:], where)
                attributes.setdefault(str(region_id), []).append((from_name or kind, found))
                continue
            if kind == "choices" and region_id not in region_ids:
                choices = value.get("choices")
                if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
                    return Rejection(path, line, "expected a list of choices", f"{where}.value.choices")
                name = from_name or "choices"
                labels += [ParsedDocumentLabel(name, choice, annotator) for choice in choices]
                continue
            skipped[_RESULT_KINDS.get(kind, f"{kind} results")] += 1
        if not attributes:
            continue
        for s, span in enumerate(spans):
            if span.ref is not None and span.ref.startswith(f"{a}:"):
                values = attributes.get(span.ref.removeprefix(f"{a}:"))
                if values:
                    spans[s] = span._replace(attributes=tuple(values))
    return spans, relations, labels


def _task_text(data: dict[str, Any]) -> str | None:
    text = data.get("text")
    if isinstance(text, str):
        return text
    strings = [v for v in data.values() if isinstance(v, str)]
    return strings[0] if len(strings) == 1 else None


def _string(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


_USERNAME_WITH_ID = re.compile(r"^\s*(.*?),\s*\d+\s*$")


def _annotator(who: object, username: str | None) -> str | None:
    """Whose annotation it is, from its ``completed_by`` and ``created_username``."""
    if isinstance(who, dict):
        for key in ("email", "username", "first_name"):
            if isinstance(who.get(key), str) and who[key].strip():
                return str(who[key]).strip()
    if isinstance(who, str) and who.strip():
        return who.strip()
    if username and username.strip():
        # Label Studio writes "email@example.com, 3": the address and the user id.
        match = _USERNAME_WITH_ID.match(username)
        return (match.group(1) if match else username).strip() or None
    if isinstance(who, int):
        return f"label-studio-user-{who}"
    return None


def task(
    item: ExportDocument,
    number: int = 1,
    unit: OffsetUnit = OffsetUnit.CODE_POINTS,
    annotation_ids: Iterator[int] | None = None,
) -> dict[str, Any]:
    """Task ``number`` (Label Studio's ids start at 1), its annotations numbered from ``annotation_ids``."""
    document = item.document
    annotation_ids = annotation_ids or count(1)
    # Code point -> UTF-16 position, built once per document (only when the two differ).
    utf16: list[int] | None = None
    if unit is OffsetUnit.UTF16 and any(ord(char) > 0xFFFF for char in document.text):
        utf16 = list(accumulate((2 if ord(char) > 0xFFFF else 1 for char in document.text), initial=0))
    by_annotator: dict[str, list[Span]] = {}
    for span in sorted_spans(item.spans):
        by_annotator.setdefault(span.annotator, []).append(span)
    for label in item.document_labels:  # an annotator may have labelled the document and tagged nothing
        by_annotator.setdefault(label.annotator, [])
    kinds = {(d.label, d.name): d.kind.value for d in item.structure.attributes}
    annotations = []
    for annotator in sorted(by_annotator):
        results = []
        for span in by_annotator[annotator]:
            start, end = span.start, span.end
            if utf16 is not None:
                start, end = utf16[start], utf16[end]
            region: dict[str, Any] = {
                "id": span.id,
                "from_name": FROM_NAME,
                "to_name": TO_NAME,
                "type": "labels",
                "origin": "manual",
                "value": {"start": start, "end": end, "text": span.text, "labels": [span.label]},
            }
            if span.note:
                region["meta"] = {"text": [span.note]}
            results.append(region)
            for name, value in sorted(item.attributes.get(span.id, {}).items()):
                choice = kinds.get((span.label, name)) == "choice"
                results.append(attribute_result(span.id, name, value, start, end, choice=choice))
        results += structure_results(item, annotator)
        annotations.append(
            {
                "id": next(annotation_ids),
                "result": results,
                "created_username": annotator,
                "was_cancelled": False,
            }
        )
    return {
        "id": number,
        "data": {
            "text": document.text,
            "title": document.title,
            "source": document.source,
            "document_id": document.id,
            "sha256": document.sha256,
        },
        "annotations": annotations,
        "predictions": [],
    }


def write(
    target: Path, documents: Iterable[ExportDocument], *, offsets: OffsetUnit = OffsetUnit.CODE_POINTS
) -> WriteResult:
    result = WriteResult()
    annotation_ids = count(1)
    with target.open("w", encoding="utf-8", newline="\n") as stream:
        stream.write("[")
        for index, item in enumerate(documents):
            stream.write(",\n" if index else "\n")
            # One task per line, compact: Python's json encodes indented output in Python, not C (it made
            # this writer 2.3 times slower than the JSONL one), and Label Studio's own export has no
            # indentation either.
            record = task(item, index + 1, offsets, annotation_ids)
            stream.write(json.dumps(record, ensure_ascii=False, allow_nan=False))
            result.spans_written += len(item.spans)
        stream.write("\n]\n")
    if offsets is OffsetUnit.UTF16:
        result.notes.append("Label Studio: offsets written as UTF-16 code units (--offsets utf-16)")
    return result
