"""Structured annotation beyond spans: relations between spans, span attributes, an entity list to link
spans to, and labels of whole documents. The schema part (what may be recorded) and the records."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from annotator.domain.models import Label, new_span_id, utc_now

# A value of a span attribute: a choice or free text or an entity's canonical name (str), yes/no (bool),
# a number (float; whole numbers stay int so they export as written).
AttributeValue = bool | int | float | str


def _checked_name(value: str) -> str:
    # The same rules as a label name: they are shown in the same places and exported the same ways.
    Label(name=value)
    return value


class RelationType(BaseModel):
    """A kind of link between two spans of one article ("supplies", "same company")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    colour: str = Field(default="#607d8b", pattern=r"^#[0-9a-fA-F]{6}$")
    directed: bool = Field(default=True, strict=True, description="False: symmetric, its spans in any order.")
    hotkey: str = Field(default="", max_length=1, description="The key that picks this type.")
    # Empty: any label may be the source (target).
    source_labels: tuple[str, ...] = ()
    target_labels: tuple[str, ...] = ()
    position: int = 0

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return _checked_name(value)

    def refusal(self, source_label: str, target_label: str) -> str | None:
        """Why this type cannot link a span of ``source_label`` to one of ``target_label`` (None: it can)."""
        pairs = [(source_label, target_label)]
        if not self.directed:
            pairs.append((target_label, source_label))
        for source, target in pairs:
            if (not self.source_labels or source in self.source_labels) and (
                not self.target_labels or target in self.target_labels
            ):
                return None
        sources = "/".join(self.source_labels) or "any label"
        targets = "/".join(self.target_labels) or "any label"
        allowed = f"from {sources} to {targets}"
        return f"a '{self.name}' relation goes {allowed}, not from {source_label} to {target_label}"


class AttributeKind(StrEnum):
    CHOICE = "choice"
    BOOLEAN = "boolean"
    NUMBER = "number"
    TEXT = "text"
    ENTITY = "entity"  # a link to an entry of the project's entity list, stored as its canonical name


class AttributeDefinition(BaseModel):
    """An attribute a label's spans may carry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    name: str = Field(min_length=1, max_length=64)
    kind: AttributeKind
    choices: tuple[str, ...] = ()
    hotkey: str = Field(default="", max_length=1)
    position: int = 0

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return _checked_name(value)

    @model_validator(mode="after")
    def _choices_fit(self) -> AttributeDefinition:
        if self.kind is AttributeKind.CHOICE and not self.choices:
            raise ValueError(f"attribute '{self.name}' is a choice and needs a list of choices")
        if self.kind is not AttributeKind.CHOICE and self.choices:
            raise ValueError(f"attribute '{self.name}' is {self.kind.value}: only a choice has choices")
        if len(set(self.choices)) != len(self.choices):
            raise ValueError(f"attribute '{self.name}' lists a choice twice")
        return self

    def checked(self, value: object) -> AttributeValue:
        """``value`` as this attribute stores it, or ValueError saying what was expected."""
        kind = self.kind
        if kind is AttributeKind.BOOLEAN:
            if isinstance(value, bool):
                return value
            raise ValueError(f"'{self.name}' is yes/no (true or false), not {value!r}")
        if kind is AttributeKind.NUMBER:
            if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
                raise ValueError(f"'{self.name}' is a number, not {value!r}")
            if isinstance(value, float) and value in (float("inf"), float("-inf")):
                raise ValueError(f"'{self.name}' is a finite number, not {value!r}")
            return value
        if not isinstance(value, str) or not value:
            raise ValueError(f"'{self.name}' is {kind.value} and needs a text value, not {value!r}")
        if kind is AttributeKind.CHOICE and value not in self.choices:
            raise ValueError(f"'{self.name}' is one of {', '.join(self.choices)}, not {value!r}")
        return value


class DocumentLabelSet(BaseModel):
    """Labels of a whole article ("topic", "stance"): one of the choices, or any number of them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    choices: tuple[str, ...] = Field(min_length=1)
    multiple: bool = Field(default=False, strict=True)
    # One key per choice, in order ("" for none); applied with the document-label key.
    hotkeys: tuple[str, ...] = ()
    position: int = 0

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return _checked_name(value)

    @field_validator("choices")
    @classmethod
    def _choices(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for choice in value:
            _checked_name(choice)
        if len(set(value)) != len(value):
            raise ValueError("a choice is listed twice")
        return value


class Entity(BaseModel):
    """An entry of the project's entity list: a canonical name and the other names it goes by."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    name: str = Field(min_length=1, max_length=200)
    aliases: tuple[str, ...] = ()
    description: str = ""

    @field_validator("name")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        if value != value.strip():
            raise ValueError("entity names must not start or end with whitespace")
        return value

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(dict.fromkeys(alias.strip() for alias in value if alias.strip()))
        return cleaned

    def matches(self, query: str) -> bool:
        wanted = query.casefold().strip()
        return any(wanted in name.casefold() for name in (self.name, *self.aliases))


class Relation(BaseModel):
    """A typed link from one span to another of the same article, made by one annotator."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_span_id)
    document_id: str
    source_id: str
    target_id: str
    type: str
    annotator: str
    note: str = ""
    created: str = Field(default_factory=utc_now)
    updated: str = Field(default_factory=utc_now)

    @model_validator(mode="after")
    def _two_spans(self) -> Relation:
        if self.source_id == self.target_id:
            raise ValueError("a relation links two different spans")
        return self


class SpanAttribute(BaseModel):
    model_config = ConfigDict(frozen=True)

    span_id: str
    name: str
    value: AttributeValue


class DocumentLabel(BaseModel):
    """One annotator's label of a whole article, from one label set."""

    model_config = ConfigDict(frozen=True)

    document_id: str
    annotator: str
    label_set: str
    value: str


class StructureSchema(NamedTuple):
    """What a project lets analysts record beyond labelled spans."""

    relation_types: list[RelationType]
    attributes: list[AttributeDefinition]
    document_label_sets: list[DocumentLabelSet]

    @classmethod
    def empty(cls) -> StructureSchema:
        return cls([], [], [])

    def relation_type(self, name: str) -> RelationType | None:
        return next((t for t in self.relation_types if t.name == name), None)
