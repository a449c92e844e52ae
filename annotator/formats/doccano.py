"""doccano sequence-labelling JSONL: ``{"id", "text", "label": [[start, end, "label"], ...], "meta"}``.

doccano's newer exports use ``"entities": [{"start_offset", "end_offset", "label"}]`` instead of
``label``; both are read. doccano records carry no span text and no annotator, so offsets cannot be checked
(read them with ``--offsets utf-16`` if the file came from a doccano version that counted UTF-16 units) and
spans are attributed to ``--annotator``. Annotator's own doccano export keeps who tagged what in
``meta.annotators`` (one name per entry of ``label``), which this reader uses when present.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    sorted_spans,
)
from annotator.formats.strict_json import iter_json_lines, validate

NAME = "doccano"
SUFFIXES = (".jsonl",)


class DoccanoEntity(BaseModel):
    model_config = ConfigDict(extra="ignore")

    start_offset: StrictInt = Field(ge=0)
    end_offset: StrictInt = Field(gt=0)
    label: StrictStr = Field(min_length=1)


class DoccanoRecord(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: StrictInt | StrictStr | None = None
    text: StrictStr
    label: list[tuple[StrictInt, StrictInt, StrictStr]] = Field(default_factory=list)
    entities: list[DoccanoEntity] = Field(default_factory=list)
    meta: dict[str, Any] = Field(default_factory=dict)


def read(path: Path, options: ReadOptions) -> ReadResult:
    result = ReadResult()
    for line, value in iter_json_lines(path, options.encoding):
        if isinstance(value, Rejection):
            result.rejections.append(value)
            continue
        record = validate(DoccanoRecord, value, path, line)
        if isinstance(record, Rejection):
            result.rejections.append(record)
            continue
        annotators = _annotators(record)
        spans = [
            ParsedSpan(
                start, end, label, annotator=annotators[i] if annotators else None, field=f"label[{i}]"
            )
            for i, (start, end, label) in enumerate(record.label)
        ]
        spans += [
            ParsedSpan(e.start_offset, e.end_offset, e.label, field=f"entities[{i}]")
            for i, e in enumerate(record.entities)
        ]
        title = record.meta.get("title")
        source = record.meta.get("source")
        result.documents.append(
            ParsedDocument(
                path=path,
                line=line,
                text=record.text,
                title=title if isinstance(title, str) and title else guess_title(record.text, path.stem),
                source=source if isinstance(source, str) and source else f"{path}:{line}",
                spans=tuple(spans),
                id=str(record.id) if record.id is not None else None,
            )
        )
    return result


def _annotators(record: DoccanoRecord) -> list[str] | None:
    names = record.meta.get("annotators")
    if (
        isinstance(names, list)
        and len(names) == len(record.label)
        and all(isinstance(n, str) and n for n in names)
    ):
        return names
    return None


def write(target: Path, documents: Iterable[ExportDocument]) -> WriteResult:
    result = WriteResult()
    with target.open("w", encoding="utf-8", newline="\n") as stream:
        for item in documents:
            spans = sorted_spans(item.spans)
            document = item.document
            record = {
                "id": document.id,
                "text": document.text,
                "label": [[s.start, s.end, s.label] for s in spans],
                "meta": {
                    "title": document.title,
                    "source": document.source,
                    "sha256": document.sha256,
                    "annotators": [s.annotator for s in spans],
                },
            }
            stream.write(dump_line(record))
            result.spans_written += len(spans)
    return result
