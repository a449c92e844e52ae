"""Predictions in files, read as suggestions rather than tags, and suggestions written back as predictions.

Read: a Label Studio task list (``.json``) gives each task's ``predictions`` (``result`` regions of type
``labels``; the score is the region's ``score``, else the prediction's, else 1); a JSONL file of Prodigy /
spaCy span data (``text`` and ``spans``, each span's score in ``score`` or ``meta.score``, else 1) gives its
spans. Offsets are code points; a region that gives its ``text`` is checked against it. Records are
validated strictly: a bad one names its file, line and field.

Write: Label Studio tasks with the text and one prediction per source, or Prodigy tasks (one JSON line per
article: ``text``, ``spans`` with ``score`` and ``source``, ``meta``), for teams that pre-annotate there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr

from annotator.domain.errors import InputError
from annotator.formats.json_array import read_json_records
from annotator.formats.records import Rejection
from annotator.formats.strict_json import iter_json_lines, validate

Score = StrictFloat | StrictInt


class _Region(BaseModel):
    model_config = ConfigDict(extra="ignore")

    start: StrictInt = Field(ge=0)
    end: StrictInt = Field(gt=0)
    text: StrictStr | None = None
    labels: list[StrictStr] = Field(min_length=1)


class _Result(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: StrictStr
    value: dict[str, Any] = Field(default_factory=dict)
    score: Score | None = Field(default=None, ge=0, le=1)


class _Prediction(BaseModel):
    model_config = ConfigDict(extra="ignore")

    result: list[_Result] = Field(default_factory=list)
    score: Score | None = Field(default=None, ge=0, le=1)
    model_version: StrictStr | int | None = None


class _Task(BaseModel):
    model_config = ConfigDict(extra="ignore")

    data: dict[str, Any]
    predictions: list[_Prediction] = Field(default_factory=list)


class _SpanMeta(BaseModel):
    model_config = ConfigDict(extra="ignore")

    score: Score | None = Field(default=None, ge=0, le=1)


class _Span(BaseModel):
    model_config = ConfigDict(extra="ignore")

    start: StrictInt = Field(ge=0)
    end: StrictInt = Field(gt=0)
    label: StrictStr = Field(min_length=1)
    text: StrictStr | None = None
    score: Score | None = Field(default=None, ge=0, le=1)
    meta: _SpanMeta = Field(default_factory=_SpanMeta)


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: StrictStr
    spans: list[_Span] = Field(default_factory=list)


@dataclass(frozen=True)
class PredictedSpan:
    start: int
    end: int
    label: str
    score: float
    origin: str  # the model version or the file, for the suggestion's provenance


@dataclass(frozen=True)
class PredictedText:
    text: str
    spans: tuple[PredictedSpan, ...]
    line: int


def read_predictions(path: Path) -> list[PredictedText]:
    """Every record's text and predicted spans; the first bad record raises InputError."""
    if path.suffix.lower() == ".json":
        return [_task(value, path, line) for line, value in read_json_records(path, "utf-8")]
    return [_record(value, path, line) for line, value in iter_json_lines(path, "utf-8")]


def _checked(value: Any, model: type[Any], path: Path, line: int, where: str = "") -> Any:
    if isinstance(value, Rejection):
        raise value.as_error()
    checked = validate(model, value, path, line)
    if isinstance(checked, Rejection):
        field = f"{where}.{checked.field}" if where and checked.field else (where or checked.field)
        raise InputError(checked.message, path=path, line=line, field=field)
    return checked


def _span(text: str, start: int, end: int, given: str | None, path: Path, line: int, where: str) -> None:
    if end > len(text) or start >= end:
        raise InputError(f"offsets [{start}, {end}) lie outside the text", path=path, line=line, field=where)
    if given is not None and text[start:end] != given:
        raise InputError(
            f"the text at [{start}, {end}) is {text[start:end]!r}, not {given!r}",
            path=path,
            line=line,
            field=where,
        )


def _task(value: Any, path: Path, line: int) -> PredictedText:
    task = _checked(value, _Task, path, line)
    text = task.data.get("text")
    if not isinstance(text, str):
        raise InputError(
            "expected the task's text in data.text (a string)", path=path, line=line, field="data.text"
        )
    spans = []
    for p, prediction in enumerate(task.predictions):
        origin = f"model {prediction.model_version}" if prediction.model_version is not None else path.name
        for r, result in enumerate(prediction.result):
            if result.type != "labels":
                continue
            where = f"predictions[{p}].result[{r}].value"
            region = _checked(result.value, _Region, path, line, where)
            _span(text, region.start, region.end, region.text, path, line, where)
            score = result.score if result.score is not None else prediction.score
            for label in region.labels:
                spans.append(
                    PredictedSpan(
                        region.start, region.end, label, float(1 if score is None else score), origin
                    )
                )
    return PredictedText(text, tuple(spans), line)


def _record(value: Any, path: Path, line: int) -> PredictedText:
    record = _checked(value, _Record, path, line)
    spans = []
    for s, span in enumerate(record.spans):
        _span(record.text, span.start, span.end, span.text, path, line, f"spans[{s}]")
        score = span.score if span.score is not None else span.meta.score
        spans.append(
            PredictedSpan(span.start, span.end, span.label, float(1 if score is None else score), path.name)
        )
    return PredictedText(record.text, tuple(spans), line)


@dataclass(frozen=True)
class SuggestedText:
    """An article and its open suggestions, grouped by source, for writing."""

    document_id: str
    title: str
    text: str
    by_source: Mapping[str, Sequence[tuple[int, int, str, float]]]


def label_studio_predictions(items: Iterable[SuggestedText]) -> tuple[str, int]:
    """Label Studio tasks with one prediction per source, as JSON; and how many regions they hold."""
    tasks = []
    regions = 0
    for item in items:
        predictions = []
        for source, spans in sorted(item.by_source.items()):
            result = [
                {
                    "id": f"s{number}",
                    "from_name": "label",
                    "to_name": "text",
                    "type": "labels",
                    "score": score,
                    "value": {"start": start, "end": end, "text": item.text[start:end], "labels": [label]},
                }
                for number, (start, end, label, score) in enumerate(spans)
            ]
            regions += len(result)
            score = min((s[3] for s in spans), default=0.0)
            predictions.append({"model_version": f"annotator-{source}", "score": score, "result": result})
        tasks.append(
            {
                "data": {"text": item.text, "title": item.title, "document_id": item.document_id},
                "predictions": predictions,
            }
        )
    return json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", regions


def prodigy_tasks(items: Iterable[SuggestedText]) -> tuple[list[str], int]:
    """One Prodigy task line per article, its suggestions as ``spans`` (with score and source)."""
    lines = []
    regions = 0
    for item in items:
        spans = sorted(
            (
                {
                    "start": start,
                    "end": end,
                    "label": label,
                    "text": item.text[start:end],
                    "score": score,
                    "source": source,
                }
                for source, found in item.by_source.items()
                for start, end, label, score in found
            ),
            key=lambda span: (span["start"], span["end"], span["label"], span["source"]),
        )
        regions += len(spans)
        task = {
            "text": item.text,
            "spans": spans,
            "meta": {"title": item.title, "document_id": item.document_id},
        }
        lines.append(json.dumps(task, ensure_ascii=False) + "\n")
    return lines, regions
