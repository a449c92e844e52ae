"""The one place where Qt text positions meet Python offsets.

Qt counts UTF-16 code units and a paragraph break as one position; Annotator counts code points, end
exclusive. The canonical text has only ``\\n`` breaks (one unit either way), so the two differ at
characters above U+FFFF, which take two UTF-16 units, and at the line breaks the view adds to very long
paragraphs (below). Sorted lists of both convert either way with a few bisects.

Qt lays out a paragraph as one unit, and the time that takes grows faster than its length: a 300 KB
paragraph without a line break took four seconds to show, a megabyte most of a minute. So a paragraph
longer than ``LONG_PARAGRAPH`` is shown in pieces of at most ``PIECE`` characters, each ending after a
space (or a CJK sentence mark) where there is one. The breaks exist only in the view: they are extra Qt
positions that no offset maps to, the text itself is unchanged, and copying gives the text as stored.

This module is pure Python on purpose: it is tested exhaustively without a display.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from itertools import pairwise

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
LONG_PARAGRAPH = 5000
PIECE = 4000
# Where a piece may end when it has no space: after a CJK sentence or clause mark.
_CJK_MARKS = "。！？；，、"
# Characters that belong to the one before them: a break never goes just before one of these.
_JOINERS = {"\u200d", "\u200c", "\ufe0e", "\ufe0f"}


def display_breaks(text: str, longest: int = LONG_PARAGRAPH, piece: int = PIECE) -> list[int]:
    """Offsets before which the view starts a new line, so that no paragraph it shows is over ``longest``.

    A long paragraph is cut into pieces of at most ``piece`` characters (and at least half that), after
    its last space, else after its last CJK mark, else between two characters that are not joined.
    """
    if len(text) <= longest:
        return []
    breaks: list[int] = []
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        cut = start
        while end - cut > longest:
            low, high = cut + piece // 2, cut + piece
            after = (
                text.rfind(" ", low, high) + 1 or max(text.rfind(mark, low, high) for mark in _CJK_MARKS) + 1
            )
            if not after or _joined(text, after):
                after = high
                while after > low and _joined(text, after):
                    after -= 1
            breaks.append(after)
            cut = after
        start = end + 1
    return breaks


def _joined(text: str, offset: int) -> bool:
    """Whether the characters either side of ``offset`` belong together (a mark, a joiner)."""
    char = text[offset]
    return unicodedata.combining(char) > 0 or char in _JOINERS or text[offset - 1] == "\u200d"


class OffsetMap:
    """Converts between code-point offsets into ``text`` and Qt (UTF-16) positions in a QTextDocument
    holding ``display_text``."""

    def __init__(self, text: str, longest: int = LONG_PARAGRAPH) -> None:
        self.length = len(text)
        # Code-point offsets of astral characters (a 1 MB text in milliseconds), and the breaks added.
        self._astral = [match.start() for match in _ASTRAL.finditer(text)]
        self._breaks = display_breaks(text, longest, min(PIECE, longest))
        # The Qt positions that no offset maps to: each astral character's second unit, each added break.
        self._astral_second = [self._qt(offset, end=False) + 1 for offset in self._astral]
        self._break_qt = [self._qt(offset, end=True) for offset in self._breaks]
        self.qt_length = self.length + len(self._astral) + len(self._breaks)
        self.display_text = _with_breaks(text, self._breaks)

    def _qt(self, offset: int, *, end: bool) -> int:
        # An offset where a break was added is the end of the line before it, or the start of the next.
        breaks = bisect_left(self._breaks, offset) if end else bisect_right(self._breaks, offset)
        return offset + bisect_left(self._astral, offset) + breaks

    def to_qt(self, offset: int) -> int:
        """Code-point offset -> Qt position (offsets up to and including ``len(text)`` are valid).

        Where the view added a break, this is the start of the line after it; see ``to_qt_end``."""
        self._check(offset)
        return self._qt(offset, end=False)

    def to_qt_end(self, offset: int) -> int:
        """The Qt position where a range ending at ``offset`` ends: before a break the view added there."""
        self._check(offset)
        return self._qt(offset, end=True)

    def _check(self, offset: int) -> None:
        if not 0 <= offset <= self.length:
            raise ValueError(f"offset {offset} outside text of {self.length} characters")

    def from_qt(self, position: int, *, round_up: bool = False) -> int:
        """Qt position -> code-point offset.

        A position inside a surrogate pair (Qt allows the cursor there) snaps to the start of the
        character, or past it when ``round_up`` (use that for the end of a selection, so a selection
        never cuts an emoji in half). Either side of an added break is the same offset.
        """
        if not 0 <= position <= self.qt_length:
            raise ValueError(f"position {position} outside document of {self.qt_length} units")
        astral = bisect_left(self._astral_second, position)  # second units before ``position``
        offset = position - astral - bisect_left(self._break_qt, position)
        if astral < len(self._astral_second) and self._astral_second[astral] == position:
            start = offset - 1  # between the two halves of a pair: the character starts one unit back
            return start + 1 if round_up else start
        return offset

    def range_from_qt(self, start: int, end: int) -> tuple[int, int]:
        """A Qt selection -> a code-point range covering every character the selection touches."""
        low, high = min(start, end), max(start, end)
        return self.from_qt(low), self.from_qt(high, round_up=True)

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        qt_start = self.to_qt(start)
        return qt_start, max(self.to_qt_end(end), qt_start)


def _with_breaks(text: str, breaks: list[int]) -> str:
    if not breaks:
        return text
    bounds = [0, *breaks, len(text)]
    return "\n".join(text[a:b] for a, b in pairwise(bounds))
