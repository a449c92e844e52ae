"""Reading a file's span offsets as Annotator's: code points into the canonical text, end exclusive.

Other tools count differently. JavaScript-based ones (doccano, old Label Studio) count UTF-16 code units,
so every character above U+FFFF (emoji, CJK Extension B) shifts later spans by one. Tools that read text
with universal newlines count ``\\r\\n`` as one character while others count two. When a record states a
span's text, the offsets are read in the stated unit first; if ``text[start:end]`` does not match, the
other readings are tried and exactly one distinct match is accepted (and named, so the import report can
say so). Without a stated text nothing can be checked, so only the stated unit is used.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

from annotator.domain.text import canonical_text

_BOM = "\ufeff"


class OffsetUnit(StrEnum):
    CODE_POINTS = "code-points"
    UTF16 = "utf-16"


class OffsetProblem(ValueError):
    """The offsets cannot be read in any way that fits the text."""


class Reading(NamedTuple):
    start: int
    end: int
    # None when the offsets were read as stated; else how they had to be read.
    how: str | None = None


_AS_CODE_POINTS = "code points"
_AS_UTF16 = "UTF-16 code units"
_AS_CRLF = "code points with \\r\\n counted as two characters"
_AS_UTF16_CRLF = "UTF-16 code units with \\r\\n counted as two"


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetReader:
    """All readings of offsets into one record's text. Build one per document; maps are built lazily."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = canonical_text(original)
        self.has_crlf = self.text != original
        self.has_astral = not original.isascii() and _ASTRAL.search(original) is not None
        self._utf16: dict[int, int] | None = None
        self._utf16_original: dict[int, int] | None = None
        self._original_to_text: list[int | None] | None = None

    def covers_as_stated(self, start: int, end: int, expected: str) -> bool:
        """Whether ``[start, end)`` in code points covers exactly ``expected``: the common case, which
        needs no other reading (asked once per span of a file, so kept to a slice and a comparison)."""
        return 0 <= start < end <= len(self.text) and self.text[start:end] == expected

    def read(
        self,
        start: int,
        end: int,
        *,
        expected: str | None,
        unit: OffsetUnit = OffsetUnit.CODE_POINTS,
        flatten_newlines: bool = False,
    ) -> Reading:
        if (
            unit is OffsetUnit.CODE_POINTS
            and not flatten_newlines
            and expected is not None
            and self.covers_as_stated(start, end, expected)
        ):
            return Reading(start, end)
        unit = OffsetUnit(unit)  # also accepts the option's plain string
        primary = _AS_CODE_POINTS if unit is OffsetUnit.CODE_POINTS else _AS_UTF16
        stated = self._convert(primary, start, end)
        if expected is None:
            if stated is None:
                raise OffsetProblem(self._does_not_fit(start, end, unit))
            return Reading(*stated)
        if stated is not None and self._matches(stated, expected, flatten_newlines):
            return Reading(*stated)
        matches: dict[tuple[int, int], str] = {}
        for how in (_AS_CODE_POINTS, _AS_UTF16, _AS_CRLF, _AS_UTF16_CRLF):
            if how == primary or (how in (_AS_CRLF, _AS_UTF16_CRLF) and not self.has_crlf):
                continue
            converted = self._convert(how, start, end)
            if converted is not None and self._matches(converted, expected, flatten_newlines):
                matches.setdefault(converted, how)
        if len(matches) == 1:
            ((found, how),) = matches.items()
            return Reading(found[0], found[1], how)
        shown = repr(self.text[stated[0] : stated[1]]) if stated is not None else "outside the text"
        if matches:
            raise OffsetProblem(
                f"span [{start}, {end}) should cover {expected!r} but is {shown}, and several readings of "
                f"its offsets match ({', '.join(sorted(set(matches.values())))}); fix the offsets"
            )
        raise OffsetProblem(
            f"span [{start}, {end}) should cover {expected!r} but is {shown} "
            "(also tried UTF-16 and \\r\\n-counting readings of the offsets)"
        )

    def _matches(self, span: tuple[int, int], expected: str, flatten_newlines: bool) -> bool:
        found = self.text[span[0] : span[1]]
        if flatten_newlines:
            return found.replace("\n", " ") == expected.replace("\n", " ")
        return found == expected

    def _does_not_fit(self, start: int, end: int, unit: OffsetUnit) -> str:
        if end <= start or start < 0:
            return f"span [{start}, {end}) is empty or reversed; expected start < end"
        message = f"span [{start}, {end}) does not fit a text of {len(self.text)} characters"
        if unit is OffsetUnit.CODE_POINTS and self._convert(_AS_UTF16, start, end) is not None:
            message += (
                "; it would fit if the offsets counted UTF-16 code units (as JavaScript-based tools do): "
                "try --offsets utf-16"
            )
        return message

    def _convert(self, how: str, start: int, end: int) -> tuple[int, int] | None:
        if start < 0 or end <= start:
            return None
        if how == _AS_CODE_POINTS:
            pair: tuple[int | None, int | None] = (start, end)
        elif how == _AS_UTF16:
            table = self._utf16_table()
            pair = (table.get(start), table.get(end))
        elif how == _AS_CRLF:
            pair = (self._from_original(start), self._from_original(end))
        else:
            table = self._utf16_original_table()
            pair = (self._from_original(table.get(start)), self._from_original(table.get(end)))
        first, last = pair
        if first is None or last is None or not 0 <= first < last <= len(self.text):
            return None
        return first, last

    def _utf16_table(self) -> dict[int, int]:
        if self._utf16 is None:
            self._utf16 = _utf16_positions(self.text)
        return self._utf16

    def _utf16_original_table(self) -> dict[int, int]:
        if self._utf16_original is None:
            self._utf16_original = _utf16_positions(self.original)
        return self._utf16_original

    def _from_original(self, position: int | None) -> int | None:
        if position is None:
            return None
        if self._original_to_text is None:
            self._original_to_text = _original_positions(self.original)
        if not 0 <= position < len(self._original_to_text):
            return None
        return self._original_to_text[position]


def _utf16_positions(text: str) -> dict[int, int]:
    """UTF-16 position -> code-point offset, for every boundary between characters (not inside a pair)."""
    table: dict[int, int] = {}
    units = 0
    for index, char in enumerate(text):
        table[units] = index
        units += 2 if ord(char) > 0xFFFF else 1
    table[units] = len(text)
    return table


def _original_positions(original: str) -> list[int | None]:
    """Offset into the original text -> offset into its canonical text (None between \\r and \\n)."""
    mapping: list[int | None] = [None] * (len(original) + 1)
    index = 0
    canonical = 0
    if original.startswith(_BOM):
        mapping[0] = 0
        index = 1
    while index < len(original):
        mapping[index] = canonical
        if original.startswith("\r\n", index):
            index += 2
        else:
            index += 1
        canonical += 1
    mapping[len(original)] = canonical
    return mapping
