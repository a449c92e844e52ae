"""Sessions from edit times: idle gaps split them, and the figures add up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from annotator.domain.sessions import IDLE_LIMIT, Activity, report, sessions

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def edit(annotator: str, minutes: float, document: str = "d1", added: int = 0, removed: int = 0) -> Activity:
    at = (START + timedelta(minutes=minutes)).isoformat(timespec="milliseconds")
    return Activity(
        annotator=annotator,
        document_id=document,
        at=at,
        action="tag",
        spans_added=added,
        spans_removed=removed,
    )


def test_a_gap_longer_than_the_idle_limit_starts_a_new_session() -> None:
    events = [edit("alice", 0, added=1), edit("alice", 4, added=1), edit("alice", 9.5, added=1)]
    found = sessions(events)
    assert timedelta(minutes=5) == IDLE_LIMIT
    assert [(s.start, s.end) for s in found] == [(events[0].at, events[1].at), (events[2].at, events[2].at)]
    assert [s.minutes for s in found] == [4.0, 1.0]  # a lone edit counts as one minute


def test_a_gap_of_exactly_the_limit_stays_in_the_session() -> None:
    found = sessions([edit("alice", 0), edit("alice", 5), edit("alice", 10)])
    assert len(found) == 1
    assert found[0].minutes == 10.0


def test_idle_time_is_left_out_of_the_minutes() -> None:
    events = [
        edit("bob", 0, added=2),
        edit("bob", 2, added=2),
        edit("bob", 60, added=3),
        edit("bob", 63, added=3),
    ]
    found = sessions(events)
    assert sum(s.minutes for s in found) == 5.0  # not 63
    assert [s.spans_per_minute for s in found] == [2.0, 2.0]


def test_articles_spans_and_edits_per_session() -> None:
    events = [
        edit("carol", 0, "d1", added=1),
        edit("carol", 1, "d2", added=3),
        edit("carol", 2, "d1", removed=1),
        edit("carol", 3, "d3"),
    ]
    (session,) = sessions(events)
    assert (session.edits, session.articles, session.spans_added, session.spans_removed) == (4, 3, 4, 1)


def test_annotators_are_apart_and_events_need_not_come_in_order() -> None:
    events = [edit("bob", 3), edit("alice", 2), edit("bob", 0), edit("alice", 0)]
    found = sessions(events)
    assert [(s.annotator, s.edits, s.minutes) for s in found] == [("alice", 2, 2.0), ("bob", 2, 3.0)]


@pytest.mark.parametrize("limit", [1, 10])
def test_the_idle_limit_can_be_chosen(limit: int) -> None:
    found = sessions([edit("alice", 0), edit("alice", 3)], idle_limit=timedelta(minutes=limit))
    assert len(found) == (2 if limit < 3 else 1)


def test_no_edits_no_sessions() -> None:
    assert sessions([]) == []


def test_totals_count_an_article_of_two_sessions_once() -> None:
    events = [
        edit("alice", 0, "d1", added=2),
        edit("alice", 30, "d1", added=1),
        edit("alice", 31, "d2", added=1),
    ]
    found = report(events)
    (total,) = found.totals
    assert (total.sessions, total.articles, total.spans_added, total.minutes) == (2, 2, 4, 2.0)
    assert total.spans_per_minute == 2.0
    assert sum(s.articles for s in found.sessions) == 3
    assert found.idle_minutes == 5.0
