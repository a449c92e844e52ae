"""Rules that tie a span to its document text."""

from __future__ import annotations

import unicodedata

from annotator.domain.errors import SpanError
from annotator.domain.word_breaks import is_spaceless, word_around


def check_range(text: str, start: int, end: int) -> None:
    """Raise SpanError unless ``0 <= start < end <= len(text)``."""
    check_offsets(len(text), start, end)


def check_offsets(length: int, start: int, end: int) -> None:
    """Raise SpanError unless ``0 <= start < end <= length``."""
    if not 0 <= start < end <= length:
        raise SpanError(
            f"span [{start}, {end}) does not fit a text of {length} characters"
            if start < end
            else f"span [{start}, {end}) is empty or reversed"
        )


def span_text(text: str, start: int, end: int) -> str:
    check_range(text, start, end)
    return text[start:end]


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a range outwards to whole words and trim surrounding whitespace.

    A sloppy drag over "scend 910" becomes "Ascend 910B". Word characters are letters, digits and
    the joiners that appear inside names (``-``, ``'``, ``’``, ``.`` between word characters). In
    Chinese, Japanese, Thai and other scripts without spaces, words come from ``word_breaks``.
    """
    check_range(text, start, end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise SpanError("the selection contains only whitespace")
    # Chinese, Japanese, Thai...: words from a segmenter made for them.
    if is_spaceless(text[start]):
        start = word_around(text, start)[0]
    if is_spaceless(text[end - 1]):
        end = word_around(text, end - 1)[1]
    while start > 0 and _inside_word(text, start - 1):
        start -= 1
    while end < len(text) and _inside_word(text, end):
        end += 1
    return start, end


_JOINERS = "-'’._"


def _inside_word(text: str, index: int) -> bool:
    char = text[index]
    if is_spaceless(char):
        return False  # words there come from the segmenter, never from spaces
    if char.isalnum() or char == "\u200d" or unicodedata.category(char).startswith("M"):
        return True
    if char in _JOINERS:
        before = index > 0 and text[index - 1].isalnum()
        after = index + 1 < len(text) and text[index + 1].isalnum()
        return before and after
    return False
