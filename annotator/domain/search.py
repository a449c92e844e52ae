"""Finding text: what a search query means, where a string occurs in a text, and context snippets.

The query syntax users can type (in the corpus search box):

* plain words: every word must appear, in any order and in the title or the text (``huawei chips``);
* ``"quoted phrases"``: the exact sequence, spaces included (``"Ascend 910B"``);
* case is ignored, and a word also matches inside longer words (``chip`` finds "chips"), so Chinese,
  written without spaces, is found by any substring (``投資``); only a word of one or two letters or
  digits (``AI``, ``5G``) must stand on its own, or "AI" would be found in "said" and "against";
* nothing else is special: ``AND``, ``OR``, ``NOT``, ``*``, ``-``, ``:`` and brackets are searched for as
  they are, and a quote without its closing partner runs to the end of the query.

Everything here works on Python strings, so offsets are code points, end exclusive, like everywhere else.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

# Chinese and Japanese are written without spaces, so an ideograph never needs a word boundary next to it.
_UNSPACED = ((0x3040, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
# Characters that would break a one-line snippet; each is replaced by one space (offsets stay valid).
_LINE_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u2028": " ", "\u2029": " ", "\x0b": " "})


class Snippet(NamedTuple):
    """A line of context with the match at ``text[emphasis_start:emphasis_end]``."""

    text: str
    emphasis_start: int
    emphasis_end: int


def parse_query(query: str) -> list[str]:
    """The terms of a query: words and quoted phrases, each to be found as it is (case ignored).

    Repeated terms are kept once; blank phrases are dropped.
    """
    terms: list[str] = []
    seen: set[str] = set()
    parts = query.split('"')
    # Between the quotes (odd positions) is a phrase; a last unmatched quote opens a phrase to the end.
    for position, part in enumerate(parts):
        pieces = [part.strip()] if position % 2 else part.split()
        for piece in pieces:
            key = piece.casefold()
            if piece and key not in seen:
                seen.add(key)
                terms.append(piece)
    return terms


@lru_cache(maxsize=8192)  # asked for every character around every occurrence of a short word
def _is_word_char(char: str) -> bool:
    code = ord(char)
    if any(low <= code <= high for low, high in _UNSPACED):
        return False
    return char.isalnum() or char in "_\u200d" or unicodedata.category(char).startswith("M")


def _is_boundary(text: str, position: int) -> bool:
    """Whether a word may start or end at ``position`` (between ``text[position - 1]`` and it)."""
    if position <= 0 or position >= len(text):
        return True
    return not (_is_word_char(text[position - 1]) and _is_word_char(text[position]))


def find_in_text(
    text: str,
    needle: str,
    *,
    case_sensitive: bool = False,
    whole_words: bool = False,
    limit: int | None = None,
    lowered: str | None = None,
) -> list[tuple[int, int]]:
    """Every occurrence of ``needle`` in ``text`` (the first ``limit``), left to right, not overlapping,
    as code-point ranges.

    Ignoring case compares lower-case forms character by character, so offsets stay exact (``ß`` does
    not match ``ss``). ``whole_words`` keeps only occurrences that neither start nor end inside a word (a
    combining accent belongs to the letter before it; ideographs are words of their own, so they always
    qualify). ``lowered`` is ``text.lower()`` when the caller has it already (several needles, one text).
    """
    if not needle:
        return []
    if case_sensitive:
        return _scan(text, lambda at: _found(text.find(needle, at), len(needle)), whole_words, limit)
    haystack = text.lower() if lowered is None else lowered
    pattern = needle.lower()
    if len(haystack) == len(text) and len(pattern) == len(needle):
        return _scan(text, lambda at: _found(haystack.find(pattern, at), len(pattern)), whole_words, limit)
    # A character whose lower case is longer (İ) would shift offsets: compare one by one instead.
    expression = re.compile(re.escape(needle), re.IGNORECASE)

    def search(at: int) -> tuple[int, int] | None:
        match = expression.search(text, at)
        return match.span() if match else None

    return _scan(text, search, whole_words, limit)


def _found(start: int, length: int) -> tuple[int, int] | None:
    return None if start == -1 else (start, start + length)


def _scan(
    text: str, search: Callable[[int], tuple[int, int] | None], whole_words: bool, limit: int | None
) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    position = 0
    while limit is None or len(found) < limit:
        occurrence = search(position)
        if occurrence is None:
            break
        start, end = occurrence
        if not whole_words or (_is_boundary(text, start) and _is_boundary(text, end)):
            found.append(occurrence)
            position = end
        else:
            # A rejected occurrence may overlap an acceptable one that starts later ("aa" in "aaa a").
            position = start + 1
    return found


# Terms shorter than this are words of their own when made of word characters (see the module docstring).
SHORT_TERM = 3


@lru_cache(maxsize=1024)  # asked for every term in every text searched
def stands_alone(term: str) -> bool:
    """Whether ``term`` is a short word that must stand on its own to be found (see the module docstring)."""
    return len(term) < SHORT_TERM and all(_is_word_char(char) for char in term)


def find_term(
    text: str, term: str, *, limit: int | None = None, lowered: str | None = None
) -> list[tuple[int, int]]:
    """Occurrences of one query term in ``text``, as the query syntax defines them (case ignored)."""
    return find_in_text(text, term, whole_words=stands_alone(term), limit=limit, lowered=lowered)


def contains_all(
    texts: Sequence[str], terms: Sequence[str], *, lowered: Sequence[str | None] | None = None
) -> bool:
    """Whether every term occurs in at least one of ``texts``. ``lowered`` holds ``text.lower()`` for
    those of them the caller has already lowered (None for the others)."""
    known = lowered if lowered is not None else [None] * len(texts)
    folded = [(text, text.lower() if low is None else low) for text, low in zip(texts, known, strict=True)]
    return all(
        any(find_term(text, term, limit=1, lowered=lowered) for text, lowered in folded) for term in terms
    )


def find_terms(
    text: str, terms: Sequence[str], *, limit: int | None = None, lowered: str | None = None
) -> list[tuple[int, int]]:
    """Occurrences of any of ``terms``, in text order; overlapping ones are merged (``lowered``: as in
    ``find_in_text``)."""
    lowered = text.lower() if lowered is None else lowered
    ranges = sorted(r for term in terms for r in find_term(text, term, lowered=lowered))
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged if limit is None else merged[:limit]


def snippet(text: str, start: int, end: int, *, context: int = 40, longest_match: int = 80) -> Snippet:
    """One line of ``text`` around ``text[start:end]``: ``context`` characters on each side.

    Cuts are moved to a space when one is near (so words are not chopped) and marked with "…"; line
    breaks and tabs become spaces. A match longer than ``longest_match`` is shortened in the middle.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    left = max(0, start - context)
    right = min(len(text), end + context)
    if left > 0:
        space = text.find(" ", left, min(start, left + context // 3))
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", max(end, right - context // 3), right)
        right = space if space != -1 else right
    match = text[start:end]
    if len(match) > longest_match:
        half = longest_match // 2
        match = match[:half] + "…" + match[-half:]
    before = ("…" if left > 0 else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    line = (before + match + after).translate(_LINE_BREAKS)
    return Snippet(line, len(before), len(before) + len(match))
