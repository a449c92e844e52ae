"""The one place where Qt text positions meet Python offsets.

Qt counts UTF-16 code units and a paragraph break as one position; Annotator counts code points, end
exclusive. The canonical text has only ``\\n`` breaks (one unit either way), so the two differ only at
characters above U+FFFF, which take two UTF-16 units. A sorted list of those characters' positions
converts either way with one bisect.

This module is pure Python on purpose: it is tested exhaustively without a display.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Converts between code-point offsets into ``text`` and Qt (UTF-16) positions in a QTextDocument."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # Code-point offsets of astral characters, and where each one starts in UTF-16 units.
        self._astral = [match.start() for match in _ASTRAL.finditer(text)]  # a 1 MB text in milliseconds
        self._astral_qt = [offset + n for n, offset in enumerate(self._astral)]
        self.qt_length = self.length + len(self._astral)

    def to_qt(self, offset: int) -> int:
        """Code-point offset -> Qt position (offsets up to and including ``len(text)`` are valid)."""
        if not 0 <= offset <= self.length:
            raise ValueError(f"offset {offset} outside text of {self.length} characters")
        return offset + bisect_left(self._astral, offset)

    def from_qt(self, position: int, *, round_up: bool = False) -> int:
        """Qt position -> code-point offset.

        A position inside a surrogate pair (Qt allows the cursor there) snaps to the start of the
        character, or past it when ``round_up`` (use that for the end of a selection, so a selection
        never cuts an emoji in half).
        """
        if not 0 <= position <= self.qt_length:
            raise ValueError(f"position {position} outside document of {self.qt_length} units")
        before = bisect_right(self._astral_qt, position - 1)  # astral characters starting before position
        if before and self._astral_qt[before - 1] + 1 == position:  # between the two halves of a pair
            start = self._astral[before - 1]
            return start + 1 if round_up else start
        return position - before

    def range_from_qt(self, start: int, end: int) -> tuple[int, int]:
        """A Qt selection -> a code-point range covering every character the selection touches."""
        low, high = min(start, end), max(start, end)
        return self.from_qt(low), self.from_qt(high, round_up=True)

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)
