"""Curation: every annotator's spans of one article at once, grouped into places.

A *place* is a stretch of text where spans of any of the annotators overlap one another. Its *readings*
are the distinct (start, end, label) spans tagged there (the candidates of ``adjudication``), each with
the annotators behind it. Taking a reading into the gold layer rejects its alternatives (the readings
none of its annotators gave); a place is settled when each of its readings is taken or rejected. How
many agree at a place is the number of annotators behind its best-supported reading, out of the
annotators who worked on the article.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.domain.adjudication import Candidate, GoldSpan, candidates, queue_groups
from annotator.domain.models import Span

Key = tuple[int, int, str]


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    readings: tuple[Candidate, ...]  # best supported first, then in text order
    annotators: tuple[str, ...]  # everyone who worked on the article, whether or not they tagged here

    @property
    def agreeing(self) -> int:
        """How many annotators are behind the best-supported reading."""
        return len(self.readings[0].annotators)

    @property
    def unanimous(self) -> bool:
        """One reading, and every annotator of the article gave it: nothing to settle."""
        return len(self.readings) == 1 and self.agreeing == len(self.annotators)

    def spans_of(self, annotator: str) -> tuple[Span, ...]:
        """``annotator``'s spans here, in text order (empty when they tagged nothing here)."""
        found = [s for reading in self.readings for s in reading.supporters if s.annotator == annotator]
        return tuple(sorted(found, key=lambda s: (s.start, s.end, s.label)))

    def alternatives(self, reading: int) -> list[int]:
        """The readings that compete with ``readings[reading]``: those none of its annotators also gave.
        A reading given by the same annotator (a span nested in another, of another label) is a second
        thing to keep or not, not an alternative."""
        own = set(self.readings[reading].annotators)
        return [
            n
            for n, other in enumerate(self.readings)
            if n != reading and not own.intersection(other.annotators)
        ]

    def keys(self) -> set[Key]:
        return {reading.key for reading in self.readings}

    def gold(self, gold: Iterable[GoldSpan]) -> list[GoldSpan]:
        """The gold spans at this place (with their provenance)."""
        return [g for g in gold if g.start < self.end and self.start < g.end]

    def decided(self, decided: set[Key], gold: Sequence[GoldSpan]) -> bool:
        """Settled when every reading is in the gold layer or rejected, or when the curator's own span
        (one no annotator gave) stands in the gold layer here."""
        keys = self.keys()
        return keys <= decided or any((g.start, g.end, g.label) not in keys for g in self.gold(gold))


def places(spans: Iterable[Span], annotators: Sequence[str]) -> list[Place]:
    """The places of one article's spans, in text order; ``annotators`` are those who worked on it."""
    everyone = tuple(sorted(annotators))
    return [
        Place(
            start=min(c.start for c in group),
            end=max(c.end for c in group),
            readings=tuple(sorted(group, key=lambda c: (-len(c.annotators), c.start, c.end, c.label))),
            annotators=everyone,
        )
        for group in queue_groups(candidates(spans))
    ]


def step(places_decided: Sequence[tuple[Place, bool]], current: int, direction: int) -> int | None:
    """The next (``direction`` 1) or previous (-1) place after ``current`` that is an undecided
    disagreement, wrapping around; None when there is none."""
    count = len(places_decided)
    for offset in range(1, count + 1):
        row = (current + direction * offset) % count
        place, done = places_decided[row]
        if not done and not place.unanimous:
            return row
    return None
