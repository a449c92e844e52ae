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

from dataclasses import dataclass


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
