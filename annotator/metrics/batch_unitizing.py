"""Krippendorff's alpha_u over the whole corpus at once (see ``unitizing`` for the definition).

Over the documents every chosen annotator annotated, each observer's spans of a category are merged
into units; the units, the gaps between them and the squared distances between overlapping units of
two observers are then counted per category with sorts and searches over all documents together.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from annotator.metrics.columns import BoolArray, CorpusColumns, IntArray, running_max, sum_by
from annotator.metrics.unitizing import CategoryTally, UnitizingResult, unitizing_result


def batch_unitizing(columns: CorpusColumns, complete: BoolArray) -> UnitizingResult:
    complete = complete & (columns.lengths > 0)
    size, width = columns.annotators, columns.categories + 1
    length = int(columns.lengths[complete].sum())
    if not complete.any():
        return unitizing_result({}, size, 0)
    units = _Units(columns, complete)
    tallies = {category: CategoryTally() for category in range(1, width)}
    for category, tally in tallies.items():
        tally.units = _histogram(units.end - units.start, units.category == category)
    _add_gaps(columns, complete, units, tallies)
    for a, b in combinations(range(size), 2):
        observed = _pair_observed(units, units.annotator == a, units.annotator == b, width)
        for category, tally in tallies.items():
            tally.observed += int(observed[category])
    return unitizing_result(tallies, size, length)


class _Units:
    """Every observer's merged units of every category in the chosen documents, sorted by
    (observer, category, start). Keys place each (observer, category) in its own stretch of numbers."""

    def __init__(self, columns: CorpusColumns, documents: BoolArray) -> None:
        rows = np.flatnonzero(documents[columns.document])
        total, width = columns.total_length, columns.categories + 1
        group = columns.annotator[rows] * width + columns.category[rows]
        start_key = group * total + columns.start[rows]
        end_key = group * total + columns.end[rows]
        order = np.lexsort((end_key, start_key))
        start_key, end_key = start_key[order], end_key[order]
        # A unit begins where a span starts at or after the furthest end so far: touching spans stay apart.
        opens = np.ones(len(rows), np.bool_)
        if len(rows):
            opens[1:] = start_key[1:] >= running_max(end_key)[:-1]
        first = np.flatnonzero(opens)
        merged_end = np.maximum.reduceat(end_key, first) if len(first) else end_key
        unit_group = group[order][first]
        self.annotator = unit_group // width
        self.category = unit_group % width
        self.document = columns.document[rows][order][first]
        self.start = start_key[first] - unit_group * total
        self.end = merged_end - unit_group * total
        self.group = unit_group


def _histogram(values: IntArray, chosen: BoolArray, weights: IntArray | None = None) -> dict[int, int]:
    picked = values[chosen]
    if weights is None:
        distinct, counts = np.unique(picked, return_counts=True)
    else:
        distinct, where = np.unique(picked, return_inverse=True)
        counts = sum_by(where.reshape(-1), weights[chosen], len(distinct))
    return {value: count for value, count in zip(distinct.tolist(), counts.tolist(), strict=True) if count}


def _add_gaps(
    columns: CorpusColumns, complete: BoolArray, units: _Units, tallies: dict[int, CategoryTally]
) -> None:
    """The gaps of each observer in each document: between its units, before the first and after the
    last, or the whole document where it has no unit of the category."""
    document_start = columns.offsets[units.document]
    document_end = document_start + columns.lengths[units.document]
    same_as_previous = np.zeros(len(units.start), np.bool_)
    same_as_previous[1:] = (units.group[1:] == units.group[:-1]) & (units.document[1:] == units.document[:-1])
    previous_end = np.where(same_as_previous, np.roll(units.end, 1), document_start)
    last = np.ones(len(units.start), np.bool_)
    last[:-1] = ~same_as_previous[1:]
    gap_lengths = np.concatenate([units.start - previous_end, (document_end - units.end)[last]])
    gap_categories = np.concatenate([units.category, units.category[last]])
    # Per document and category, how many observers have a unit there; the others see one whole gap.
    width = columns.categories + 1
    pairs = np.unique(units.document * (columns.annotators * width) + units.group)
    with_units = np.bincount(
        (pairs // (columns.annotators * width)) * width + pairs % width,
        minlength=len(columns.lengths) * width,
    ).reshape(len(columns.lengths), width)
    documents = np.flatnonzero(complete)
    for category, tally in tallies.items():
        found = _histogram(gap_lengths, (gap_categories == category) & (gap_lengths > 0))
        without = columns.annotators - with_units[documents, category]
        whole = _histogram(columns.lengths[documents], without > 0, without)
        for gap, count in whole.items():
            found[gap] = found.get(gap, 0) + count
        tally.gaps = found


def _pair_observed(units: _Units, first: BoolArray, second: BoolArray, width: int) -> IntArray:
    """Per category, the sum of delta^2 between the units of two observers (``unitizing``)."""
    total = _span_of_keys(units)
    a_start, a_end, a_category = _keyed(units, first, total)
    b_start, b_end, b_category = _keyed(units, second, total)
    observed = np.zeros(width, np.int64)
    # Units of one observer in one category are disjoint, so sorted starts mean sorted ends; the units
    # of B that overlap a unit of A are those ending after it starts and starting before it ends.
    low = np.searchsorted(b_end, a_start, side="right")
    high = np.searchsorted(b_start, a_end, side="left")
    meets = np.maximum(high - low, 0)
    a_index = np.repeat(np.arange(len(a_start)), meets)
    b_index = np.arange(int(meets.sum())) - np.repeat(np.cumsum(meets) - meets, meets) + np.repeat(low, meets)
    distance = (a_start[a_index] - b_start[b_index]) ** 2 + (a_end[a_index] - b_end[b_index]) ** 2
    observed += sum_by(a_category[a_index], distance, width)
    # A unit that meets no unit of the other observer lies inside one of the other's gaps.
    alone_a = meets == 0
    observed += sum_by(a_category[alone_a], (a_end - a_start)[alone_a] ** 2, width)
    b_low = np.searchsorted(a_end, b_start, side="right")
    b_high = np.searchsorted(a_start, b_end, side="left")
    alone_b = b_high <= b_low
    observed += sum_by(b_category[alone_b], (b_end - b_start)[alone_b] ** 2, width)
    return observed


def _span_of_keys(units: _Units) -> int:
    return int(units.end.max()) + 1 if len(units.end) else 1


def _keyed(units: _Units, chosen: BoolArray, total: int) -> tuple[IntArray, IntArray, IntArray]:
    """One observer's units as (start, end) keyed by category, sorted, and their categories."""
    category = units.category[chosen]
    base = category * total
    start, end = base + units.start[chosen], base + units.end[chosen]
    order = np.argsort(start, kind="stable")
    return start[order], end[order], category[order]
