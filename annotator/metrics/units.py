"""Token and character units, and the label each annotator gives them.

Units
    Tokens are those of ``annotator.domain.tokens.tokenize``; characters are the code points of the
    canonical text, whitespace included.
A unit's label
    A unit takes label L from an annotator when one of that annotator's spans of label L covers the whole
    unit; a token that a span covers only in part is not covered by it. A unit no span covers is "O".
Overlapping spans of different labels
    When several of one annotator's spans cover the same unit, the shortest span (in characters) wins,
    as the most specific reading; between equally long spans, the label whose name sorts first wins.

Units are counted rather than listed: between two consecutive span boundaries every annotator's label
is constant, so a document becomes a few weighted label tuples, ``{(label of annotator 0, label of
annotator 1, ...): number of units}``, with ``None`` for an annotator who did not annotate the document.
The cost is linear in the number of spans (plus tokenising), not in the length of the text.
"""

from __future__ import annotations

import heapq
from itertools import pairwise

# (first unit, stop unit, category), non-overlapping and sorted.
Run = tuple[int, int, int]
LabelTuple = tuple[int | None, ...]
UnitTally = dict[LabelTuple, int]


def resolve_overlaps(spans: list[tuple[int, int, int, int]]) -> list[Run]:
    """Spans as (start, stop, length in characters, category) to disjoint runs, by the overlap rule."""
    spans = sorted(spans)
    points = sorted({point for span in spans for point in span[:2]})
    active: list[tuple[int, int, int]] = []  # (length, category, stop): the winner is the smallest
    runs: list[Run] = []
    next_span = 0
    for left, right in pairwise(points):
        while next_span < len(spans) and spans[next_span][0] <= left:
            _start, stop, length, category = spans[next_span]
            heapq.heappush(active, (length, category, stop))
            next_span += 1
        while active and active[0][2] <= left:
            heapq.heappop(active)
        if not active:
            continue
        category = active[0][1]
        if runs and runs[-1][1] == left and runs[-1][2] == category:
            runs[-1] = (runs[-1][0], right, category)
        else:
            runs.append((left, right, category))
    return runs
