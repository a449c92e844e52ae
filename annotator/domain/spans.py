"""Rules that tie a span to its document text."""

from __future__ import annotations

import unicodedata

from annotator.domain.errors import SpanError


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
    the joiners that appear inside names (``-``, ``'``, ``’``, ``.`` between word characters).
    """
    check_range(text, start, end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise SpanError("the selection contains only whitespace")
    while start > 0 and _inside_word(text, start - 1):
        start -= 1
    while end < len(text) and _inside_word(text, end):
        end += 1
    return start, end


_JOINERS = "-'’._"


def _is_ideograph(char: str) -> bool:
    # Chinese and Japanese are written without spaces: each character is its own unit for snapping.
    code = ord(char)
    return 0x3040 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF


def _inside_word(text: str, index: int) -> bool:
    char = text[index]
    if _is_ideograph(char):
        return False
    if char.isalnum() or char == "\u200d" or unicodedata.category(char).startswith("M"):
        return True
    if char in _JOINERS:
        before = index > 0 and text[index - 1].isalnum()
        after = index + 1 < len(text) and text[index + 1].isalnum()
        return before and after
    return False
