"""The records Annotator works with, as pydantic models shared by storage, formats, services and UI."""

from __future__ import annotations

import os
import re
import unicodedata
import uuid
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Our document ids are UUID4 hex. An id from any file is kept only when it has this form: ids become file
# names in exports, so nothing else (a path, "..", a separator) may ever become one.
_DOCUMENT_ID = re.compile(r"^[0-9a-f]{32}$")
# Control, format (zero-width, bidirectional overrides) and line/paragraph separator characters: in a
# label name they make one label display as another, or reorder the text around it.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def new_span_id() -> str:
    """A random (version 4) UUID in its canonical text form, as ``str(uuid.uuid4())`` writes it.

    An import makes one for every span its file gives no id: they are made from one read of random bytes
    for many at a time, which took half as long as a read and a ``UUID`` object for each."""
    if not _span_ids:
        _span_ids.extend(_random_uuids(_SPAN_IDS_AT_ONCE))
    return _span_ids.pop()


_SPAN_IDS_AT_ONCE = 256
_span_ids: list[str] = []
# A forked process starts with its parent's ids made ahead: it must not hand the same ones out.
os.register_at_fork(after_in_child=_span_ids.clear)
# Byte maps that set a random byte's top bits to UUID version 4 (byte 6) and the RFC 4122 variant (byte 8).
_AS_VERSION = bytes(b & 0x0F | 0x40 for b in range(256))
_AS_VARIANT = bytes(b & 0x3F | 0x80 for b in range(256))
_UUID_GROUPS = re.compile("(.{8})(.{4})(.{4})(.{4})(.{12})")


def _random_uuids(count: int) -> list[str]:
    # All in C (byte maps, a regex split, joins): formatting each id in Python took twice as long.
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = raw[6::16].translate(_AS_VERSION)
    raw[8::16] = raw[8::16].translate(_AS_VARIANT)
    return list(map("-".join, _UUID_GROUPS.findall(raw.hex())))


def new_document_id() -> str:
    return uuid.uuid4().hex


def is_document_id(value: str) -> bool:
    """Whether ``value`` has the form of the ids this application gives documents."""
    return _DOCUMENT_ID.fullmatch(value) is not None


def invisible_characters(value: str) -> list[str]:
    """The characters of ``value`` that do not show as themselves, as ``U+202E RIGHT-TO-LEFT OVERRIDE``."""
    found = dict.fromkeys(c for c in value if unicodedata.category(c) in _INVISIBLE_CATEGORIES)
    return [f"U+{ord(c):04X} {unicodedata.name(c, 'control character')}" for c in found]


def utc_now() -> str:
    """Timestamps are ISO 8601 strings in UTC, so they sort and compare as text."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Label(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=64, description="Unique label name, as exported.")
    colour: str = Field(default="#9e9e9e", description="Highlight colour as #rrggbb.")
    hotkey: str = Field(default="", max_length=1, description="One key (1-9) that applies the label.")
    description: str = Field(default="", description="What the label means (Markdown).")
    position: int = Field(default=0, description="Order in the palette.")

    @field_validator("name")
    @classmethod
    def _name_is_trimmed(cls, value: str) -> str:
        if value != value.strip():
            raise ValueError("label names must not start or end with whitespace")
        invisible = invisible_characters(value)
        if invisible:
            raise ValueError(
                "label names must not contain invisible or control characters, which can make one label "
                f"look like another (found {', '.join(invisible)})"
            )
        return value

    @field_validator("colour")
    @classmethod
    def _colour_is_hex(cls, value: str) -> str:
        if not _COLOUR.match(value):
            raise ValueError("colour must look like #rrggbb")
        return value.lower()


class Document(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_document_id)
    title: str
    source: str = Field(default="", description="Where the text came from (a path or URL).")
    text: str = Field(description="Canonical text: newlines normalised, nothing else changed.")
    sha256: str
    created: str = Field(default_factory=utc_now)
    note: str = Field(default="", description="The analyst's note on the whole document.")


class DocumentStatus(StrEnum):
    """One annotator's progress on one document."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def display_name(self) -> str:
        return {"todo": "To do", "in_progress": "In progress", "done": "Done"}[self.value]


class DocumentSummary(BaseModel):
    """A document without its text, for lists: loading every article's text at start is never needed."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    source: str
    sha256: str
    length: int
    span_count: int
    status: DocumentStatus = DocumentStatus.TODO


class Span(BaseModel):
    """A labelled character range. Offsets are Python code points into the canonical text, end exclusive."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_span_id)
    document_id: str
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    label: str
    text: str = Field(description="text[start:end] at the time of tagging; checked on export.")
    annotator: str
    note: str = ""
    created: str = Field(default_factory=utc_now)
    updated: str = Field(default_factory=utc_now)

    @model_validator(mode="after")
    def _end_after_start(self) -> Span:
        if self.end <= self.start:
            raise ValueError(f"span end ({self.end}) must be greater than start ({self.start})")
        if len(self.text) != self.end - self.start:
            raise ValueError("span text length does not match its offsets")
        return self

    @property
    def length(self) -> int:
        return self.end - self.start
