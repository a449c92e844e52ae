"""Annotation sessions: each edit is recorded in its own transaction; sessions are worked out on demand.

Recording, not deriving from the spans' own timestamps: a deleted span takes its time with it, an edit
overwrites ``updated``, imported and merged spans carry times of other work, and notes, statuses and gold
decisions leave no span time at all. One small row per edit costs a fraction of a millisecond.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from annotator.domain.models import Span
from annotator.domain.sessions import SessionReport, report
from annotator.services.project import Project
from annotator.storage import activity as activity_rows


def record_edit(project: Project, document_id: str, action: str, *, added: int = 0, removed: int = 0) -> None:
    """Note that the current annotator edited ``document_id``; call inside the edit's transaction."""
    activity_rows.record(
        project.database, project.annotator, document_id, action, added=added, removed=removed
    )


def session_report(
    project: Project, annotators: Sequence[str] = (), days: float | None = None
) -> SessionReport:
    """Sessions and per-annotator totals, for ``annotator stats --sessions`` and the window's chart;
    ``days``: only the edits of the last so many days (a session that began before counts from there)."""
    since = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="milliseconds") if days else ""
    return report(activity_rows.activity(project.database, annotators, since))


def record_spans(project: Project, spans: Sequence[Span], action: str, *, removed: bool = False) -> None:
    """Record an edit that added (or ``removed``) ``spans``: one row per article, with their count."""
    counts = Counter(span.document_id for span in spans)
    for document_id, count in counts.items():
        record_edit(
            project, document_id, action, added=0 if removed else count, removed=count if removed else 0
        )
