"""What curators decide reaches everyone: a renamed label is renamed everywhere (spans follow), and
rejected candidates and review statuses travel, so that every project sees the same adjudication."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from annotator.services.adjudication import (
    decide,
    document_candidates,
    review_status,
    set_review_status,
    undo_decision,
)
from annotator.services.annotation import tag_span
from annotator.services.labels import update_label
from annotator.services.project import Project
from annotator.services.sync import sync
from annotator.storage import gold as gold_rows
from annotator.storage import labels as label_rows
from annotator.storage import spans as span_rows
from tests.fixtures.review import review_queue
from tests.hub.team import ARTICLES, add_articles, document_id, open_member, set_up_hub

TEAM = ("carol", "alice", "bob", "rita")  # a curator, two annotators, a reviewer who only reads


@pytest.fixture
def team(hub_url: str, tmp_path: Path) -> Iterator[dict[str, Project]]:
    set_up_hub(hub_url)
    projects = {name: open_member(tmp_path, hub_url, name) for name in TEAM}
    add_articles(projects["carol"])
    for project in projects.values():
        sync(project)
    yield projects
    for project in projects.values():
        project.close()


def hub_span_labels(url: str) -> dict[str, str]:
    with psycopg.connect(url) as conn:
        return {row[0]: row[1] for row in conn.execute("SELECT id, label FROM spans")}


def test_a_renamed_label_is_renamed_everywhere_and_spans_follow(
    team: dict[str, Project], hub_url: str
) -> None:
    carol, alice, bob, rita = (team[name] for name in TEAM)
    doc = document_id(alice, ARTICLES[0])
    alices = tag_span(alice, doc, 0, 6, "chips")
    sync(alice)
    bobs = tag_span(bob, document_id(bob, ARTICLES[0]), 19, 25, "chips")
    # Bob works offline: his span reaches the hub only after the rename.
    sync(carol)
    update_label(carol, "chips", new_name="hardware")
    report = sync(carol)
    assert report.sent["label_renames"] == 1
    assert not report.kept_local  # alice's span, renamed here too, is hers to send: nothing to report

    report = sync(alice)
    assert report.received["label_renames"] == 1 and not report.problems
    assert "chips" not in label_rows.label_names(alice.database)
    assert span_rows.get_span(alice.database, alices.id).label == "hardware"
    assert hub_span_labels(hub_url)[alices.id] == "hardware"  # alice relabelled her own span on the hub
    assert sum(sync(alice).sent.values()) == 0  # nothing left over, nothing sent twice

    sync(bob)  # sends his span as "chips", then renames it here and relabels it on the hub
    assert span_rows.get_span(bob.database, bobs.id).label == "hardware"
    assert span_rows.get_span(bob.database, alices.id).label == "hardware"
    assert hub_span_labels(hub_url) == {alices.id: "hardware", bobs.id: "hardware"}

    for project in (carol, alice, rita):
        sync(project)
        labels = label_rows.label_names(project.database)
        assert "hardware" in labels and "chips" not in labels, project.annotator
        assert {span.label for span in label_rows.spans_with_label(project.database, "hardware")} == {
            "hardware"
        }
        assert len(label_rows.spans_with_label(project.database, "hardware")) == 2


def test_a_span_made_before_a_rename_takes_the_new_name_when_it_arrives(
    team: dict[str, Project], hub_url: str
) -> None:
    carol, alice = team["carol"], team["alice"]
    update_label(carol, "chips", new_name="hardware")
    sync(carol)
    sync(alice)
    # Bob's span reaches the hub under the old name (sent before his project heard of the rename).
    with psycopg.connect(hub_url, autocommit=True) as admin:
        sha = admin.execute("SELECT sha256 FROM documents WHERE text = %s", (ARTICLES[1],)).fetchone()
        assert sha is not None
        admin.execute(
            'INSERT INTO spans (id, document, annotator, created, start, "end", label, text, updated) '
            "VALUES ('bobs', %s, 'bob', 'now', 0, 7, 'chips', 'iFlytek', 'now')",
            (sha[0],),
        )
    report = sync(alice)
    assert report.received["spans"] == 1 and not report.problems
    assert span_rows.get_span(alice.database, "bobs").label == "hardware"
    assert "chips" not in label_rows.label_names(alice.database)


def adjudication_state(project: Project, text: str) -> tuple[object, ...]:
    doc = document_id(project, text)
    gold = sorted(
        (g.start, g.end, g.label, g.decided_by) for g in gold_rows.gold_for_document(project.database, doc)
    )
    queue = [
        [(c.start, c.end, c.label) for c in group] for group in review_queue(project, doc, ["alice", "bob"])
    ]
    return gold, sorted(gold_rows.rejected_keys(project.database, doc)), review_status(project, doc), queue


def test_rejections_and_review_statuses_reach_everyone(team: dict[str, Project], hub_url: str) -> None:
    carol, alice, bob, rita = (team[name] for name in TEAM)
    for project in (alice, bob):
        doc = document_id(project, ARTICLES[0])
        tag_span(project, doc, 0, 6, "chips")  # both: accepted
        tag_span(project, doc, 19, 25, "models" if project is alice else "chips")  # they disagree
        sync(project)
    sync(carol)
    doc = document_id(carol, ARTICLES[0])
    found = document_candidates(carol, doc, ["alice", "bob"])
    agreed = next(c for c in found if c.start == 0)
    wrong = next(c for c in found if c.label == "models")
    right = next(c for c in found if c.start == 19 and c.label == "chips")
    decide(carol, agreed.supporters, [], ["alice", "bob"])
    decision = decide(carol, right.supporters, wrong.supporters, ["alice", "bob"])
    set_review_status(carol, doc, "reviewed")
    report = sync(carol)
    assert (report.sent["gold_rejections"], report.sent["review_statuses"]) == (1, 1)

    expected = adjudication_state(carol, ARTICLES[0])
    assert expected[1] == [(19, 25, "models")] and expected[2] == "reviewed" and expected[3] == []
    for project in (alice, bob, rita):
        sync(project)
        assert adjudication_state(project, ARTICLES[0]) == expected, project.annotator

    # Taking a decision back takes its rejection back everywhere too.
    undo_decision(carol, decision)
    set_review_status(carol, doc, "in_review")
    sync(carol)
    expected = adjudication_state(carol, ARTICLES[0])
    assert expected[1] == [] and expected[2] == "in_review" and expected[3] != []
    for project in (alice, bob, rita):
        sync(project)
        assert adjudication_state(project, ARTICLES[0]) == expected, project.annotator

    # Annotators' own rejections and review statuses stay in their projects; the hub refuses them.
    set_review_status(alice, document_id(alice, ARTICLES[1]), "reviewed")
    assert sync(alice).kept_local["review_statuses"] == 1
    with psycopg.connect(hub_url) as conn:
        assert conn.execute("SELECT COUNT(*) FROM review_statuses").fetchone() == (1,)


def test_a_rename_carries_rejections_along(team: dict[str, Project]) -> None:
    carol, alice, bob = team["carol"], team["alice"], team["bob"]
    for project in (alice, bob):
        tag_span(project, document_id(project, ARTICLES[2]), 0, 5, "strategy")
        sync(project)
    sync(carol)
    [candidate] = document_candidates(carol, document_id(carol, ARTICLES[2]), ["alice", "bob"])
    decide(carol, [], candidate.supporters, ["alice", "bob"])
    sync(carol)
    sync(alice)
    update_label(carol, "strategy", new_name="plans")
    sync(carol)
    sync(alice)
    for project in (carol, alice):
        doc = document_id(project, ARTICLES[2])
        assert gold_rows.rejected_keys(project.database, doc) == {(0, 5, "plans")}, project.annotator
        assert review_queue(project, doc, ["alice", "bob"]) == []
