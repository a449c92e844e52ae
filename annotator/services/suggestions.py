"""The analyst's decisions on suggestions: accept (the suggestion becomes their own span, remembering where
it came from), reject (never proposed to them again), and the undo of each. One call, one transaction.

Decisions name the suggestions as the caller saw them; a suggestion refreshed or removed since, or one whose
article changed under it, is refused with nothing changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from annotator.domain.adjudication import check_annotator_name
from annotator.domain.errors import ConflictError
from annotator.domain.models import DocumentStatus, Span, utc_now
from annotator.domain.suggestions import Provenance, Suggestion
from annotator.services import annotation
from annotator.services.project import Project
from annotator.services.sessions import record_edit, record_spans
from annotator.storage import spans as span_rows
from annotator.storage import suggestions as suggestion_rows
from annotator.storage.documents import text_slice
from annotator.storage.labels import label_names
from annotator.storage.status import get_status, set_status

SuggestionKey = tuple[str, int, int, str]


class Accepted(NamedTuple):
    """A span made from a suggestion, with the provenance stored beside it."""

    span: Span
    provenance: Provenance


def open_suggestions(project: Project, document_id: str) -> list[Suggestion]:
    """The article's suggestions the analyst has not tagged or rejected yet."""
    return suggestion_rows.open_suggestions(project.database, document_id, project.annotator)


def next_uncertain_article(project: Project, current: str | None) -> str | None:
    """Active learning: the untagged article whose model suggestions are least certain, so that tagging
    it teaches the model most."""
    return suggestion_rows.most_uncertain_document(project.database, project.annotator, current)


def best_per_place(suggestions: Sequence[Suggestion]) -> list[Suggestion]:
    """One suggestion per place and label (the best scored) where several sources agree."""
    best: dict[SuggestionKey, Suggestion] = {}
    for suggestion in suggestions:
        kept = best.get(suggestion.key)
        if kept is None or suggestion.score > kept.score:
            best[suggestion.key] = suggestion
    return sorted(best.values(), key=lambda s: (s.start, s.end, s.label))


def accept_suggestions(
    project: Project, seen: Sequence[Suggestion], *, label: str | None = None
) -> list[Accepted]:
    """Turn suggestions into the analyst's spans (with ``label`` instead of theirs, when given)."""
    check_annotator_name(project.annotator)
    database = project.database
    accepted: list[Accepted] = []
    with database.write():
        labels = label_names(database)
        done: set[SuggestionKey] = set()
        for suggestion in best_per_place(seen):
            _check_current(project, suggestion)
            chosen = label or suggestion.label
            if chosen not in labels:
                raise ConflictError(f"there is no label called '{chosen}' any more; nothing was accepted")
            key = (suggestion.document_id, suggestion.start, suggestion.end, chosen)
            if key in done or _already_tagged(project, key):
                continue
            done.add(key)
            now = utc_now()
            span = Span(
                document_id=suggestion.document_id,
                start=suggestion.start,
                end=suggestion.end,
                label=chosen,
                text=suggestion.text,
                annotator=project.annotator,
                created=now,
                updated=now,
            )
            provenance = Provenance(
                source=suggestion.source,
                score=suggestion.score,
                provenance=suggestion.provenance,
                accepted_at=now,
            )
            span_rows.upsert_spans(database, [span])
            suggestion_rows.set_provenance(database, span.id, provenance)
            accepted.append(Accepted(span, provenance))
        for document_id in sorted({a.span.document_id for a in accepted}):
            if get_status(database, document_id, project.annotator) is DocumentStatus.TODO:
                set_status(database, document_id, project.annotator, DocumentStatus.IN_PROGRESS)
        record_spans(project, [a.span for a in accepted], "accept suggestion")
    return accepted


def accept_above(project: Project, document_id: str, threshold: float) -> list[Accepted]:
    """Accept every open suggestion in the article scored at least ``threshold``."""
    with project.database.write():
        chosen = [s for s in open_suggestions(project, document_id) if s.score >= threshold]
        return accept_suggestions(project, chosen)


def withdraw_accepted(project: Project, accepted: Sequence[Accepted]) -> None:
    """Undo an accept: remove the spans as they were made (refused when changed since)."""
    with project.database.write():
        for item in accepted:
            annotation.remove_span(project, item.span)
        suggestion_rows.delete_provenance(project.database, [item.span.id for item in accepted])


def restore_accepted(project: Project, accepted: Sequence[Accepted]) -> None:
    """Redo an accept: put the same spans back, with their provenance."""
    with project.database.write():
        for item in accepted:
            annotation.restore_span(project, item.span)
            suggestion_rows.set_provenance(project.database, item.span.id, item.provenance)


def reject_suggestions(project: Project, seen: Sequence[Suggestion]) -> list[SuggestionKey]:
    """Remember that the analyst rejected these (every source's suggestion of the same place and label)."""
    check_annotator_name(project.annotator)
    with project.database.write():
        for suggestion in seen:
            _check_current(project, suggestion)
        keys = sorted({s.key for s in seen})
        suggestion_rows.add_rejections(project.database, keys, project.annotator)
        for document_id in sorted({key[0] for key in keys}):
            record_edit(project, document_id, "reject suggestion")
    return keys


def unreject(project: Project, keys: Sequence[SuggestionKey]) -> None:
    with project.database.write():
        suggestion_rows.delete_rejections(project.database, keys, project.annotator)


def rereject(project: Project, keys: Sequence[SuggestionKey]) -> None:
    with project.database.write():
        suggestion_rows.add_rejections(project.database, keys, project.annotator)


def provenance_of(project: Project, span_ids: Sequence[str]) -> dict[str, Provenance]:
    return suggestion_rows.provenance_of(project.database, span_ids)


def _check_current(project: Project, suggestion: Suggestion) -> None:
    stored = suggestion_rows.find_suggestion(project.database, suggestion.id)
    if stored is None or stored.key != suggestion.key or stored.label != suggestion.label:
        raise ConflictError(
            f"the suggestion '{_snippet(suggestion.text)}' was refreshed or removed since you saw it; "
            "nothing was changed"
        )
    text, _ = text_slice(project.database, suggestion.document_id, suggestion.start, suggestion.end)
    if text != suggestion.text:
        raise ConflictError(
            f"the article under the suggestion '{_snippet(suggestion.text)}' has changed; nothing was changed"
        )


def _already_tagged(project: Project, key: SuggestionKey) -> bool:
    document_id, start, end, label = key
    return any(
        s.start == start and s.end == end and s.label == label
        for s in span_rows.spans_for_document(project.database, document_id, [project.annotator])
    )


def _snippet(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"
