"""Krippendorff's alpha for nominal data, with missing judgements, from weighted label tuples.

Every unit judged by ``m_u >= 2`` annotators adds each ordered pair of its values, weighted
``1 / (m_u - 1)``, to the coincidence matrix ``o_ck``; units with fewer judgements are not pairable and
are left out. With ``n_c = sum_k o_ck`` and ``n = sum_c n_c``:

    alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k

(Krippendorff, *Computing Krippendorff's Alpha-Reliability*, 2011). Alpha is ``None`` when fewer than two
values are pairable or when only one category occurs, where expected disagreement is zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from annotator.metrics.units import LabelTuple, UnitTally


@dataclass(frozen=True, slots=True)
class Coincidences:
    """The coincidence matrix of a set of units."""

    cells: dict[tuple[int, int], float]

    @property
    def pairable(self) -> float:
        return sum(self.cells.values())

    def marginals(self) -> dict[int, float]:
        totals: dict[int, float] = {}
        for (category, _other), weight in self.cells.items():
            totals[category] = totals.get(category, 0.0) + weight
        return totals


@lru_cache(maxsize=4096)
def _pairs_in_unit(key: LabelTuple) -> tuple[tuple[tuple[int, int], float], ...]:
    """What one unit with these values adds to the coincidence matrix. Few distinct tuples occur."""
    counts: dict[int, int] = {}
    for category in key:
        if category is not None:
            counts[category] = counts.get(category, 0) + 1
    judged = sum(counts.values())
    if judged < 2:
        return ()
    cells = []
    for category, count in counts.items():
        for other, other_count in counts.items():
            pairs = count * (other_count - 1) if category == other else count * other_count
            if pairs:
                cells.append(((category, other), pairs / (judged - 1)))
    return tuple(cells)


def coincidences(tally: UnitTally) -> Coincidences:
    cells: dict[tuple[int, int], float] = {}
    for key, weight in tally.items():
        for cell, amount in _pairs_in_unit(key):
            cells[cell] = cells.get(cell, 0.0) + weight * amount
    return Coincidences(cells)


@lru_cache(maxsize=4096)
def unit_summary(key: LabelTuple) -> tuple[tuple[tuple[int, int], ...], float]:
    """((category, values of it), agreeing pairs share) of one unit, or ((), 0) if it is not pairable."""
    counts: dict[int, int] = {}
    for category in key:
        if category is not None:
            counts[category] = counts.get(category, 0) + 1
    judged = sum(counts.values())
    if judged < 2:
        return (), 0.0
    agreeing = sum(count * (count - 1) for count in counts.values()) / (judged - 1)
    return tuple(counts.items()), agreeing


def tally_alpha(tally: UnitTally) -> float | None:
    """``nominal_alpha(coincidences(tally))`` without building the matrix: each value of a pairable unit
    adds exactly 1 to its category's marginal, so marginals and the diagonal are all alpha needs."""
    marginals: dict[int, float] = {}
    agreeing = 0.0
    for key, weight in tally.items():
        counts, agree = unit_summary(key)
        if not counts:
            continue
        agreeing += weight * agree
        for category, count in counts:
            marginals[category] = marginals.get(category, 0.0) + weight * count
    return _alpha(marginals, agreeing)


def nominal_alpha(matrix: Coincidences) -> float | None:
    agreeing = sum(weight for (category, other), weight in matrix.cells.items() if category == other)
    return _alpha(matrix.marginals(), agreeing)


def _alpha(marginals: dict[int, float], agreeing: float) -> float | None:
    total = sum(marginals.values())
    if total <= 1 or len(marginals) < 2:  # one category only: no disagreement possible, alpha undefined
        return None
    expected = total * total - sum(value * value for value in marginals.values())
    return 1.0 - (total - 1) * (total - agreeing) / expected


def label_alpha(matrix: Coincidences, category: int) -> float | None:
    """Alpha for "is it this label or not": the matrix collapsed to two categories."""
    marginals = matrix.marginals()
    total = sum(marginals.values())
    if total <= 1:
        return None
    inside = marginals.get(category, 0.0)
    outside = sum(value for other, value in marginals.items() if other != category)
    if not inside or not outside:
        return None
    both_inside = matrix.cells.get((category, category), 0.0)
    # Pairs with exactly one value inside the label: the row of the label minus its diagonal, twice.
    split = 2 * (inside - both_inside)
    return 1.0 - (total - 1) * split / (2 * inside * outside)
