"""The per-document span comparison the batch agreement engine is checked against: one pair of layers
of one document at a time, counted into [spans_a, spans_b, exact, overlap_a, overlap_b] tallies."""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

from annotator.metrics.model import CatSpan

Tally = list[int]


def new_tally() -> Tally:
    return [0, 0, 0, 0, 0]


def add_tally(target: Tally, source: Tally) -> None:
    for index, value in enumerate(source):
        target[index] += value


def group_by_category(spans: list[CatSpan]) -> dict[int, list[tuple[int, int]]]:
    """Spans (sorted by start) grouped by category, each group still sorted by start."""
    groups: dict[int, list[tuple[int, int]]] = {}
    for start, end, category in spans:
        groups.setdefault(category, []).append((start, end))
    return groups


def count_overlapped(xs: list[tuple[int, int]], ys: list[tuple[int, int]]) -> int:
    """How many ranges of ``xs`` share at least one position with some range of ``ys`` (sorted by start)."""
    if len(ys) <= 8:  # the common case: a few spans of a label per document
        count = 0
        for start, end in xs:
            for y_start, y_end in ys:
                if y_start >= end:
                    break  # ys are sorted by start: none of the rest can reach this range
                if start < y_end:
                    count += 1
                    break
        return count
    starts = [y[0] for y in ys]
    furthest_end = list(accumulate((y[1] for y in ys), max))
    count = 0
    for start, end in xs:
        candidates = bisect_left(starts, end)  # ys that start before this range ends
        if candidates and furthest_end[candidates - 1] > start:
            count += 1
    return count


def compare_layers(
    a_spans: list[CatSpan],
    b_spans: list[CatSpan],
    a_groups: dict[int, list[tuple[int, int]]],
    b_groups: dict[int, list[tuple[int, int]]],
    into: dict[int, Tally],
) -> None:
    """Add one document's span counts for the pair (A, B), per category, to ``into``."""
    for category, group in a_groups.items():
        tally = into.get(category)
        if tally is None:
            tally = into[category] = new_tally()
        tally[0] += len(group)
        other = b_groups.get(category)
        if other:
            tally[3] += count_overlapped(group, other)
    for category, group in b_groups.items():
        tally = into.get(category)
        if tally is None:
            tally = into[category] = new_tally()
        tally[1] += len(group)
        other = a_groups.get(category)
        if other:
            tally[4] += count_overlapped(group, other)
    if len(a_spans) < len(b_spans):
        a_spans, b_spans = b_spans, a_spans
    shared = set(b_spans).intersection(a_spans)
    for _start, _end, category in shared:
        into[category][2] += 1
