"""Adjudication on a real database: auto-accept with a threshold, the queue, decisions, provenance."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.adjudication import GOLD_LAYER
from annotator.services import adjudication, annotation, reading
from annotator.services.project import Project
from annotator.services.samples import open_project
from tests.fixtures.review import review_queue


def tag_as(db_path: Path, who: str, document_id: str, needle: str, label: str, nth: int = 0) -> str:
    with open_project(db_path, annotator=who, samples=True) as project:
        text = reading.load_document(project, document_id).text
        start = -1
        for _ in range(nth + 1):
            start = text.index(needle, start + 1)
        return annotation.tag_span(project, document_id, start, start + len(needle), label).id


@pytest.fixture
def three(project: Project, db_path: Path) -> tuple[Project, str]:
    """Alice, Bob and Carol on the first article: full agreement, 2-of-3, label and boundary conflicts."""
    document_id = reading.list_documents(project)[0].id
    for who in ("alice", "bob", "carol"):
        tag_as(db_path, who, document_id, "iFlytek", "strategy")  # all three agree
    for who in ("alice", "bob"):
        tag_as(db_path, who, document_id, "heavy losses", "financials")  # two of three
    tag_as(db_path, "carol", document_id, "heavy losses", "strategy")  # label disagreement
    tag_as(db_path, "alice", document_id, "Huawei", "chips")
    tag_as(db_path, "bob", document_id, "tech giant Huawei", "chips")  # boundary disagreement
    return project, document_id


def test_auto_accept_with_threshold_records_provenance(three: tuple[Project, str]) -> None:
    project, document_id = three
    everyone = ["alice", "bob", "carol"]
    report = adjudication.auto_accept(project, [document_id], everyone, min_agree=3)
    assert [(g.text, g.label, g.auto_accepted) for g in report.accepted] == [("iFlytek", "strategy", True)]
    assert sorted(s.annotator for s in report.accepted[0].sources) == everyone
    assert report.accepted[0].decided_by == "alice"

    report = adjudication.auto_accept(project, [document_id], everyone, min_agree=2)
    assert [(g.text, g.label) for g in report.accepted] == [("heavy losses", "financials")]
    # Doing it again adds nothing: decided candidates leave the queue.
    assert adjudication.auto_accept(project, [document_id], everyone, min_agree=2).accepted == []
    assert adjudication.review_status(project, document_id) == "in_review"


def test_queue_decisions_never_touch_annotator_spans(three: tuple[Project, str]) -> None:
    project, document_id = three
    everyone = ["alice", "bob", "carol"]
    before = sorted((s.id, s.start, s.end, s.label) for s in reading.document_spans(project, document_id))
    adjudication.auto_accept(project, [document_id], everyone, min_agree=2)
    queue = review_queue(project, document_id, everyone)
    assert [[(c.text, c.label, c.annotators) for c in group] for group in queue] == [
        [("tech giant Huawei", "chips", ("bob",)), ("Huawei", "chips", ("alice",))],
        [("heavy losses", "strategy", ("carol",))],
    ]
    # Accept Alice's boundaries, reject Bob's, then Carol's label.
    decision = adjudication.decide(project, queue[0][1].supporters, queue[0][0].supporters, everyone)
    adjudication.decide(project, [], queue[1][0].supporters, everyone)
    assert review_queue(project, document_id, everyone) == []
    (accepted,) = decision.gold
    assert accepted.sources[0].annotator == "alice" and not accepted.auto_accepted
    gold = adjudication.gold_spans(project, document_id)
    assert sorted((g.text, g.label) for g in gold) == [
        ("Huawei", "chips"),
        ("heavy losses", "financials"),
        ("iFlytek", "strategy"),
    ]
    assert all(g.as_span().annotator == GOLD_LAYER for g in gold)
    after = sorted((s.id, s.start, s.end, s.label) for s in reading.document_spans(project, document_id))
    assert after == before


def test_edit_and_undo_of_decisions(three: tuple[Project, str]) -> None:
    project, document_id = three
    everyone = ["alice", "bob", "carol"]
    adjudication.auto_accept(project, [document_id], everyone, min_agree=2)
    group = review_queue(project, document_id, everyone)[0]
    text = reading.load_document(project, document_id).text
    start = text.index("giant Huawei")
    replaced = [span for candidate in group for span in candidate.supporters]
    decision = adjudication.add_gold(
        project, document_id, start, start + len("giant Huawei"), "chips", replaced, everyone
    )
    (edited,) = decision.gold
    assert edited.text == "giant Huawei"
    assert sorted(s.annotator for s in edited.sources) == ["alice", "bob"]
    assert group[0].key not in {
        (c.start, c.end, c.label) for g in review_queue(project, document_id, everyone) for c in g
    }
    adjudication.undo_decision(project, decision)
    assert [g.text for g in adjudication.gold_spans(project, document_id)] == ["iFlytek", "heavy losses"]
    assert review_queue(project, document_id, everyone)[0] == group
    adjudication.redo_decision(project, decision)
    assert edited in adjudication.gold_spans(project, document_id)
    assert group[0].key in adjudication.decided_keys(project, document_id)


def test_review_status_round_trip(three: tuple[Project, str]) -> None:
    project, document_id = three
    assert adjudication.set_review_status(project, document_id, "reviewed") == "not_reviewed"
    assert adjudication.review_status(project, document_id) == "reviewed"
    with pytest.raises(ValueError):
        adjudication.set_review_status(project, document_id, "finished")


def test_decide_accepts_one_side_and_rejects_the_other_in_one_step(three: tuple[Project, str]) -> None:
    project, document_id = three
    spans = reading.document_spans(project, document_id, ["alice", "bob"])
    alice = [s for s in spans if s.annotator == "alice" and s.text == "Huawei"]
    bob = [s for s in spans if s.annotator == "bob" and s.text == "tech giant Huawei"]
    decision = adjudication.decide(project, alice, bob, ["alice", "bob", "carol"])
    assert [(g.text, [s.annotator for s in g.sources]) for g in decision.gold] == [("Huawei", ["alice"])]
    keys = adjudication.decided_keys(project, document_id)
    assert (bob[0].start, bob[0].end, "chips") in keys and (alice[0].start, alice[0].end, "chips") in keys


def test_rejections_follow_a_label_rename(three: tuple[Project, str]) -> None:
    from annotator.services import labels as label_service

    project, document_id = three
    everyone = ["alice", "bob", "carol"]
    adjudication.auto_accept(project, [document_id], everyone, min_agree=2)
    group = review_queue(project, document_id, everyone)[0]
    adjudication.decide(project, [], [s for c in group for s in c.supporters], everyone)
    label_service.update_label(project, "chips", new_name="hardware")
    assert {label for _, _, label in adjudication.decided_keys(project, document_id)} >= {"hardware"}
    assert all(c.key not in adjudication.decided_keys(project, document_id) for c in group)
    assert [g for g in review_queue(project, document_id, everyone) if g[0].label == "hardware"] == []


def test_agreement_of_annotators_against_gold(three: tuple[Project, str]) -> None:
    from annotator.services.agreement import agreement_report

    project, document_id = three
    everyone = ["alice", "bob", "carol"]
    adjudication.auto_accept(project, [document_id], everyone, min_agree=2)  # iFlytek, heavy losses
    group = review_queue(project, document_id, everyone)[0]  # the Huawei boundaries
    alice = [s for c in group if c.annotators == ("alice",) for s in c.supporters]
    adjudication.decide(project, alice, [], everyone)
    report = agreement_report(project, annotators=["alice", "carol", "gold"])
    # Alice's three spans are exactly the gold layer; Carol agrees on one of three.
    assert report.pair("alice", "gold").exact.f1 == 1.0
    carol = report.pair("carol", "gold")
    assert carol.exact.f1 == pytest.approx(2 * 1 / (2 + 3))  # one match among her 2 and gold's 3 spans
    assert {carol.counts.spans_a, carol.counts.spans_b} == {2, 3} and carol.counts.exact == 1
