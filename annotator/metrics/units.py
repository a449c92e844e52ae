"""Token and character units, and the label each annotator gives them.

Units
    Tokens are those of ``annotator.domain.tokens.tokenize`` (located through ``token_index``, which
    finds the same tokens faster); characters are the code points of the canonical text, whitespace
    included.
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
from collections.abc import Sequence
from itertools import pairwise

from annotator.metrics.model import OUTSIDE, OUTSIDE_NAME, CatSpan, SpanTuple
from annotator.metrics.token_index import TokenIndex, Tokenizer

# (first unit, stop unit, category), non-overlapping and sorted.
Run = tuple[int, int, int]
LabelTuple = tuple[int | None, ...]
UnitTally = dict[LabelTuple, int]


def character_runs(spans: list[CatSpan]) -> list[Run]:
    """One annotator's spans (sorted) as non-overlapping character runs, by the overlap rule."""
    return _resolve([(start, end, end - start, category) for start, end, category in spans])


def token_runs(tokens: TokenIndex, spans: list[CatSpan]) -> list[Run]:
    """One annotator's spans (sorted) as non-overlapping runs of token indices, by the overlap rule."""
    mapped = []
    for start, end, category in spans:
        first, stop = tokens.covered(start, end)
        if first < stop:
            mapped.append((first, stop, end - start, category))
    return _resolve(mapped)


def _resolve(spans: list[tuple[int, int, int, int]]) -> list[Run]:
    """Spans as (start, stop, length in characters, category), sorted by start, to disjoint runs."""
    previous_stop = -1
    for start, stop, _length, _category in spans:
        if start < previous_stop:
            return resolve_overlaps(spans)
        previous_stop = stop
    return [(start, stop, category) for start, stop, _length, category in spans]


def resolve_overlaps(spans: list[tuple[int, int, int, int]]) -> list[Run]:
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


def tally_units(layers: dict[int, list[Run]], annotators: int, units: int) -> UnitTally:
    """Weighted label tuples of one document: ``layers`` maps annotator index -> runs."""
    current: list[int | None] = [None] * annotators
    events = []
    for index, runs in layers.items():
        current[index] = OUTSIDE
        for start, stop, category in runs:
            events.append((start, 1, index, category))
            events.append((stop, 0, index, OUTSIDE))  # ends sort before starts at the same place
    events.sort()
    tally: UnitTally = {}
    previous = 0
    for position, _kind, index, category in events:
        if position != previous:
            key = tuple(current)
            tally[key] = tally.get(key, 0) + position - previous
            previous = position
        current[index] = category
    if units > previous:
        key = tuple(current)
        tally[key] = tally.get(key, 0) + units - previous
    return tally


def add_tallies(target: UnitTally, source: UnitTally) -> None:
    for key, weight in source.items():
        target[key] = target.get(key, 0) + weight


def unit_labels(text: str, spans: Sequence[SpanTuple], *, level: str = "token") -> list[str]:
    """One annotator's label for every unit of ``text`` ("O" outside spans), for display and checks."""
    names = sorted({label for _start, _end, label in spans})
    category = {name: position + 1 for position, name in enumerate(names)}
    cat_spans = sorted({(start, end, category[label]) for start, end, label in spans})
    if level == "token":
        tokens = Tokenizer().index(text)
        runs, units = token_runs(tokens, cat_spans), tokens.count
    elif level == "character":
        runs, units = character_runs(cat_spans), len(text)
    else:
        raise ValueError(f"unknown unit level {level!r}: expected 'token' or 'character'")
    labels = [OUTSIDE_NAME] * units
    for start, stop, cat in runs:
        labels[start:stop] = [names[cat - 1]] * (stop - start)
    return labels
