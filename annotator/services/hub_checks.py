"""Rows from the hub are checked like a colleague's file: every value through the same models and rules,
the text's hash recomputed, each span's text found at its offsets. A row that fails is not applied; the
message names the hub table and the row."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import ValidationError

from annotator.domain.adjudication import GOLD_LAYER, GoldSpan, SpanSource
from annotator.domain.errors import InputError
from annotator.domain.models import Document, DocumentStatus, Label, Span
from annotator.domain.text import canonical_text, text_sha256

T = TypeVar("T")


def _where(table: str, key: str) -> str:
    return f"hub table {table}, row {key}"


def failure(table: str, key: str, message: str) -> InputError:
    return InputError(message, path=_where(table, key))


def text_field(values: dict[str, Any], column: str, table: str, key: str) -> str:
    value = values.get(column)
    if not isinstance(value, str):
        raise failure(table, key, f"'{column}' is not text")
    return value


def checked_model(table: str, key: str, build: type[T], **fields: Any) -> T:
    try:
        return build(**fields)
    except (ValidationError, TypeError, ValueError) as error:
        first = str(error).splitlines()
        raise failure(table, key, first[-1].strip() if first else str(error)) from error


def document(values: dict[str, Any], document_id: str) -> Document:
    sha = text_field(values, "sha256", "documents", str(values.get("sha256")))
    text = text_field(values, "text", "documents", sha)
    if canonical_text(text) != text:
        raise failure("documents", sha, "the text is not canonical (a byte-order mark or \\r line ends)")
    if text_sha256(text) != sha:
        raise failure("documents", sha, "the text does not match its hash")
    title = text_field(values, "title", "documents", sha)
    if not title.strip():
        raise failure("documents", sha, "the title is empty")
    return checked_model(
        "documents",
        sha,
        Document,
        id=document_id,
        title=title,
        source=text_field(values, "source", "documents", sha),
        text=text,
        sha256=sha,
        created=text_field(values, "created", "documents", sha),
    )


def label(values: dict[str, Any]) -> Label:
    name = str(values.get("name"))
    return checked_model("labels", name, Label, **{k: values.get(k) for k in Label.model_fields})


def member_name(values: dict[str, Any], table: str, key: str) -> str:
    name = text_field(values, "annotator", table, key)
    if not name.strip() or name == GOLD_LAYER:
        raise failure(table, key, f"'{name}' cannot be an annotator's name")
    return name


def _at_offsets(table: str, key: str, text: str, start: int, end: int, found: str) -> None:
    if text[start:end] != found:
        raise failure(table, key, f"its text is not at offsets {start}-{end} of the article")


def span(values: dict[str, Any], document_id: str, document_text: str) -> Span:
    key = str(values.get("id"))
    built = checked_model(
        "spans",
        key,
        Span,
        **{k: values.get(k) for k in Span.model_fields if k != "document_id"},
        document_id=document_id,
    )
    member_name(values, "spans", key)
    _at_offsets("spans", key, document_text, built.start, built.end, built.text)
    return built


def status(values: dict[str, Any]) -> tuple[str, DocumentStatus]:
    key = f"{values.get('document')}/{values.get('annotator')}"
    name = member_name(values, "statuses", key)
    try:
        return name, DocumentStatus(str(values.get("status")))
    except ValueError as error:
        raise failure("statuses", key, f"unknown status {values.get('status')!r}") from error


def note(values: dict[str, Any]) -> str:
    return text_field(values, "note", "notes", f"{values.get('document')}/{values.get('annotator')}")


def gold(values: dict[str, Any], document_id: str, document_text: str) -> GoldSpan:
    key = str(values.get("id"))
    try:
        raw = json.loads(text_field(values, "sources", "gold_spans", key))
        sources = tuple(SpanSource(**item) for item in raw)
    except (ValueError, TypeError, ValidationError) as error:
        raise failure("gold_spans", key, "'sources' is not a list of {span_id, annotator}") from error
    fields = {k: values.get(k) for k in GoldSpan.model_fields if k not in ("document_id", "sources")}
    built = checked_model("gold_spans", key, GoldSpan, **fields, document_id=document_id, sources=sources)
    _at_offsets("gold_spans", key, document_text, built.start, built.end, built.text)
    return built


def _label_name(values: dict[str, Any], column: str, table: str, key: str) -> str:
    return checked_model(table, key, Label, name=text_field(values, column, table, key)).name


def rename(values: dict[str, Any]) -> tuple[str, str]:
    """(old name, new name) of a label's renaming."""
    key = str(values.get("id"))
    old = _label_name(values, "old_name", "label_renames", key)
    new = _label_name(values, "new_name", "label_renames", key)
    if old == new:
        raise failure("label_renames", key, "a label renamed to its own name")
    return old, new


def rejection(values: dict[str, Any], document_text: str) -> tuple[int, int, str, str, str]:
    """(start, end, label, decided_by, decided_at) of a rejected candidate, its offsets in the article."""
    start, end = values.get("start"), values.get("end")
    key = f"{values.get('document')}/{start}/{end}/{values.get('label')}"
    if not (type(start) is int and type(end) is int and 0 <= start < end <= len(document_text)):
        raise failure("gold_rejections", key, f"offsets {start}-{end} are not within the article")
    label = _label_name(values, "label", "gold_rejections", key)
    decided_by = text_field(values, "decided_by", "gold_rejections", key)
    return start, end, label, decided_by, text_field(values, "decided_at", "gold_rejections", key)


def review(values: dict[str, Any], states: tuple[str, ...]) -> tuple[str, str, str]:
    """(status, reviewer, updated) of an article's review."""
    key = str(values.get("document"))
    status = text_field(values, "status", "review_statuses", key)
    if status not in states:
        raise failure("review_statuses", key, f"unknown review status {status!r}")
    reviewer = text_field(values, "reviewer", "review_statuses", key)
    return status, reviewer, text_field(values, "updated", "review_statuses", key)
