"""How two layers of one article differ in relations, span attributes and document labels (review mode).

Relations are compared by their endpoint spans (start, end, label) and type:
- ``agreed``: the other layer has one with the same endpoints and type (a symmetric type in either order);
- ``type``: the same endpoints with another type;
- ``endpoints``: the same type between spans that overlap its own (each end overlapping);
- ``only``: nothing of the above in the other layer.
Attributes are compared on the spans both layers have exactly (same start, end and label), value by value;
document labels set by set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from annotator.domain.structure import AttributeValue

Endpoint = tuple[int, int, str]  # start, end, label


class RelationMatch(StrEnum):
    AGREED = "agreed"
    TYPE = "type"
    ENDPOINTS = "endpoints"
    ONLY = "only"


@dataclass(frozen=True)
class RelationView:
    """A relation as review compares it: its id, endpoints and type."""

    id: str
    source: Endpoint
    target: Endpoint
    type: str
    directed: bool = True


@dataclass(frozen=True)
class RelationDifference:
    relation: RelationView
    side: str  # "left" or "right": whose relation this is
    match: RelationMatch


@dataclass(frozen=True)
class AttributeDifference:
    span: Endpoint
    name: str
    left: AttributeValue | None
    right: AttributeValue | None


@dataclass(frozen=True)
class LabelDifference:
    label_set: str
    left: tuple[str, ...]
    right: tuple[str, ...]


def _overlap(a: Endpoint, b: Endpoint) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _ends(relation: RelationView) -> set[tuple[Endpoint, Endpoint]]:
    ends = {(relation.source, relation.target)}
    if not relation.directed:
        ends.add((relation.target, relation.source))
    return ends


def match_relation(relation: RelationView, other: Sequence[RelationView]) -> RelationMatch:
    ends = _ends(relation)
    same_ends = [o for o in other if (o.source, o.target) in ends or _ends(o) & ends]
    if any(o.type == relation.type for o in same_ends):
        return RelationMatch.AGREED
    if same_ends:
        return RelationMatch.TYPE
    for o in other:
        if o.type != relation.type:
            continue
        if any(_overlap(a, c) and _overlap(b, d) for a, b in ends for c, d in _ends(o)):
            return RelationMatch.ENDPOINTS
    return RelationMatch.ONLY


def relation_differences(
    left: Sequence[RelationView], right: Sequence[RelationView]
) -> list[RelationDifference]:
    """Every relation of either side that the other side lacks exactly, in text order."""
    found = [RelationDifference(r, "left", match_relation(r, right)) for r in left]
    found += [RelationDifference(r, "right", match_relation(r, left)) for r in right]
    found = [d for d in found if d.match is not RelationMatch.AGREED]
    return sorted(found, key=lambda d: (d.relation.source, d.relation.target, d.side, d.relation.type))


def attribute_differences(
    left: Mapping[Endpoint, Mapping[str, AttributeValue]],
    right: Mapping[Endpoint, Mapping[str, AttributeValue]],
) -> list[AttributeDifference]:
    """Values that differ (or are set on one side only) on the spans both layers have."""
    found = []
    for span in sorted(left.keys() & right.keys()):
        mine, theirs = left[span], right[span]
        for name in sorted(mine.keys() | theirs.keys()):
            a, b = mine.get(name), theirs.get(name)
            if a != b or type(a) is not type(b):
                found.append(AttributeDifference(span, name, a, b))
    return found


def label_differences(
    left: Mapping[str, Sequence[str]], right: Mapping[str, Sequence[str]]
) -> list[LabelDifference]:
    found = []
    for label_set in sorted(left.keys() | right.keys()):
        a, b = tuple(sorted(left.get(label_set, ()))), tuple(sorted(right.get(label_set, ())))
        if a != b:
            found.append(LabelDifference(label_set, a, b))
    return found
