"""Span-level precision, recall and F1 between two annotators.

Annotator A of a pair is read as the reference and B as the response, so precision is about B's spans
and recall about A's; swapping the two swaps precision and recall and leaves F1 unchanged.

Exact match
    A span of B matches when A has a span with the same start, end and label.
    ``P = matched / |B|``, ``R = matched / |A|``, ``F1 = 2 matched / (|A| + |B|)``.
Overlap match
    A span matches when the other annotator has a span of the same label that shares at least one
    character with it. Each side is counted on its own: ``P`` is the share of B's spans that overlap one
    of A's, ``R`` the share of A's spans that overlap one of B's, ``F1 = 2PR / (P + R)``. One long span
    against two short ones inside it therefore scores 1, where a one-to-one matching (nervaluate's
    "ent_type") would leave one short span unmatched.

A figure is ``None`` when it is undefined: precision when B has no spans, recall when A has none, F1
when neither has any. F1 is 0 when exactly one side has spans.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from annotator.metrics.model import CatSpan

# Counts are kept as [spans_a, spans_b, exact, overlap_a, overlap_b] lists while accumulating.
Tally = list[int]


def new_tally() -> Tally:
    return [0, 0, 0, 0, 0]


def add_tally(target: Tally, source: Tally) -> None:
    for index, value in enumerate(source):
        target[index] += value


@dataclass(frozen=True, slots=True)
class SpanScores:
    precision: float | None
    recall: float | None
    f1: float | None


@dataclass(frozen=True, slots=True)
class SpanCounts:
    spans_a: int
    spans_b: int
    exact: int
    overlap_a: int
    overlap_b: int

    @classmethod
    def from_tally(cls, tally: Tally) -> SpanCounts:
        return cls(*tally)

    def exact_scores(self) -> SpanScores:
        return _scores(self.spans_a, self.spans_b, self.exact, self.exact)

    def overlap_scores(self) -> SpanScores:
        return _scores(self.spans_a, self.spans_b, self.overlap_a, self.overlap_b)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _scores(spans_a: int, spans_b: int, matched_a: int, matched_b: int) -> SpanScores:
    precision = _ratio(matched_b, spans_b)
    recall = _ratio(matched_a, spans_a)
    if precision is None and recall is None:
        return SpanScores(None, None, None)
    if precision is None or recall is None or precision + recall == 0:
        return SpanScores(precision, recall, 0.0)
    return SpanScores(precision, recall, 2 * precision * recall / (precision + recall))


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
