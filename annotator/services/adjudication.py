"""Adjudication: turning several annotators' layers into a gold layer. Annotators' spans never change."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.domain.adjudication import (
    GOLD_LAYER,
    Candidate,
    GoldSpan,
    agreed_candidates,
    candidates,
    open_candidates,
)
from annotator.domain.errors import ConflictError, SpanError
from annotator.domain.models import Span
from annotator.domain.spans import span_text
from annotator.services.project import Project
from annotator.services.sessions import record_edit
from annotator.storage import gold as gold_rows
from annotator.storage.documents import get_document
from annotator.storage.labels import label_names
from annotator.storage.spans import find_span, row_of, spans_for_document

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
            if new:
                _mark_in_review(project, document_id)
                record_edit(project, document_id, "auto-accept")
    return AutoAcceptReport(accepted=accepted, documents=len(ids))


def auto_accept_preview(
    project: Project, document_ids: Iterable[str], annotators: Sequence[str]
) -> dict[int, tuple[int, int]]:
    """What ``auto_accept`` would accept for each agreement threshold k (1 .. number of annotators):
    k -> (spans, articles). Nothing is written."""
    agreeing: list[tuple[int, str]] = []  # (annotators who agree, article) for every undecided candidate
    for document_id in document_ids:
        found = open_candidates(
            document_candidates(project, document_id, annotators), decided_keys(project, document_id)
        )
        agreeing += [(len(c.annotators), document_id) for c in found]
    return {
        k: (
            sum(1 for n, _ in agreeing if n >= k),
            len({document_id for n, document_id in agreeing if n >= k}),
        )
        for k in range(1, len(annotators) + 1)
    }


@dataclass(frozen=True)
class Decision:
    """What one reviewer decision wrote: the gold spans it added and the candidates it rejected."""

    gold: list[GoldSpan]
    rejected: list[Candidate]

    @property
    def document_ids(self) -> list[str]:
        return sorted({g.document_id for g in self.gold} | {c.document_id for c in self.rejected})


def decide(
    project: Project, chosen: Sequence[Span], others: Sequence[Span], annotators: Sequence[str]
) -> Decision:
    """One reviewer decision in one transaction: accept the candidates of the ``chosen`` spans, reject
    those of the ``others``. The spans are as the reviewer saw them; if any changed since, nothing is
    written."""
    with project.database.write():
        _check_unchanged(project, [*chosen, *others])
        accepted = candidates_for_spans(project, chosen, annotators)
        rejected = candidates_for_spans(project, others, annotators)
        gold = [c.to_gold(project.annotator, auto=False) for c in accepted]
        gold_rows.upsert_gold(project.database, gold)
        _reject(project, rejected)
        for c in accepted:
            _mark_in_review(project, c.document_id)
        decision = Decision(gold, rejected)
        _record(project, decision, "decide")
    return decision


def add_gold(
    project: Project,
    document_id: str,
    start: int,
    end: int,
    label: str,
    replaced: Sequence[Span] = (),
    annotators: Sequence[str] = (),
) -> Decision:
    """The reviewer's own decision (an edited span). The candidates of the ``replaced`` spans (as the
    reviewer saw them) are kept as its provenance and rejected: edited, not accepted as they were."""
    with project.database.write():
        _check_unchanged(project, replaced)
        document = get_document(project.database, document_id)
        if label not in label_names(project.database):
            raise SpanError(f"there is no label called '{label}'")
        sources = candidates_for_spans(project, replaced, annotators)
        gold = GoldSpan(
            document_id=document_id,
            start=start,
            end=end,
            label=label,
            text=span_text(document.text, start, end),
            sources=tuple(source for c in sources for source in c.to_gold("", auto=False).sources),
            decided_by=project.annotator,
        )
        gold_rows.upsert_gold(project.database, [gold])
        _reject(project, sources)
        _mark_in_review(project, document_id)
        record_edit(project, document_id, "decide")
    return Decision([gold], list(sources))


def redo_decision(project: Project, decision: Decision) -> None:
    """Write a decision again after it was undone: its gold spans and its rejections, in one transaction."""
    with project.database.write():
        for gold in decision.gold:
            existing = gold_rows.find_gold(project.database, gold.id)
            if existing is not None and existing != gold:
                raise ConflictError(_gold_changed(gold))
        gold_rows.upsert_gold(project.database, decision.gold)
        _reject(project, decision.rejected)
        _record(project, decision, "redo decision")


def undo_decision(project: Project, decision: Decision) -> None:
    """Take a decision back in one transaction: remove its gold spans (refused if a colleague or another
    window changed them since) and its rejections."""
    with project.database.write():
        for gold in decision.gold:
            existing = gold_rows.find_gold(project.database, gold.id)
            if existing is None or existing != gold:
                raise ConflictError(_gold_changed(gold))
        gold_rows.delete_gold(project.database, [g.id for g in decision.gold])
        for c in decision.rejected:
            gold_rows.unreject(project.database, c.document_id, c.start, c.end, c.label)
        _record(project, decision, "undo decision")


def candidates_for_spans(
    project: Project, spans: Sequence[Span], annotators: Sequence[str]
) -> list[Candidate]:
    """The candidates (with all their supporters among ``annotators``) that these spans belong to."""
    keys = {(s.document_id, s.start, s.end, s.label) for s in spans if s.annotator != GOLD_LAYER}
    found: list[Candidate] = []
    for document_id in sorted({document_id for document_id, *_ in keys}):
        found += [
            c
            for c in document_candidates(project, document_id, annotators)
            if (c.document_id, c.start, c.end, c.label) in keys
        ]
    return found


def _record(project: Project, decision: Decision, action: str) -> None:
    for document_id in decision.document_ids:
        record_edit(project, document_id, action)


def _reject(project: Project, rejected: Sequence[Candidate]) -> None:
    for c in rejected:
        gold_rows.reject(project.database, c.document_id, c.start, c.end, c.label, project.annotator)
        _mark_in_review(project, c.document_id)


def _check_unchanged(project: Project, seen: Sequence[Span]) -> None:
    """Refuse a decision about annotators' spans that changed or vanished since the reviewer saw them."""
    for span in seen:
        if span.annotator == GOLD_LAYER:
            continue
        current = find_span(project.database, span.id)
        if current is None or row_of(current) != row_of(span):
            raise ConflictError(
                f"{span.annotator}'s span '{span.text[:30]}' changed since you saw it; nothing was decided, "
                "and the review shows the spans as they are now"
            )


def _gold_changed(gold: GoldSpan) -> str:
    return (
        f"the gold span '{gold.text[:30]}' was changed or removed since (in another window or by a "
        "command); nothing was changed"
    )


def gold_spans(project: Project, document_id: str) -> list[GoldSpan]:
    return gold_rows.gold_for_document(project.database, document_id)


def review_status(project: Project, document_id: str) -> str:
    return gold_rows.get_review_status(project.database, document_id)


def set_review_status(project: Project, document_id: str, status: str) -> str:
    if status not in REVIEW_STATES:
        raise ValueError(f"unknown review status {status!r}")
    with project.database.write():
        before = gold_rows.get_review_status(project.database, document_id)
        gold_rows.set_review_status(project.database, document_id, status, project.annotator)
    return before


def _mark_in_review(project: Project, document_id: str) -> None:
    if gold_rows.get_review_status(project.database, document_id) == "not_reviewed":
        gold_rows.set_review_status(project.database, document_id, "in_review", project.annotator)
