"""doccano JSONL, in the shapes doccano's versions write.

- sequence labelling: ``{"id", "text", "label": [[start, end, "label"], ...], "meta"}``;
- newer exports: ``"entities": [{"id", "start_offset", "end_offset", "label"}]`` with ``"relations"``;
- intent detection and slot filling: ``"entities": [[start, end, "label"], ...]`` with ``"cats"``;
- doccano 1.0: ``"annotations": [{"label_name" (or a string "label"), "start_offset", "end_offset",
  "user_name"}]``;
- text classification: ``"label": ["positive", ...]`` (document labels, no spans).

Document labels (``cats``, classification labels) and relations have no place in the project yet: they
are counted in the report. doccano records carry no span text, so offsets cannot be checked (read them
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
    ParsedSpan,
    ReadOptions,
    ReadResult,
    Rejection,
    WriteResult,
    extra_kinds,
    read_all,
    sorted_spans,
)
from annotator.formats.strict_json import iter_json_lines, validate

NAME = "doccano"
SUFFIXES = (".jsonl",)


class DoccanoRecord(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: StrictInt | StrictStr | None = None
    text: StrictStr
    label: list[Any] = Field(default_factory=list)
    entities: list[Any] = Field(default_factory=list)
    annotations: list[Any] = Field(default_factory=list)
    meta: dict[str, Any] = Field(default_factory=dict)


class _Entry(BaseModel):
    """One span as an object, in any of doccano's spellings."""

    model_config = ConfigDict(extra="ignore")

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
        document_labels = 0
        problem: Rejection | None = None
        annotators = _parallel(record.meta.get("annotators"), len(record.label))
        notes = _parallel(record.meta.get("notes"), len(record.label))
        for key, entries in (
            ("label", record.label),
            ("entities", record.entities),
            ("annotations", record.annotations),
        ):
            for index, entry in enumerate(entries):
                where = f"{key}[{index}]"
                if isinstance(entry, str) and key == "label":
                    document_labels += 1  # text classification: a label of the whole document
                    continue
                span = _span(entry, path, line, where)
                if isinstance(span, Rejection):
                    problem = span
                    break
                if key == "label":
                    span = ParsedSpan(
                        span.start,
                        span.end,
                        span.label,
                        annotator=annotators[index] if annotators else None,
                        note=notes[index] if notes else "",
                        field=where,
                    )
                spans.append(span)
            if problem:
                break
        if problem:
            result.rejections.append(problem)
            continue
        counts = extra_kinds(value)
        counts["document labels"] += document_labels
        result.drop(path, counts)
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
            )
        )


def _span(entry: Any, path: Path, line: int, where: str) -> ParsedSpan | Rejection:
    if isinstance(entry, list):
        if len(entry) != 3:
            return Rejection(path, line, f"expected [start, end, label], got {entry!r:.60}", where)
        triple = validate(_Triple, dict(zip(("start", "end", "label"), entry, strict=True)), path, line)
        if isinstance(triple, Rejection):
            return Rejection(path, line, triple.message, f"{where}.{triple.field or ''}")
        return ParsedSpan(triple.start, triple.end, triple.label, field=where)
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
        checked.start_offset, checked.end_offset, label, annotator=checked.user_name, field=where
    )


def _parallel(values: Any, length: int) -> list[str] | None:
    if isinstance(values, list) and len(values) == length and all(isinstance(v, str) for v in values):
        return values
    return None


def write(target: Path, documents: Iterable[ExportDocument]) -> WriteResult:
    result = WriteResult()
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
            record = {
                "id": document.id,
                "text": document.text,
                "label": [[s.start, s.end, s.label] for s in spans],
                "meta": meta,
            }
            stream.write(dump_line(record))
            result.spans_written += len(spans)
    return result
