"""Re-anchoring spans when an article's text is replaced by a new version.

A span is moved only when its exact text is found in the new version at a place whose surroundings confirm
it; anything less certain is flagged for review, keeping the text that was tagged. Two kinds of evidence are
used, both on Python code points:

1. the diff of the two texts (lines first, then characters inside changed lines): a span inside an unchanged
   stretch moves with that stretch, provided a little of its surrounding text agrees as well;
2. a search for every occurrence of the span's text, scored by how much of the old surrounding text agrees
   on each side: the one best-scoring, well-confirmed occurrence wins, a tie is flagged.

The diff's placement is only taken when it is also the best-scoring occurrence: greedy diffs of repetitive
text can pair the wrong copies.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

# How many characters of surrounding text on each side are compared, and how far to look to break a tie.
CONTEXT = 32
WIDE_CONTEXT = 2_000
# The diff's placement stands when at least this many surrounding characters agree (both sides together).
DIFF_CONTEXT = 8
# A found occurrence stands when this many agree on each side, or this many on one side alone.
SEARCH_CONTEXT_BOTH = 8
SEARCH_CONTEXT_ONE = 24
# Character-level diffs are quadratic: changed blocks longer than this are left to the search.
CHAR_DIFF_LIMIT = 6_000
# A text occurring more often than this is not worth scoring one by one ("the", "a").
MAX_OCCURRENCES = 5_000


class AnchorStatus(StrEnum):
    UNCHANGED = "unchanged"
    MOVED = "moved"
    FLAGGED = "flagged"


@dataclass(frozen=True)
class Anchor:
    """A range to re-anchor: a span's id, its offsets into the old text and the text it covers."""

    id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Reanchored:
    """Where a range goes in the new text.

    A flagged range keeps its length and gets a best guess of its place (clamped into the new text when it
    fits), so that a reviewer starts near the right spot; its text no longer matches the document.
    """

    id: str
    status: AnchorStatus
    start: int
    end: int
    reason: str = ""


@dataclass(frozen=True)
class _Segment:
    """``old[old_start:old_start+length] == new[new_start:new_start+length]``."""

    old_start: int
    new_start: int
    length: int


class TextChange:
    """The unchanged stretches between an old and a new version of a text."""

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        self._segments = _equal_segments(old, new)
        self._starts = [segment.old_start for segment in self._segments]

    def map_inside_unchanged(self, start: int, end: int) -> int | None:
        """The new start of ``old[start:end]`` when the range lies in one unchanged stretch, else None."""
        segment = self._segment_at(start)
        if segment is None or end > segment.old_start + segment.length:
            return None
        return start - segment.old_start + segment.new_start

    def best_guess(self, position: int) -> int:
        """Where ``position`` of the old text most likely is in the new one (for flagged ranges)."""
        index = bisect.bisect_right(self._starts, position) - 1
        if index < 0:
            return min(position, len(self.new))
        segment = self._segments[index]
        if position < segment.old_start + segment.length:
            return position - segment.old_start + segment.new_start
        # In a changed stretch: its start in the new text, where the reviewer will find the new wording.
        return segment.new_start + segment.length

    def _segment_at(self, position: int) -> _Segment | None:
        index = bisect.bisect_right(self._starts, position) - 1
        if index < 0:
            return None
        segment = self._segments[index]
        return segment if position < segment.old_start + segment.length else None


def reanchor(old_text: str, new_text: str, anchors: Iterable[Anchor]) -> list[Reanchored]:
    """Place each range of ``old_text`` in ``new_text`` exactly, or flag it. Pure; order is kept."""
    change = TextChange(old_text, new_text)
    return [_reanchor_one(change, anchor) for anchor in anchors]


def _reanchor_one(change: TextChange, anchor: Anchor) -> Reanchored:
    old, new = change.old, change.new
    if old[anchor.start : anchor.end] != anchor.text:
        # Already out of step with its text (flagged before): it stays flagged, near where it was.
        return _flagged(change, anchor, "it was already waiting for review")
    occurrences = _occurrences(new, anchor.text)
    if not occurrences:
        return _flagged(change, anchor, "its text is not in the new version")
    if len(occurrences) > MAX_OCCURRENCES:
        return _flagged(change, anchor, f"its text occurs more than {MAX_OCCURRENCES} times")

    agreements = {position: _agreement(old, new, anchor, position, CONTEXT) for position in occurrences}
    if max(left + right for left, right in agreements.values()) < DIFF_CONTEXT:
        if len(occurrences) == 1:
            return _flagged(change, anchor, "the words around it changed, so its place is uncertain")
        return _flagged(
            change, anchor, f"its text occurs {len(occurrences)} times and the words around it changed"
        )
    winner = _best_placed(old, new, anchor, agreements)
    if winner is None:
        return _flagged(
            change, anchor, f"its text occurs in {len(occurrences)} equally likely places; which is unclear"
        )
    left, right = agreements[winner]
    if winner == change.map_inside_unchanged(anchor.start, anchor.end):
        return _placed(anchor, winner)
    if min(left, right) >= SEARCH_CONTEXT_BOTH or max(left, right) >= SEARCH_CONTEXT_ONE:
        return _placed(anchor, winner)
    return _flagged(change, anchor, "the words around it changed too much to place it with certainty")


def _best_placed(old: str, new: str, anchor: Anchor, agreements: dict[int, tuple[int, int]]) -> int | None:
    """The occurrence whose surroundings agree best with the old ones; None when several tie."""
    best = max(left + right for left, right in agreements.values())
    top = [position for position, (left, right) in agreements.items() if left + right == best]
    if len(top) > 1:
        # Repeated passages agree equally near the span: look further out before calling it a tie.
        wide = {position: sum(_agreement(old, new, anchor, position, WIDE_CONTEXT)) for position in top}
        widest = max(wide.values())
        top = [position for position in top if wide[position] == widest]
    return top[0] if len(top) == 1 else None


def _placed(anchor: Anchor, start: int) -> Reanchored:
    status = AnchorStatus.UNCHANGED if start == anchor.start else AnchorStatus.MOVED
    return Reanchored(anchor.id, status, start, start + len(anchor.text))


def _flagged(change: TextChange, anchor: Anchor, reason: str) -> Reanchored:
    length = anchor.end - anchor.start
    start = change.best_guess(anchor.start)
    start = max(0, min(start, len(change.new) - length))
    return Reanchored(anchor.id, AnchorStatus.FLAGGED, start, start + length, reason)


def _occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    position = text.find(needle)
    while position != -1 and len(found) <= MAX_OCCURRENCES:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _agreement(old: str, new: str, anchor: Anchor, position: int, cap: int) -> tuple[int, int]:
    """How many characters before and after agree (up to ``cap``; both at the text's edge counts as all)."""
    end = position + len(anchor.text)
    before_old = old[max(0, anchor.start - cap) : anchor.start]
    left = _common_suffix(before_old, new[max(0, position - cap) : position])
    if left == anchor.start == position:
        left = cap
    right = _common_prefix(old[anchor.end : anchor.end + cap], new[end : end + cap])
    if anchor.end + right == len(old) and end + right == len(new):
        right = cap
    return left, right


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_suffix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        count += 1
    return count


def _equal_segments(old: str, new: str) -> list[_Segment]:
    """Unchanged stretches, in order: equal lines, and equal characters inside short changed blocks."""
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    old_offsets = _line_offsets(old_lines)
    new_offsets = _line_offsets(new_lines)
    segments: list[_Segment] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        a, b = old_offsets[i1], new_offsets[j1]
        length_old, length_new = old_offsets[i2] - a, new_offsets[j2] - b
        if tag == "equal":
            segments.append(_Segment(a, b, length_old))
        elif tag == "replace" and max(length_old, length_new) <= CHAR_DIFF_LIMIT:
            segments.extend(_char_segments(old[a : a + length_old], new[b : b + length_new], a, b))
    return _merged(segments)


def _char_segments(old: str, new: str, old_base: int, new_base: int) -> list[_Segment]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [
        _Segment(old_base + block.a, new_base + block.b, block.size)
        for block in matcher.get_matching_blocks()
        if block.size
    ]


def _merged(segments: Sequence[_Segment]) -> list[_Segment]:
    # Adjacent stretches (an equal line block followed by equal characters of a changed line) are one.
    merged: list[_Segment] = []
    for segment in segments:
        if merged:
            last = merged[-1]
            contiguous = (
                last.old_start + last.length == segment.old_start
                and last.new_start + last.length == segment.new_start
            )
            if contiguous:
                merged[-1] = _Segment(last.old_start, last.new_start, last.length + segment.length)
                continue
        merged.append(segment)
    return merged


def _line_offsets(lines: Sequence[str]) -> list[int]:
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    return offsets
