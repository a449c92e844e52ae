"""Cohen's kappa for a pair of annotators and Fleiss' kappa for all of them, from weighted label tuples.

Cohen (1960): ``kappa = (p_o - p_e) / (1 - p_e)`` with ``p_o`` the share of units both annotators label
alike and ``p_e = sum_k (a_k / N)(b_k / N)`` from each annotator's own label distribution, over the units
of the documents both annotated.

Fleiss (1971): for ``N`` units each judged by the same ``m`` annotators, ``n_ij`` of whom chose category
``j`` for unit ``i``: ``P_bar = (sum n_ij^2 - N m) / (N m (m - 1))``, ``p_j = sum_i n_ij / (N m)``,
``P_e = sum p_j^2`` and ``kappa = (P_bar - P_e) / (1 - P_e)``. Fleiss' kappa needs every unit judged by
all annotators, so only the documents every chosen annotator annotated take part.

Both are ``None`` when chance agreement is certain (a single category in use), where they are undefined.
Counts are integers, so that test is exact.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.metrics.units import UnitTally

# Maps a category to the one it is counted as: identity for the full figure, "is it label L?" per label.
Collapse = Callable[[int], int]


def confusion(
    tally: UnitTally, a: int, b: int, collapse: Collapse | None = None
) -> dict[tuple[int, int], int]:
    """Units judged by both ``a`` and ``b``, counted by (a's category, b's category)."""
    table: dict[tuple[int, int], int] = {}
    for key, weight in tally.items():
        first, second = key[a], key[b]
        if first is None or second is None:
            continue
        if collapse is not None:
            first, second = collapse(first), collapse(second)
        cell = (first, second)
        table[cell] = table.get(cell, 0) + weight
    return table


def cohen_kappa(table: dict[tuple[int, int], int]) -> float | None:
    total = sum(table.values())
    if total == 0:
        return None
    agreed = 0
    rows: dict[int, int] = {}
    columns: dict[int, int] = {}
    for (first, second), weight in table.items():
        if first == second:
            agreed += weight
        rows[first] = rows.get(first, 0) + weight
        columns[second] = columns.get(second, 0) + weight
    chance = sum(count * columns.get(category, 0) for category, count in rows.items())
    if chance == total * total:
        return None
    return (agreed * total - chance) / (total * total - chance)


def fleiss_kappa(tally: UnitTally, annotators: int, collapse: Collapse | None = None) -> float | None:
    """Over the units every one of ``annotators`` judged."""
    if annotators < 2:
        return None
    units = 0
    squares = 0
    totals: dict[int, int] = {}
    for key, weight in tally.items():
        if None in key:
            continue
        counts: dict[int, int] = {}
        for category in key:
            assert category is not None  # for mypy: checked just above
            if collapse is not None:
                category = collapse(category)
            counts[category] = counts.get(category, 0) + 1
        units += weight
        for category, count in counts.items():
            squares += weight * count * count
            totals[category] = totals.get(category, 0) + weight * count
    if units == 0:
        return None
    judgements = units * annotators
    chance = sum(total * total for total in totals.values())  # P_e * judgements^2
    if chance == judgements * judgements:
        return None
    observed = (squares - judgements) / (judgements * (annotators - 1))
    expected = chance / (judgements * judgements)
    return (observed - expected) / (1 - expected)


def mean(values: list[float | None]) -> float | None:
    """The mean of the defined values, or ``None`` when none is defined."""
    defined = [value for value in values if value is not None]
    return sum(defined) / len(defined) if defined else None
