"""Term lists and patterns of a label: words and regular expressions that propose the label wherever they
occur. A term matches as a whole word (anywhere in Chinese), with its aliases; a pattern is a Python
regular expression whose whole match is proposed."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from annotator.domain.suggestions import occurrences

# A term found in the schema is a deliberate rule: proposed with this score (a pattern, looser, lower).
TERM_SCORE = 0.9
PATTERN_SCORE = 0.7


class RuleKind(StrEnum):
    TERM = "term"
    REGEX = "regex"


class TermRule(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int = 0
    label: str = Field(min_length=1)
    kind: RuleKind = RuleKind.TERM
    pattern: str = Field(min_length=1, description="The term itself, or a regular expression.")
    aliases: tuple[str, ...] = Field(default=(), description="Other spellings of a term.")
    case_sensitive: bool = False

    @field_validator("pattern")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a term or pattern must not be blank")
        return value

    @model_validator(mode="after")
    def _compiles(self) -> TermRule:
        if self.kind is RuleKind.REGEX:
            try:
                compiled = re.compile(self.pattern)
            except re.error as error:
                raise ValueError(f"'{self.pattern}' is not a valid regular expression ({error})") from error
            if compiled.match(""):
                raise ValueError(f"the pattern '{self.pattern}' matches empty text")
        return self

    def describe(self) -> str:
        if self.kind is RuleKind.REGEX:
            return f"pattern /{self.pattern}/ of {self.label}"
        return f"term '{self.pattern}' of {self.label}"


class RuleMatch(NamedTuple):
    start: int
    end: int
    rule: TermRule


def rule_matches(text: str, rule: TermRule) -> list[RuleMatch]:
    """Where ``rule`` matches ``text``."""
    found: list[RuleMatch] = []
    if rule.kind is RuleKind.REGEX:
        flags = 0 if rule.case_sensitive else re.IGNORECASE
        for match in re.finditer(rule.pattern, text, flags):
            if match.end() > match.start():
                found.append(RuleMatch(match.start(), match.end(), rule))
        return found
    for term in dict.fromkeys((rule.pattern, *rule.aliases)):
        for start in occurrences(text, term, ignore_case=not rule.case_sensitive):
            found.append(RuleMatch(start, start + len(term), rule))
    return found
