"""Annotation sessions: stretches of work worked out from the times of an annotator's edits.

Every edit is recorded with its time (see ``storage/activity.py``). A session is a run of one annotator's
edits in which no two consecutive edits are more than ``IDLE_LIMIT`` apart: five minutes without an edit
ends a session, and that idle time is not counted. A session lasts from its first edit to its last; a
session of a single edit counts as one minute, so that a rate can always be given.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field, field_validator

IDLE_LIMIT = timedelta(minutes=5)
SHORTEST_SESSION = timedelta(minutes=1)


class Activity(BaseModel):
    """One edit: who made it, in which article, when (ISO 8601, UTC), and the spans it added or removed."""

    model_config = ConfigDict(frozen=True)

    annotator: str
    document_id: str
    at: str
    action: str
    spans_added: int = Field(default=0, ge=0)
    spans_removed: int = Field(default=0, ge=0)

    @field_validator("at")
    @classmethod
    def _at_is_a_utc_time(cls, value: str) -> str:
        # Rows can come from a colleague's file: a time that cannot be read would break every report.
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not an ISO 8601 time") from None
        if when.utcoffset() != timedelta(0):
            raise ValueError(f"'{value}' is not a time in UTC")
        return value

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes an edit the same edit in two project files (merging twice adds it once)."""
        return (self.annotator, self.document_id, self.at, self.action)


class Session(BaseModel):
    model_config = ConfigDict(frozen=True)

    annotator: str
    start: str
    end: str
    minutes: float
    edits: int
    articles: int
    spans_added: int
    spans_removed: int

    @property
    def spans_per_minute(self) -> float:
        return self.spans_added / self.minutes


def sessions(events: Iterable[Activity], idle_limit: timedelta = IDLE_LIMIT) -> list[Session]:
    """Every annotator's sessions, by annotator and then in time order."""
    by_annotator: dict[str, list[tuple[datetime, Activity]]] = {}
    for event in events:
        by_annotator.setdefault(event.annotator, []).append((datetime.fromisoformat(event.at), event))
    found: list[Session] = []
    for annotator in sorted(by_annotator):
        run: list[tuple[datetime, Activity]] = []
        for when, event in sorted(by_annotator[annotator], key=lambda item: item[0]):
            if run and when - run[-1][0] > idle_limit:
                found.append(_session(annotator, run))
                run = []
            run.append((when, event))
        if run:
            found.append(_session(annotator, run))
    return found


def _session(annotator: str, run: list[tuple[datetime, Activity]]) -> Session:
    first, last = run[0][0], run[-1][0]
    length = max(last - first, SHORTEST_SESSION)
    return Session(
        annotator=annotator,
        start=run[0][1].at,
        end=run[-1][1].at,
        minutes=length.total_seconds() / 60,
        edits=len(run),
        articles=len({event.document_id for _, event in run}),
        spans_added=sum(event.spans_added for _, event in run),
        spans_removed=sum(event.spans_removed for _, event in run),
    )


class SessionTotals(BaseModel):
    """One annotator's sessions added up: the weekly progress figure."""

    model_config = ConfigDict(frozen=True)

    annotator: str
    sessions: int
    minutes: float
    articles: int
    spans_added: int
    spans_removed: int

    @property
    def spans_per_minute(self) -> float:
        return self.spans_added / self.minutes if self.minutes else 0.0


class SessionReport(BaseModel):
    """Every annotator's sessions and their totals, with the idle limit that separated them."""

    model_config = ConfigDict(frozen=True)

    idle_minutes: float
    sessions: list[Session]
    totals: list[SessionTotals]


def report(events: Iterable[Activity], idle_limit: timedelta = IDLE_LIMIT) -> SessionReport:
    events = list(events)
    found = sessions(events, idle_limit)
    articles: dict[str, set[str]] = {}
    for event in events:
        articles.setdefault(event.annotator, set()).add(event.document_id)
    grouped: dict[str, list[Session]] = {}
    for session in found:
        grouped.setdefault(session.annotator, []).append(session)
    summed = [
        SessionTotals(
            annotator=name,
            sessions=len(runs),
            minutes=sum(s.minutes for s in runs),
            # An article worked on in two sessions counts once here.
            articles=len(articles[name]),
            spans_added=sum(s.spans_added for s in runs),
            spans_removed=sum(s.spans_removed for s in runs),
        )
        for name, runs in sorted(grouped.items())
    ]
    return SessionReport(idle_minutes=idle_limit.total_seconds() / 60, sessions=found, totals=summed)
