"""``annotator stats --sessions``: each annotator's sessions, as a table or JSON."""

from __future__ import annotations

import json
from datetime import datetime

from annotator.domain.sessions import Session, SessionReport
from annotator.services.project import Project
from annotator.services.sessions import session_report


def print_sessions(project: Project, *, as_json: bool, days: float | None = None) -> int:
    found = session_report(project, days=days)
    if as_json:
        print(json.dumps(as_record(found), indent=2, ensure_ascii=False))
        return 0
    if not found.sessions:
        print("no annotation sessions recorded yet")
        return 0
    print(f"sessions end after {found.idle_minutes:g} minutes without an edit; times are local")
    for total in found.totals:
        print(f"\n{total.annotator}")
        print(
            f"  {'session':<24} {'minutes':>8} {'articles':>9} {'spans':>6} {'removed':>8} {'spans/min':>10}"
        )
        for session in (s for s in found.sessions if s.annotator == total.annotator):
            print(
                f"  {_when(session):<24} {session.minutes:>8.1f} {session.articles:>9} "
                f"{session.spans_added:>6} {session.spans_removed:>8} {session.spans_per_minute:>10.2f}"
            )
        print(
            f"  {_count(total.sessions):<24} {total.minutes:>8.1f} {total.articles:>9} "
            f"{total.spans_added:>6} {total.spans_removed:>8} {total.spans_per_minute:>10.2f}"
        )
    return 0


def as_record(found: SessionReport) -> dict[str, object]:
    """The report as JSON: times in UTC (ISO 8601), rates included so no reader has to divide."""
    return {
        "idle_minutes": found.idle_minutes,
        "annotators": [
            {
                **total.model_dump(),
                "spans_per_minute": round(total.spans_per_minute, 3),
                "sessions": [
                    {
                        **session.model_dump(exclude={"annotator"}),
                        "spans_per_minute": round(session.spans_per_minute, 3),
                    }
                    for session in found.sessions
                    if session.annotator == total.annotator
                ],
            }
            for total in found.totals
        ],
    }


def _when(session: Session) -> str:
    start = datetime.fromisoformat(session.start).astimezone()
    end = datetime.fromisoformat(session.end).astimezone()
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def _count(sessions: int) -> str:
    return f"total ({sessions} session{'' if sessions == 1 else 's'})"
