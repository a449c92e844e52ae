"""Curation: one article, every annotator's spans at each place, and the curator's decisions.

Decisions go through ``adjudication``, as review mode's do: the same gold layer, the same provenance, the
same undo. Each is one transaction, which also checks that the place is still undecided.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.adjudication import GOLD_LAYER, GoldSpan
from annotator.domain.curation import Key, Place, places
from annotator.domain.errors import ConflictError
from annotator.services import adjudication
from annotator.services.adjudication import AutoAcceptReport, Decision
from annotator.services.project import Project
from annotator.storage.annotators import list_annotators
from annotator.storage.spans import spans_for_document
from annotator.storage.status import annotators_with_status


@dataclass(frozen=True)
class Curation:
    """An article as the curator sees it: its places, which are decided, and its gold layer."""

    document_id: str
    annotators: tuple[str, ...]
    places: list[Place]
    decided: list[bool]
    gold: list[GoldSpan]
    decided_keys: set[Key]  # (start, end, label) in the gold layer or rejected

    def state(self, key: Key) -> str:
        """ "in gold", "rejected" or "open": what became of one reading."""
        if any((g.start, g.end, g.label) == key for g in self.gold):
            return "in gold"
        return "rejected" if key in self.decided_keys else "open"

    @property
    def disagreements(self) -> int:
        return sum(1 for place in self.places if not place.unanimous)

    @property
    def open(self) -> int:
        """Disagreements still waiting for a decision."""
        pairs = zip(self.places, self.decided, strict=True)
        return sum(1 for place, done in pairs if not done and not place.unanimous)


def curate(project: Project, document_id: str) -> Curation:
    """Every annotator's spans of the article, grouped into places. Those who worked on the article (a
    span in it, or a status set) are the ones agreement is counted among; the gold layer is not one."""
    spans = [s for s in spans_for_document(project.database, document_id) if s.annotator != GOLD_LAYER]
    worked = {s.annotator for s in spans} | set(annotators_with_status(project.database, document_id))
    annotators = tuple(name for name in list_annotators(project.database) if name in worked)
    found = places(spans, annotators)
    decided = adjudication.decided_keys(project, document_id)
    gold = adjudication.gold_spans(project, document_id)
    marks = [p.decided(decided, gold) for p in found]
    return Curation(document_id, annotators, found, marks, gold, decided)


def take_reading(project: Project, place: Place, reading: int) -> Decision:
    """Accept ``place.readings[reading]`` into the gold layer, with its annotators' spans as provenance,
    and reject its alternatives there. Refused when the place was decided since it was shown."""
    return _decide_open(project, place, reading, place.alternatives(reading))


def reject_place(project: Project, place: Place) -> Decision:
    """Reject every reading at ``place``: none of them goes into the gold layer."""
    return _decide_open(project, place, None, list(range(len(place.readings))))


def accept_unanimous(project: Project, curation: Curation) -> AutoAcceptReport:
    """Accept every reading that all the article's annotators gave, in one transaction."""
    return adjudication.auto_accept(
        project, [curation.document_id], curation.annotators, max(len(curation.annotators), 1)
    )


def _decide_open(project: Project, place: Place, chosen: int | None, rejected: list[int]) -> Decision:
    document_id = place.readings[0].document_id
    with project.database.write():
        gold = adjudication.gold_spans(project, document_id)
        decided = adjudication.decided_keys(project, document_id)
        if place.decided(decided, gold):
            raise ConflictError(
                f"the place [{place.start}–{place.end}) was decided since you saw it (in another window or "
                "by a command); undo that decision to take another reading"
            )
        # Readings decided before (one pair at a time in review mode, say) are left as they are.
        in_gold = {(g.start, g.end, g.label) for g in gold}
        accepted = place.readings[chosen] if chosen is not None else None
        keep = list(accepted.supporters) if accepted and accepted.key not in in_gold else []
        drop = [
            s for n in rejected if place.readings[n].key not in decided for s in place.readings[n].supporters
        ]
        return adjudication.decide(project, keep, drop, place.annotators)
