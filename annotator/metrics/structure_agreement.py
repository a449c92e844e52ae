"""Agreement on relations, span attributes and document labels. Pure functions over plain records.

**Relations** (per pair of annotators, over the articles both annotated): a relation is its two endpoint
spans (start, end, label) and its type. *Exact*: the same endpoints and type (a symmetric type matches in
either order); ``P = matched / |B|``, ``R = matched / |A|``, ``F1 = 2·matched / (|A| + |B|)``, each
annotator's identical relations counted once. *Lenient*: a relation matches when the other annotator has
one of the same type whose endpoints overlap its own (each endpoint sharing at least one character with
the other's, in order unless the type is symmetric), each side counted on its own, ``F1 = 2PR / (P + R)``,
as the span overlap figures.

**Attributes** (per label and attribute): the units are the spans two or more annotators share exactly
(same start, end and label); an annotator's value is missing where they have no such span or no value.
Values are nominal categories (``4.1e9`` and ``4100000000`` are one number, ``True`` and ``1`` are not).
Cohen's κ per pair over the units both valued; Krippendorff's α over every unit with two values or more.

**Document labels** (per label set): the units are the articles; an annotator's judgement is missing
where they chose nothing of the set. A single-choice set's category is the chosen label; a multi-choice
set is judged label by label (the units are article × choice, the category chosen or not, for the
annotators who chose something of the set). Cohen's κ per pair, Fleiss' κ over the units every annotator
judged, Krippendorff's α over the units with two judgements or more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.metrics.alpha import tally_alpha
from annotator.metrics.kappa import cohen_kappa, confusion, fleiss_kappa
from annotator.metrics.units import UnitTally

Endpoint = tuple[int, int, str]  # start, end, label


@dataclass(frozen=True)
class RelationRecord:
    document_id: str
    annotator: str
    source: Endpoint
    target: Endpoint
    type: str
    directed: bool = True

    def key(self) -> tuple[str, Endpoint, Endpoint, str]:
        source, target = self.source, self.target
        if not self.directed and target < source:
            source, target = target, source
        return (self.document_id, source, target, self.type)


@dataclass(frozen=True)
class PairFigures:
    first: str
    second: str
    relations_first: int
    relations_second: int
    exact_precision: float | None
    exact_recall: float | None
    exact_f1: float | None
    lenient_precision: float | None
    lenient_recall: float | None
    lenient_f1: float | None


@dataclass(frozen=True)
class CategoryAgreement:
    """Agreement on one attribute (``name`` as ``label.attribute``) or one document label set."""

    name: str
    units: int
    cohen_kappa: dict[tuple[str, str], float | None] = field(default_factory=dict)
    fleiss_kappa: float | None = None
    krippendorff_alpha: float | None = None


def relation_agreement(
    relations: Iterable[RelationRecord], annotated: dict[str, set[str]], annotators: Sequence[str]
) -> list[PairFigures]:
    """P/R/F1 of every pair; ``annotated`` maps each annotator to the articles they annotated."""
    by_annotator: dict[str, set[tuple[str, Endpoint, Endpoint, str]]] = {name: set() for name in annotators}
    directed: dict[str, bool] = {}
    for relation in relations:
        if relation.annotator in by_annotator:
            by_annotator[relation.annotator].add(relation.key())
            directed[relation.type] = relation.directed
    figures = []
    for first, second in combinations(annotators, 2):
        shared = annotated.get(first, set()) & annotated.get(second, set())
        a = {r for r in by_annotator[first] if r[0] in shared}
        b = {r for r in by_annotator[second] if r[0] in shared}
        matched = len(a & b)
        recall_hits = sum(1 for r in a if any(_overlaps(r, o, directed) for o in b))
        precision_hits = sum(1 for r in b if any(_overlaps(r, o, directed) for o in a))
        lenient_p = precision_hits / len(b) if b else None
        lenient_r = recall_hits / len(a) if a else None
        figures.append(
            PairFigures(
                first,
                second,
                len(a),
                len(b),
                matched / len(b) if b else None,
                matched / len(a) if a else None,
                2 * matched / (len(a) + len(b)) if a or b else None,
                lenient_p,
                lenient_r,
                _f1(lenient_p, lenient_r, bool(a), bool(b)),
            )
        )
    return figures


def _f1(precision: float | None, recall: float | None, any_a: bool, any_b: bool) -> float | None:
    if not any_a and not any_b:
        return None
    if precision is None or recall is None:
        return 0.0  # exactly one side has relations
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _overlaps(
    one: tuple[str, Endpoint, Endpoint, str],
    other: tuple[str, Endpoint, Endpoint, str],
    directed: dict[str, bool],
) -> bool:
    if one[0] != other[0] or one[3] != other[3]:
        return False
    if _touch(one[1], other[1]) and _touch(one[2], other[2]):
        return True
    return not directed.get(one[3], True) and _touch(one[1], other[2]) and _touch(one[2], other[1])


def _touch(a: Endpoint, b: Endpoint) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def categorical_agreement(
    name: str, judgements: dict[object, dict[str, object]], annotators: Sequence[str]
) -> CategoryAgreement:
    """κ and α over units; ``judgements[unit][annotator]`` is a category (absent: missing)."""
    categories: dict[object, int] = {}
    tally: UnitTally = {}
    for values in judgements.values():
        key = tuple(
            categories.setdefault(_category(values[who]), len(categories) + 1) if who in values else None
            for who in annotators
        )
        if sum(value is not None for value in key) >= 2:
            tally[key] = tally.get(key, 0) + 1
    pairs = {
        (annotators[i], annotators[j]): cohen_kappa(confusion(tally, i, j))
        for i, j in combinations(range(len(annotators)), 2)
    }
    return CategoryAgreement(
        name=name,
        units=sum(tally.values()),
        cohen_kappa=pairs,
        fleiss_kappa=fleiss_kappa(tally, len(annotators)),
        krippendorff_alpha=tally_alpha(tally),
    )


def _category(value: object) -> object:
    # ``True == 1`` and ``hash(True) == hash(1)`` in Python: a yes/no and a number must stay apart.
    return (type(value) is bool, value)


def attribute_units(
    spans: Iterable[tuple[str, str, Endpoint, Mapping[str, object]]],
) -> dict[str, dict[object, dict[str, object]]]:
    """Per ``label.attribute``: unit (document, span) -> annotator -> value, for the spans with a value.
    ``spans`` yields (document id, annotator, (start, end, label), attributes)."""
    found: dict[str, dict[object, dict[str, object]]] = {}
    holders: dict[tuple[str, Endpoint], set[str]] = {}
    listed = list(spans)
    for document_id, annotator, endpoint, _values in listed:
        holders.setdefault((document_id, endpoint), set()).add(annotator)
    for document_id, annotator, endpoint, values in listed:
        if len(holders[(document_id, endpoint)]) < 2:
            continue  # a span only one annotator has is no shared unit
        for attribute, value in values.items():
            unit = (document_id, endpoint)
            found.setdefault(f"{endpoint[2]}.{attribute}", {}).setdefault(unit, {})[annotator] = value
    return found


def document_label_units(
    labels: Iterable[tuple[str, str, str, str]], multiple: dict[str, bool]
) -> dict[str, dict[object, dict[str, object]]]:
    """Per label set: unit -> annotator -> category, from (document id, annotator, set, value) rows."""
    chosen: dict[tuple[str, str, str], set[str]] = {}
    for document_id, annotator, label_set, value in labels:
        chosen.setdefault((label_set, document_id, annotator), set()).add(value)
    found: dict[str, dict[object, dict[str, object]]] = {}
    choices: dict[str, set[str]] = {}
    for (label_set, _document, _who), values in chosen.items():
        choices.setdefault(label_set, set()).update(values)
    for (label_set, document_id, annotator), values in chosen.items():
        units = found.setdefault(label_set, {})
        if multiple.get(label_set, False):
            for choice in sorted(choices[label_set]):
                units.setdefault((document_id, choice), {})[annotator] = choice in values
        else:
            units.setdefault(document_id, {})[annotator] = "|".join(sorted(values))
    return found
