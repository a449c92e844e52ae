"""Suggested spans: proposed by a source, shown apart from tags until the analyst accepts or rejects them.

Pure rules, no I/O: what a suggestion is, how a string's consistency becomes a score, and where a string
occurs in a text as a whole word (or anywhere, for Chinese, which has no spaces between words).
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class SuggestionSource(StrEnum):
    """Where suggestions come from; each source's suggestions are refreshed on their own."""

    STRINGS = "strings"  # strings already tagged, proposed at their other occurrences
    TERMS = "terms"  # term lists and patterns of the label schema
    MODEL = "model"  # a model trained on the project's spans
    IMPORTED = "imported"  # predictions read from a file

    @property
    def display_name(self) -> str:
        return {
            "strings": "tagged elsewhere",
            "terms": "term list",
            "model": "trained model",
            "imported": "imported predictions",
        }[self.value]


class Suggestion(BaseModel):
    """A proposed span. ``id`` is 0 until stored."""

    model_config = ConfigDict(frozen=True)

    id: int = 0
    document_id: str
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    label: str
    text: str
    source: SuggestionSource
    score: float = Field(ge=0.0, le=1.0)
    provenance: str = Field(default="", description="Why it was proposed, in words.")

    @model_validator(mode="after")
    def _consistent(self) -> Suggestion:
        if self.end <= self.start:
            raise ValueError(f"suggestion end ({self.end}) must be greater than start ({self.start})")
        if len(self.text) != self.end - self.start:
            raise ValueError("suggestion text length does not match its offsets")
        return self

    @property
    def key(self) -> tuple[str, int, int, str]:
        """What a tag, a rejection or another source's suggestion of the same thing shares."""
        return (self.document_id, self.start, self.end, self.label)


class Provenance(BaseModel):
    """Where an accepted span came from: kept with the span and exported with it."""

    model_config = ConfigDict(frozen=True)

    source: SuggestionSource
    score: float = Field(ge=0.0, le=1.0)
    provenance: str = ""
    accepted_at: str


def consistency_score(tagged_with_label: int, occurrences: int) -> float:
    """How consistently a string got a label where it occurs in tagged articles.

    One is added to the occurrences so that a string tagged once is not proposed with certainty: tagged
    once of once scores 0.5, four times of four 0.8, four of ten 0.36.
    """
    seen = max(occurrences, tagged_with_label)
    return round(tagged_with_label / (seen + 1), 4)


def is_cjk(character: str) -> bool:
    """Han, kana and hangul: scripts written without spaces between words."""
    name = unicodedata.name(character, "")
    return name.startswith(("CJK ", "HIRAGANA", "KATAKANA", "HANGUL"))


def _wordlike(character: str) -> bool:
    return (character.isalnum() or character == "_") and not is_cjk(character)


def whole_word_at(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is not part of a longer word (edges in Chinese always are words)."""
    if start > 0 and _wordlike(text[start]) and _wordlike(text[start - 1]):
        return False
    return not (end < len(text) and _wordlike(text[end - 1]) and _wordlike(text[end]))


def occurrences(text: str, needle: str, *, ignore_case: bool = False) -> list[int]:
    """Starts of every whole-word occurrence of ``needle`` in ``text`` (not overlapping each other)."""
    if not needle:
        return []
    flags = re.IGNORECASE if ignore_case else 0
    found = []
    for match in re.finditer(re.escape(needle), text, flags):
        if whole_word_at(text, match.start(), match.end()):
            found.append(match.start())
    return found
