"""Span-level counts for one pair of annotators over the whole corpus at once (see ``spans`` for the
definitions: exact match, overlap match, precision, recall and F1).

Each count comes per category and per document, so one pass serves the pair's figures, its per-label
figures and the per-document table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.metrics.columns import BoolArray, CorpusColumns, IntArray, group_rows, running_max

# Columns of a counts table, as in ``spans.Tally``.
SPANS_A, SPANS_B, EXACT, OVERLAP_A, OVERLAP_B = range(5)


@dataclass(frozen=True)
class PairCounts:
    documents: BoolArray  # the documents both annotated
    by_category: IntArray  # (categories + 1, 5)
    by_document: IntArray  # (documents, 5)


def pair_counts(columns: CorpusColumns, a: int, b: int) -> PairCounts:
    both = columns.present[a] & columns.present[b]
    rows_a = columns.spans_of(a, both)
    rows_b = columns.spans_of(b, both)
    exact = _exact_matches(columns, rows_a, rows_b)
    found = (
        (rows_a, SPANS_A, None),
        (rows_b, SPANS_B, None),
        (rows_a[exact], EXACT, None),
        (rows_a, OVERLAP_A, _overlapping(columns, rows_a, rows_b)),
        (rows_b, OVERLAP_B, _overlapping(columns, rows_b, rows_a)),
    )
    by_category = np.zeros((columns.categories + 1, 5), np.int64)
    by_document = np.zeros((len(columns.lengths), 5), np.int64)
    for rows, column, hit in found:
        counted = rows if hit is None else rows[hit]
        by_category[:, column] = np.bincount(columns.category[counted], minlength=columns.categories + 1)
        by_document[:, column] = np.bincount(columns.document[counted], minlength=len(columns.lengths))
    return PairCounts(both, by_category, by_document)


def _exact_matches(columns: CorpusColumns, rows_a: IntArray, rows_b: IntArray) -> BoolArray:
    """Which of A's spans B has too (same start, end and category). Each side has no duplicates."""
    if not len(rows_a) or not len(rows_b):
        return np.zeros(len(rows_a), np.bool_)
    rows = np.concatenate([rows_a, rows_b])
    matrix = np.column_stack(
        [columns.start[rows], columns.end[rows] - columns.start[rows], columns.category[rows]]
    )
    total = columns.total_length
    _, key = group_rows(matrix, [total, total, columns.categories + 1])
    return np.isin(key[: len(rows_a)], key[len(rows_a) :])


def _overlapping(columns: CorpusColumns, rows_x: IntArray, rows_y: IntArray) -> BoolArray:
    """Which spans of X share at least one position with a span of Y of the same category.

    Keys put each category in its own stretch of numbers, ``category * total + position``, so one sorted
    search covers every category and document: among Y's spans that begin before an X span ends, the
    furthest end reaches into the X span exactly when one of them overlaps it.
    """
    if not len(rows_x) or not len(rows_y):
        return np.zeros(len(rows_x), np.bool_)
    total = columns.total_length
    y_base = columns.category[rows_y] * total
    y_starts = y_base + columns.start[rows_y]
    order = np.argsort(y_starts, kind="stable")
    y_starts = y_starts[order]
    furthest = running_max((y_base + columns.end[rows_y])[order])
    x_base = columns.category[rows_x] * total
    before = np.searchsorted(y_starts, x_base + columns.end[rows_x], side="left")
    reach = furthest[np.maximum(before - 1, 0)]
    return (before > 0) & (reach > x_base + columns.start[rows_x])
