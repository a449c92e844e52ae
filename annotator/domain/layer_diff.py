"""How one annotation layer compares with another on the same document.

Each span of layer A is classified against layer B:
- ``agreed``: B has a span with the same start, end and label;
- ``label``: B has a span with the same start and end but another label (label disagreement);
- ``boundary``: B has an overlapping span with the same label but other offsets (boundary disagreement);
- ``only``: nothing in B matches it in any of those ways (only in this layer).
When several apply, the first in that order wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from annotator.domain.models import Span


class Agreement(StrEnum):
    AGREED = "agreed"
    LABEL = "label"
    BOUNDARY = "boundary"
    ONLY = "only"

    @property
    def display_name(self) -> str:
        return {
            "agreed": "Agreed",
            "label": "Label disagreement",
            "boundary": "Boundary disagreement",
            "only": "Only in this layer",
        }[self.value]


def classify(span: Span, other: Sequence[Span]) -> Agreement:
    same_range = [o for o in other if o.start == span.start and o.end == span.end]
    if any(o.label == span.label for o in same_range):
        return Agreement.AGREED
    if same_range:
        return Agreement.LABEL
    if any(o.label == span.label and o.start < span.end and span.start < o.end for o in other):
        return Agreement.BOUNDARY
    return Agreement.ONLY


def classify_layer(layer: Sequence[Span], other: Sequence[Span]) -> dict[str, Agreement]:
    """Span id -> agreement, for every span of ``layer`` against ``other``."""
    return {span.id: classify(span, other) for span in layer}


@dataclass(frozen=True)
class Disagreement:
    """A place where two layers differ: the spans of each side that overlap one another."""

    start: int
    end: int
    left: tuple[Span, ...]
    right: tuple[Span, ...]

    @property
    def kind(self) -> Agreement:
        if self.left and self.right:
            left_labels = {s.label for s in self.left}
            right_labels = {s.label for s in self.right}
            return Agreement.BOUNDARY if left_labels & right_labels else Agreement.LABEL
        return Agreement.ONLY


def disagreements(left: Sequence[Span], right: Sequence[Span]) -> list[Disagreement]:
    """Clusters of overlapping spans (from both layers) that are not exact agreements, in text order."""
    classes_left = classify_layer(left, right)
    classes_right = classify_layer(right, left)
    pending = [(s, "L") for s in left if classes_left[s.id] is not Agreement.AGREED]
    pending += [(s, "R") for s in right if classes_right[s.id] is not Agreement.AGREED]
    pending.sort(key=lambda item: (item[0].start, item[0].end, item[1], item[0].id))
    clusters: list[Disagreement] = []
    group: list[tuple[Span, str]] = []
    reach = -1
    for span, side in pending:
        if group and span.start >= reach:
            clusters.append(_cluster(group))
            group = []
        group.append((span, side))
        reach = max(reach, span.end) if len(group) > 1 else span.end
    if group:
        clusters.append(_cluster(group))
    return clusters


def _cluster(group: list[tuple[Span, str]]) -> Disagreement:
    return Disagreement(
        start=min(s.start for s, _ in group),
        end=max(s.end for s, _ in group),
        left=tuple(s for s, side in group if side == "L"),
        right=tuple(s for s, side in group if side == "R"),
    )
