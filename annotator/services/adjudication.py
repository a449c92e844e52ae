"""Adjudication: turning several annotators' layers into a gold layer. Annotators' spans never change."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.domain.adjudication import (
    Candidate,
    GoldSpan,
    agreed_candidates,
    candidates,
    open_candidates,
    queue_groups,
)
from annotator.domain.errors import SpanError
from annotator.domain.models import Span
from annotator.domain.spans import span_text
from annotator.services.project import Project
from annotator.storage import gold as gold_rows
from annotator.storage.documents import get_document
from annotator.storage.labels import label_names
from annotator.storage.spans import spans_for_document

REVIEW_STATES = ("not_reviewed", "in_review", "reviewed")


@dataclass(frozen=True)
class AutoAcceptReport:
    accepted: list[GoldSpan]
    documents: int


def document_candidates(project: Project, document_id: str, annotators: Sequence[str]) -> list[Candidate]:
    return candidates(spans_for_document(project.database, document_id, annotators))


def decided_keys(project: Project, document_id: str) -> set[tuple[int, int, str]]:
    gold = {(g.start, g.end, g.label) for g in gold_rows.gold_for_document(project.database, document_id)}
    return gold | gold_rows.rejected_keys(project.database, document_id)


def review_queue(project: Project, document_id: str, annotators: Sequence[str]) -> list[list[Candidate]]:
    """What is left for the reviewer in this document: groups of overlapping, undecided candidates."""
    found = document_candidates(project, document_id, annotators)
    return queue_groups(open_candidates(found, decided_keys(project, document_id)))


def auto_accept(
    project: Project, document_ids: Iterable[str], annotators: Sequence[str], min_agree: int
) -> AutoAcceptReport:
    """Accept, in one transaction, every undecided candidate that ``min_agree`` annotators tagged exactly."""
    accepted: list[GoldSpan] = []
    ids = list(document_ids)
    with project.database.write():
        for document_id in ids:
            found = open_candidates(
                document_candidates(project, document_id, annotators), decided_keys(project, document_id)
            )
            new = [c.to_gold(project.annotator, auto=True) for c in agreed_candidates(found, min_agree)]
            gold_rows.upsert_gold(project.database, new)
            accepted += new
            if new and gold_rows.get_review_status(project.database, document_id) == "not_reviewed":
                gold_rows.set_review_status(project.database, document_id, "in_review", project.annotator)
    return AutoAcceptReport(accepted=accepted, documents=len(ids))


def accept(project: Project, candidate: Candidate) -> GoldSpan:
    """Accept one candidate (the reviewer's "accept A" or "accept B")."""
    gold = candidate.to_gold(project.annotator, auto=False)
    with project.database.write():
        gold_rows.upsert_gold(project.database, [gold])
        _mark_in_review(project, candidate.document_id)
    return gold


def add_gold(
    project: Project, document_id: str, start: int, end: int, label: str, sources: Sequence[Candidate] = ()
) -> GoldSpan:
    """The reviewer's own decision (an edited span), keeping the candidates it came from as provenance."""
    document = get_document(project.database, document_id)
    if label not in label_names(project.database):
        raise SpanError(f"there is no label called '{label}'")
    gold = GoldSpan(
        document_id=document_id,
        start=start,
        end=end,
        label=label,
        text=span_text(document.text, start, end),
        sources=tuple(source for c in sources for source in c.to_gold("", auto=False).sources),
        decided_by=project.annotator,
    )
    with project.database.write():
        gold_rows.upsert_gold(project.database, [gold])
        for candidate in sources:  # the originals are decided: edited, not accepted as they were
            gold_rows.reject(
                project.database,
                document_id,
                candidate.start,
                candidate.end,
                candidate.label,
                project.annotator,
            )
        _mark_in_review(project, document_id)
    return gold


def decide(project: Project, accepted: Sequence[Candidate], rejected: Sequence[Candidate]) -> list[GoldSpan]:
    """One reviewer decision in one transaction: accept some candidates, reject the others."""
    gold = [c.to_gold(project.annotator, auto=False) for c in accepted]
    with project.database.write():
        gold_rows.upsert_gold(project.database, gold)
        reject(project, rejected)
        for c in accepted:
            _mark_in_review(project, c.document_id)
    return gold


def candidates_for_spans(
    project: Project, spans: Sequence[Span], annotators: Sequence[str]
) -> list[Candidate]:
    """The candidates (with all their supporters among ``annotators``) that these spans belong to."""
    keys = {(s.document_id, s.start, s.end, s.label) for s in spans}
    found: list[Candidate] = []
    for document_id in sorted({s.document_id for s in spans}):
        found += [
            c
            for c in document_candidates(project, document_id, annotators)
            if (c.document_id, c.start, c.end, c.label) in keys
        ]
    return found


def reject(project: Project, rejected: Sequence[Candidate]) -> None:
    with project.database.write():
        for c in rejected:
            gold_rows.reject(project.database, c.document_id, c.start, c.end, c.label, project.annotator)
            _mark_in_review(project, c.document_id)


def undo_reject(project: Project, rejected: Sequence[Candidate]) -> None:
    with project.database.write():
        for c in rejected:
            gold_rows.unreject(project.database, c.document_id, c.start, c.end, c.label)


def remove_gold(project: Project, gold_ids: Sequence[str]) -> list[GoldSpan]:
    """Remove gold spans; returns them so that undo can restore them exactly."""
    removed = [gold_rows.get_gold(project.database, gold_id) for gold_id in gold_ids]
    gold_rows.delete_gold(project.database, gold_ids)
    return removed


def restore_gold(project: Project, spans: Sequence[GoldSpan]) -> None:
    gold_rows.upsert_gold(project.database, spans)


def gold_spans(project: Project, document_id: str) -> list[GoldSpan]:
    return gold_rows.gold_for_document(project.database, document_id)


def review_status(project: Project, document_id: str) -> str:
    return gold_rows.get_review_status(project.database, document_id)


def set_review_status(project: Project, document_id: str, status: str) -> str:
    if status not in REVIEW_STATES:
        raise ValueError(f"unknown review status {status!r}")
    before = gold_rows.get_review_status(project.database, document_id)
    gold_rows.set_review_status(project.database, document_id, status, project.annotator)
    return before


def _mark_in_review(project: Project, document_id: str) -> None:
    if gold_rows.get_review_status(project.database, document_id) == "not_reviewed":
        gold_rows.set_review_status(project.database, document_id, "in_review", project.annotator)
