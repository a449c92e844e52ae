"""Replacing an article's text with a new version, without ever silently shifting its spans.

``update_document_text`` is one transaction: the old text is kept as a revision, the new text replaces it,
and every span (annotators' and gold) is either re-anchored exactly or flagged for review with a reason.
Importers call it when a file brings a new version of an article they already hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.domain.anchoring import Anchor, AnchorStatus, reanchor
from annotator.domain.errors import InputError, NotAllowedError
from annotator.domain.spans import span_text
from annotator.domain.text import canonical_text, text_sha256
from annotator.services.project import Project
from annotator.services.sessions import record_edit
from annotator.storage import revisions as revision_rows
from annotator.storage.documents import find_by_sha256, get_document
from annotator.storage.revisions import Layer, Rejection, SpanRow

__all__ = [
    "Layer",
    "RevisionReport",
    "SpanOutcome",
    "SpanRow",
    "resolve_review",
    "restore_review",
    "spans_needing_review",
    "update_document_text",
]


@dataclass(frozen=True)
class SpanOutcome:
    """What happened to one span when the text changed."""

    layer: Layer
    span_id: str
    owner: str
    label: str
    text: str
    old_start: int
    old_end: int
    start: int
    end: int
    status: AnchorStatus
    reason: str = ""


@dataclass
class RevisionReport:
    document_id: str
    changed: bool
    revision: int
    outcomes: list[SpanOutcome] = field(default_factory=list)
    rejections_moved: int = 0
    rejections_dropped: int = 0

    def _with(self, status: AnchorStatus) -> list[SpanOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status is status]

    @property
    def unchanged(self) -> list[SpanOutcome]:
        return self._with(AnchorStatus.UNCHANGED)

    @property
    def moved(self) -> list[SpanOutcome]:
        return self._with(AnchorStatus.MOVED)

    @property
    def flagged(self) -> list[SpanOutcome]:
        return self._with(AnchorStatus.FLAGGED)

    def summary(self) -> str:
        if not self.changed:
            return "the text is the same as the stored one; nothing changed"
        return (
            f"revision {self.revision}: {len(self.unchanged)} span(s) in place, {len(self.moved)} moved "
            f"exactly, {len(self.flagged)} flagged for review"
        )


def update_document_text(
    project: Project, document_id: str, new_text: str, *, source: str | None = None
) -> RevisionReport:
    """Replace a document's text; re-anchor or flag every span. ``source`` names the file in errors."""
    text = canonical_text(new_text)
    if not text.strip():
        raise InputError("the new version is empty: there is no text to annotate", path=source)
    sha = text_sha256(text)
    database = project.database
    with database.write():
        # Read inside the transaction: nobody can change the spans between reading and moving them.
        document = get_document(database, document_id)
        revision = revision_rows.current_revision(database, document_id)
        if document.sha256 == sha:
            return RevisionReport(document_id=document_id, changed=False, revision=revision)
        twin = find_by_sha256(database, sha)
        if twin is not None:
            raise InputError(
                f"this text is already in the project as another document ({twin}); "
                f"it cannot also become the new version of {document_id}",
                path=source,
            )
        rows = revision_rows.span_rows(database, document_id)
        placements = reanchor(document.text, text, [Anchor(r.id, r.start, r.end, r.text) for r in rows])
        revision_rows.record_revision(database, document_id, revision, document.text, document.sha256)
        revision_rows.replace_text(database, document_id, text, sha, revision + 1)
        report = RevisionReport(document_id=document_id, changed=True, revision=revision + 1)
        for row, placed in zip(rows, placements, strict=True):
            flagged = placed.status is AnchorStatus.FLAGGED
            reason = row.review_reason if row.needs_review else placed.reason
            revision_rows.place_span(
                database,
                row.layer,
                row.id,
                start=placed.start,
                end=placed.end,
                text=row.text,
                needs_review=row.needs_review or flagged,
                review_reason=reason,
            )
            report.outcomes.append(
                SpanOutcome(
                    layer=row.layer,
                    span_id=row.id,
                    owner=row.owner,
                    label=row.label,
                    text=row.text,
                    old_start=row.start,
                    old_end=row.end,
                    start=placed.start,
                    end=placed.end,
                    status=placed.status,
                    reason=placed.reason,
                )
            )
        _move_rejections(project, document_id, document.text, text, report)
    return report


def _move_rejections(project: Project, document_id: str, old: str, new: str, report: RevisionReport) -> None:
    # A rejected gold candidate that cannot be placed exactly is dropped: it is then offered again, which
    # costs a click, while a misplaced rejection would hide a candidate.
    rejections = revision_rows.rejections(project.database, document_id)
    if not rejections:
        return
    anchors = [Anchor(str(i), r.start, r.end, old[r.start : r.end]) for i, r in enumerate(rejections)]
    kept: list[Rejection] = []
    for rejection, placed in zip(rejections, reanchor(old, new, anchors), strict=True):
        if placed.status is AnchorStatus.FLAGGED:
            report.rejections_dropped += 1
            continue
        if placed.status is AnchorStatus.MOVED:
            report.rejections_moved += 1
        kept.append(
            Rejection(placed.start, placed.end, rejection.label, rejection.decided_by, rejection.decided_at)
        )
    revision_rows.replace_rejections(project.database, document_id, kept)


def spans_needing_review(project: Project, document_id: str | None = None) -> list[SpanRow]:
    """Spans flagged when their document's text changed (of one document, or of all)."""
    return revision_rows.flagged_rows(project.database, document_id)


def resolve_review(project: Project, layer: Layer, span_id: str, start: int, end: int) -> SpanRow:
    """Place a flagged span at ``[start, end)`` of the current text and clear its flag; returns it as it was.

    Placing it where it already is accepts the best guess. Undo with ``restore_review``.
    """
    database = project.database
    with database.write():
        before = revision_rows.get_span_row(database, layer, span_id)
        _check_owner(project, before)
        document = get_document(database, before.document_id)
        text = span_text(document.text, start, end)
        revision_rows.place_span(
            database, layer, span_id, start=start, end=end, text=text, needs_review=False
        )
        record_edit(project, before.document_id, "keep flagged span")
    return before


def restore_review(project: Project, row: SpanRow) -> None:
    """Put a span's offsets, text and review flag back as they were (undo of ``resolve_review``)."""
    _check_owner(project, row)
    with project.database.write():
        revision_rows.get_span_row(project.database, row.layer, row.id)  # refused if it is gone
        revision_rows.place_span(
            project.database,
            row.layer,
            row.id,
            start=row.start,
            end=row.end,
            text=row.text,
            needs_review=row.needs_review,
            review_reason=row.review_reason,
        )


def _check_owner(project: Project, row: SpanRow) -> None:
    # Gold spans belong to the adjudication, which any reviewer carries out; annotators' spans to them.
    if row.layer is Layer.SPANS and row.owner != project.annotator:
        raise NotAllowedError(f"the span '{row.text[:30]}' belongs to {row.owner}; only they can move it")


def previous_text(project: Project, document_id: str, revision: int) -> str:
    """The text of an earlier revision (what flagged spans were tagged in is the one before the current)."""
    return revision_rows.previous_text(project.database, document_id, revision)
