"""Building a gold layer from several annotators' spans.

A *candidate* is one (start, end, label) that at least one annotator tagged; its *supporters* are the
annotators' spans with exactly that range and label. Candidates with enough supporters can be accepted
in one step; the rest wait in the review queue.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from annotator.domain.errors import NotAllowedError
from annotator.domain.models import Span, new_span_id, utc_now

GOLD_LAYER = "gold"  # the layer name used in exports, filters and the GUI; no annotator may take it


def names_gold_layer(name: str) -> bool:
    """Whether ``name`` is the adjudicated layer's, in any case and with any spaces around it."""
    return name.strip().casefold() == GOLD_LAYER


def check_annotator_name(name: str) -> str:
    """``name`` if a person may work under it: not empty, and not the adjudicated layer's name."""
    if not name.strip():
        raise NotAllowedError("an annotator name cannot be empty")
    if names_gold_layer(name):
        raise NotAllowedError(
            f"'{name}' is reserved for the adjudicated layer: gold spans are made in review mode; "
            "choose another annotator name"
        )
    return name


class SpanSource(BaseModel):
    model_config = ConfigDict(frozen=True)

    span_id: str
    annotator: str


class GoldSpan(BaseModel):
    """A span of the gold layer with its provenance."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_span_id)
    document_id: str
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    label: str
    text: str
    sources: tuple[SpanSource, ...] = ()
    decided_by: str
    decided_at: str = Field(default_factory=utc_now)
    auto_accepted: bool = False
    note: str = ""

    def as_span(self) -> Span:
        """The gold span as a plain span of the layer ``gold`` (for painting, comparing and exporting)."""
        return Span.model_construct(
            id=self.id,
            document_id=self.document_id,
            start=self.start,
            end=self.end,
            label=self.label,
            text=self.text,
            annotator=GOLD_LAYER,
            note=self.note,
            created=self.decided_at,
            updated=self.decided_at,
        )


@dataclass(frozen=True)
class Candidate:
    document_id: str
    start: int
    end: int
    label: str
    text: str
    supporters: tuple[Span, ...]

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)

    @property
    def annotators(self) -> tuple[str, ...]:
        return tuple(sorted({s.annotator for s in self.supporters}))

    def to_gold(self, decided_by: str, *, auto: bool) -> GoldSpan:
        return GoldSpan(
            document_id=self.document_id,
            start=self.start,
            end=self.end,
            label=self.label,
            text=self.text,
            sources=tuple(SpanSource(span_id=s.id, annotator=s.annotator) for s in self.supporters),
            decided_by=decided_by,
            auto_accepted=auto,
        )


def candidates(spans: Iterable[Span]) -> list[Candidate]:
    """Group spans by (document, start, end, label), in text order."""
    grouped: dict[tuple[str, int, int, str], list[Span]] = {}
    for span in spans:
        grouped.setdefault((span.document_id, span.start, span.end, span.label), []).append(span)
    return [
        Candidate(
            document_id, start, end, label, members[0].text, tuple(sorted(members, key=lambda s: s.annotator))
        )
        for (document_id, start, end, label), members in sorted(grouped.items())
    ]


def agreed_candidates(found: Sequence[Candidate], min_agree: int) -> list[Candidate]:
    """Candidates that at least ``min_agree`` different annotators tagged exactly."""
    if min_agree < 1:
        raise ValueError("at least one annotator must agree")
    return [c for c in found if len(c.annotators) >= min_agree]


def open_candidates(found: Sequence[Candidate], decided: set[tuple[int, int, str]]) -> list[Candidate]:
    """Candidates whose (start, end, label) is neither in the gold layer nor rejected yet."""
    return [c for c in found if c.key not in decided]


def queue_groups(open_: Sequence[Candidate]) -> list[list[Candidate]]:
    """Overlapping open candidates form one decision for the reviewer (accept one, edit, or reject)."""
    groups: list[list[Candidate]] = []
    reach = -1
    for candidate in sorted(open_, key=lambda c: (c.start, c.end, c.label)):
        if groups and candidate.start < reach:
            groups[-1].append(candidate)
            reach = max(reach, candidate.end)
        else:
            groups.append([candidate])
            reach = candidate.end
    return groups
