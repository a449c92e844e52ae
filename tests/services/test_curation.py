"""Curating an article of three annotators on a real project file: places, decisions, provenance, undo."""

from __future__ import annotations

import pytest

from annotator.domain.errors import ConflictError
from annotator.services import adjudication, annotation, curation
from annotator.services.project import Project
from tests.fixtures.three_annotators import ThreeAnnotatorCorpus, fill_three_annotators


@pytest.fixture
def three(empty_project: Project) -> tuple[Project, ThreeAnnotatorCorpus]:
    corpus = fill_three_annotators(empty_project)
    return Project(empty_project.database, "dana"), corpus


def test_places_and_agreement_of_each_article(three: tuple[Project, ThreeAnnotatorCorpus]) -> None:
    curator, corpus = three
    label = curation.curate(curator, corpus.documents["label"])
    assert label.annotators == ("alice", "bob", "carol")
    (place,) = label.places
    assert [(r.label, r.annotators) for r in place.readings] == [
        ("models", ("alice", "bob")),
        ("strategy", ("carol",)),
    ]
    assert (place.agreeing, label.disagreements, label.open) == (2, 1, 1)
    agreed = curation.curate(curator, corpus.documents["agreed"])
    assert [p.unanimous for p in agreed.places] == [True]
    assert agreed.open == 0


def test_who_never_opened_the_article_is_not_counted(three: tuple[Project, ThreeAnnotatorCorpus]) -> None:
    curator, corpus = three
    missing = curation.curate(curator, corpus.documents["missing"])
    assert missing.annotators == ("alice", "bob")  # carol has no span and no status there
    assert missing.places[0].unanimous
    done_empty = curation.curate(curator, corpus.documents["done_empty"])
    assert done_empty.annotators == ("alice", "bob", "carol")  # alice and bob marked it done, empty
    assert done_empty.places[0].agreeing == 1


def test_taking_a_reading_writes_gold_with_provenance_and_rejects_the_rest(
    three: tuple[Project, ThreeAnnotatorCorpus],
) -> None:
    curator, corpus = three
    document_id = corpus.documents["boundary"]
    shown = curation.curate(curator, document_id)
    (place,) = shown.places
    assert len(place.readings) == 3
    decision = curation.take_reading(curator, place, 2)
    (gold,) = adjudication.gold_spans(curator, document_id)
    chosen = place.readings[2]
    assert (gold.start, gold.end, gold.label, gold.decided_by) == (
        chosen.start,
        chosen.end,
        "financials",
        "dana",
    )
    assert [s.annotator for s in gold.sources] == list(chosen.annotators)
    assert {c.key for c in decision.rejected} == {r.key for r in place.readings[:2]}
    after = curation.curate(curator, document_id)
    assert after.decided == [True] and after.open == 0
    assert after.places[0].gold(after.gold) == [gold]
    # Annotators' own spans are never changed by curation.
    assert len(annotation_spans(curator, document_id)) == 3


def annotation_spans(project: Project, document_id: str) -> list[object]:
    return [s for s in project.database.query("SELECT id FROM spans WHERE document_id = ?", (document_id,))]


def test_a_decision_is_undone_and_redone_in_one_transaction_each(
    three: tuple[Project, ThreeAnnotatorCorpus],
) -> None:
    curator, corpus = three
    document_id = corpus.documents["label"]
    (place,) = curation.curate(curator, document_id).places
    decision = curation.take_reading(curator, place, 0)
    adjudication.undo_decision(curator, decision)
    assert curation.curate(curator, document_id).decided == [False]
    assert adjudication.decided_keys(curator, document_id) == set()
    adjudication.redo_decision(curator, decision)
    assert curation.curate(curator, document_id).decided == [True]


def test_rejecting_a_place_puts_nothing_into_gold(three: tuple[Project, ThreeAnnotatorCorpus]) -> None:
    curator, corpus = three
    document_id = corpus.documents["label"]
    (place,) = curation.curate(curator, document_id).places
    decision = curation.reject_place(curator, place)
    assert decision.gold == [] and len(decision.rejected) == 2
    assert curation.curate(curator, document_id).decided == [True]


def test_a_place_decided_meanwhile_is_refused_and_nothing_written(
    three: tuple[Project, ThreeAnnotatorCorpus],
) -> None:
    curator, corpus = three
    document_id = corpus.documents["label"]
    (place,) = curation.curate(curator, document_id).places
    other_window = Project(curator.database, "erin")
    curation.take_reading(other_window, place, 1)
    before = adjudication.gold_spans(curator, document_id)
    with pytest.raises(ConflictError, match="decided since you saw it"):
        curation.take_reading(curator, place, 0)
    assert adjudication.gold_spans(curator, document_id) == before


def test_a_span_changed_since_it_was_shown_is_refused(three: tuple[Project, ThreeAnnotatorCorpus]) -> None:
    curator, corpus = three
    document_id = corpus.documents["label"]
    (place,) = curation.curate(curator, document_id).places
    carol = Project(curator.database, "carol")
    annotation.relabel_span(carol, place.readings[1].supporters[0], "chips")
    with pytest.raises(ConflictError, match="changed since you saw it"):
        curation.take_reading(curator, place, 0)
    assert adjudication.gold_spans(curator, document_id) == []


def test_a_reading_accepted_before_is_kept_not_doubled(three: tuple[Project, ThreeAnnotatorCorpus]) -> None:
    curator, corpus = three
    document_id = corpus.documents["label"]
    (place,) = curation.curate(curator, document_id).places
    # Review mode (alice against bob) accepted their reading; carol's is still open.
    adjudication.decide(curator, place.readings[0].supporters, [], ("alice", "bob"))
    decision = curation.take_reading(curator, place, 0)
    assert decision.gold == []
    assert [c.label for c in decision.rejected] == ["strategy"]
    assert len(adjudication.gold_spans(curator, document_id)) == 1


def test_accept_every_unanimous_reading_of_the_article(three: tuple[Project, ThreeAnnotatorCorpus]) -> None:
    curator, corpus = three
    document_id = corpus.documents["only_alice"]
    shown = curation.curate(curator, document_id)
    report = curation.accept_unanimous(curator, shown)
    assert [g.text for g in report.accepted] == ["Spark"]
    after = curation.curate(curator, document_id)
    assert after.decided == [False]  # alice's strategy span around it is still open


def test_a_nested_reading_of_the_same_annotator_is_no_alternative(
    three: tuple[Project, ThreeAnnotatorCorpus],
) -> None:
    curator, corpus = three
    document_id = corpus.documents["only_alice"]
    (place,) = curation.curate(curator, document_id).places
    assert [(r.text, r.annotators) for r in place.readings] == [
        ("Spark", ("alice", "bob", "carol")),
        ("sell Spark models to banks and carmakers", ("alice",)),
    ]
    assert place.alternatives(0) == []
    decision = curation.take_reading(curator, place, 0)
    assert decision.rejected == []
    assert curation.curate(curator, document_id).decided == [False]
    curation.take_reading(curator, place, 1)
    assert sorted(g.label for g in adjudication.gold_spans(curator, document_id)) == ["models", "strategy"]
    assert curation.curate(curator, document_id).decided == [True]
