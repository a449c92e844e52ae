"""Krippendorff's unitizing alpha (alpha_u) over characters.

Definition (Krippendorff 1995, "On the reliability of unitizing continuous data", Sociological
Methodology 25; in the form of *Content Analysis*, 2nd ed., 2004, section 12.4): ``m`` observers each cut
a continuum of length ``L`` into units of category ``c`` and gaps. For two segments ``g`` (of observer
``i``) and ``h`` (of observer ``j``) with beginnings ``b`` and lengths ``l``:

* both units and overlapping: ``delta^2 = (b_g - b_h)^2 + (b_g + l_g - b_h - l_h)^2``;
* a unit lying wholly inside a gap of the other observer: ``delta^2 = l_unit^2``;
* anything else: 0.

``D_o^c = sum_{i != j} sum_g sum_h delta^2 / (m (m - 1) L^2)`` and, with ``N_c`` units of ``c`` in all,

``D_e^c = (2 / L) * sum_units [ (N_c - 1)/3 * (2 l^3 - 3 l^2 + l)
                                 + l^2 * sum_{gaps with l_gap >= l} (l_gap - l + 1) ]
        / [ m L (m L - 1) - sum_units l (l - 1) ]``

``alpha_c = 1 - D_o^c / D_e^c`` per category and ``alpha_u = 1 - sum_c D_o^c / sum_c D_e^c`` overall.

How Annotator's data meets the definition
    The continuum is the characters of the documents every chosen annotator annotated (the definition has
    no missing data), laid end to end; a gap never runs across a document boundary, because no unit can.
    One annotator's overlapping spans of the same label are merged into one unit, since one observer's
    units of a category cannot overlap; spans that merely touch stay two units. Spans of different labels
    may overlap: each label is its own category, judged on its own.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate

Range = tuple[int, int]


def merge_overlapping(ranges: Sequence[Range]) -> list[Range]:
    """Sorted ranges with strict overlaps merged; ranges that only touch stay apart."""
    ranges = sorted(ranges)
    if all(ranges[index][1] <= ranges[index + 1][0] for index in range(len(ranges) - 1)):
        return ranges  # the usual case: nothing to merge
    merged: list[Range] = []
    for start, end in ranges:
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def pair_disagreement(first: list[Range], second: list[Range]) -> int:
    """The sum of delta^2 over all segment pairs of two observers (each pair once)."""
    if first == second:  # each unit meets only its twin, at distance 0
        return 0
    if not first or not second:  # every unit lies in a gap of the other observer
        return sum((end - start) ** 2 for start, end in first or second)
    total = 0
    matched_first = [False] * len(first)
    matched_second = [False] * len(second)
    i = j = 0
    while i < len(first) and j < len(second):
        a_start, a_end = first[i]
        b_start, b_end = second[j]
        if a_end <= b_start:
            i += 1
        elif b_end <= a_start:
            j += 1
        else:
            total += (a_start - b_start) ** 2 + (a_end - b_end) ** 2
            matched_first[i] = matched_second[j] = True
            if a_end <= b_end:
                i += 1
            else:
                j += 1
    # A unit that meets no unit of the other observer lies inside one of the other's gaps.
    for ranges, matched in ((first, matched_first), (second, matched_second)):
        total += sum((end - start) ** 2 for (start, end), hit in zip(ranges, matched, strict=True) if not hit)
    return total


@dataclass
class CategoryTally:
    observed: int = 0
    units: dict[int, int] = field(default_factory=dict)  # unit length -> how many
    gaps: dict[int, int] = field(default_factory=dict)  # gap length -> how many


@dataclass(frozen=True, slots=True)
class CategoryUnitizing:
    observed: float
    expected: float
    alpha: float | None


@dataclass(frozen=True, slots=True)
class UnitizingResult:
    alpha: float | None
    observed: float
    expected: float
    length: int
    categories: dict[int, CategoryUnitizing]


class UnitizingAccumulator:
    """Adds documents to one continuum and computes alpha_u over it."""

    def __init__(self, observers: int) -> None:
        self.observers = observers
        self.length = 0
        self._tallies: dict[int, CategoryTally] = {}

    def add_document(
        self, length: int, layers: Sequence[dict[int, list[Range]]], categories: Sequence[int]
    ) -> None:
        """``layers[i]`` maps category -> observer i's ranges in this document."""
        if length <= 0:
            return
        self.length += length
        for category in categories:
            tally = self._tallies.get(category)
            if tally is None:
                tally = self._tallies[category] = CategoryTally()
            found = [layer.get(category) for layer in layers]
            if not any(found):  # nobody used the label here: one whole-document gap per observer
                tally.gaps[length] = tally.gaps.get(length, 0) + len(layers)
                continue
            units = [merge_overlapping(ranges) if ranges else [] for ranges in found]
            unit_lengths, gap_lengths = tally.units, tally.gaps
            for observer, ranges in enumerate(units):
                position = 0  # merged units are disjoint and sorted: the gaps lie between them
                for start, end in ranges:
                    unit_lengths[end - start] = unit_lengths.get(end - start, 0) + 1
                    if start > position:
                        gap_lengths[start - position] = gap_lengths.get(start - position, 0) + 1
                    position = end
                if length > position:
                    gap_lengths[length - position] = gap_lengths.get(length - position, 0) + 1
                for other in units[observer + 1 :]:
                    tally.observed += pair_disagreement(ranges, other)

    def result(self) -> UnitizingResult:
        return unitizing_result(self._tallies, self.observers, self.length)


def unitizing_result(tallies: dict[int, CategoryTally], m: int, total_length: int) -> UnitizingResult:
    """Alpha_u over a continuum of ``total_length`` cut by ``m`` observers, from each category's tally."""
    categories: dict[int, CategoryUnitizing] = {}
    if m < 2 or total_length == 0:
        return UnitizingResult(None, 0.0, 0.0, total_length, categories)
    for category, tally in tallies.items():
        observed = 2 * tally.observed / (m * (m - 1) * total_length * total_length)
        expected = expected_disagreement(tally, m, total_length)
        alpha = 1.0 - observed / expected if expected > 0 else None
        categories[category] = CategoryUnitizing(observed, expected, alpha)
    observed_sum = sum(item.observed for item in categories.values())
    expected_sum = sum(item.expected for item in categories.values())
    alpha = 1.0 - observed_sum / expected_sum if expected_sum > 0 else None
    return UnitizingResult(alpha, observed_sum, expected_sum, total_length, categories)


def expected_disagreement(tally: CategoryTally, m: int, length: int) -> float:
    unit_count = sum(tally.units.values())
    if unit_count == 0:
        return 0.0
    gap_lengths = sorted(tally.gaps)
    # Suffix sums over distinct gap lengths: how many gaps are at least l long, and their total length.
    counts = [*reversed(list(accumulate(tally.gaps[g] for g in reversed(gap_lengths)))), 0]
    sums = [*reversed(list(accumulate(g * tally.gaps[g] for g in reversed(gap_lengths)))), 0]
    # 2l^3 - 3l^2 + l = l(l - 1)(2l - 1) is always a multiple of 6, so the first term stays an integer.
    within_units = 0
    within_gaps = 0
    shrink = 0
    for unit_length, how_many in tally.units.items():
        within_units += how_many * unit_length * (unit_length - 1) * (2 * unit_length - 1)
        first_long_gap = bisect_left(gap_lengths, unit_length)
        positions = sums[first_long_gap] - (unit_length - 1) * counts[first_long_gap]
        within_gaps += how_many * unit_length * unit_length * positions
        shrink += how_many * unit_length * (unit_length - 1)
    numerator = (unit_count - 1) * within_units // 3 + within_gaps
    denominator = m * length * (m * length - 1) - shrink
    if denominator <= 0:
        return 0.0
    return 2 * numerator / (length * denominator)


def alpha_u(
    length: int, observers: Sequence[Sequence[tuple[int, int, str]]]
) -> tuple[float | None, dict[str, CategoryUnitizing]]:
    """Alpha_u of one continuum ``[0, length)`` and its figures per label, from spans per observer."""
    labels = sorted({label for spans in observers for _start, _end, label in spans})
    category = {label: position + 1 for position, label in enumerate(labels)}
    layers: list[dict[int, list[Range]]] = []
    for spans in observers:
        layer: dict[int, list[Range]] = {}
        for start, end, label in spans:
            layer.setdefault(category[label], []).append((start, end))
        layers.append(layer)
    accumulator = UnitizingAccumulator(len(observers))
    accumulator.add_document(length, layers, list(category.values()))
    result = accumulator.result()
    return result.alpha, {label: result.categories[cat] for label, cat in category.items()}
