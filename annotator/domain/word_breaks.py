"""Words in scripts written without spaces: Chinese, Japanese, Thai, Lao, Khmer and Burmese.

A drag over such text must snap to words, and a space-based rule cannot find them. ICU's word breaker
does, from dictionaries made for these languages (the same ones browsers and operating systems use),
through ``icu4py``. ICU counts in UTF-16; the pieces it returns are measured here in code points.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

# How far around the place looked at the run of such text is segmented: words are far shorter.
REACH = 200


@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """Characters of scripts without spaces between words, and the marks that belong to them (compiled
    when a selection first needs them, so that start-up does not load the Unicode tables)."""
    import regex

    spaceless = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}ー々〆]")
    return spaceless, regex.compile(r"\p{M}")


def is_spaceless(char: str) -> bool:
    return bool(_patterns()[0].match(char))


def _in_run(char: str) -> bool:
    spaceless, mark = _patterns()
    return bool(spaceless.match(char) or mark.match(char))


def word_around(text: str, index: int) -> tuple[int, int]:
    """The word that holds ``text[index]`` (a character of a script without spaces), as [start, end)."""
    start = index
    while start > 0 and index - start < REACH and _in_run(text[start - 1]):
        start -= 1
    end = index + 1
    while end < len(text) and end - index < REACH and _in_run(text[end]):
        end += 1
    position = start
    for piece in _words(text[start:end]):
        if position <= index < position + len(piece):
            return position, position + len(piece)
        position += len(piece)
    return index, index + 1


@lru_cache(maxsize=64)
def _words(run: str) -> tuple[str, ...]:
    from icu4py.breakers import WordBreaker  # (loaded when a selection first needs it)

    pieces = tuple(WordBreaker(run, "und"))
    return pieces if "".join(pieces) == run else tuple(run)  # never a boundary that is not in the text
