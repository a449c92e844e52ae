"""The per-document reading of units (tokens and characters) and their labels, for the oracle in
``reference_agreement`` and for tests: the batch engine in ``annotator.metrics`` computes the same over a
whole corpus at once."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.metrics.model import OUTSIDE, OUTSIDE_NAME, CatSpan, SpanTuple
from annotator.metrics.units import Run, UnitTally, resolve_overlaps
from tests.metrics.token_index import TokenIndex, Tokenizer


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
