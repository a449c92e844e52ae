"""Places of several annotators' spans, and how many agree at each (no database, no display)."""

from __future__ import annotations

from annotator.domain.adjudication import GoldSpan
from annotator.domain.curation import Place, places, step
from annotator.domain.models import Span

TEXT = "Huawei Ascend 910B chips power the new cluster; revenue rose 12% to 1.2 billion yuan."
PEOPLE = ("alice", "bob", "carol", "dan")


def span(annotator: str, quote: str, label: str) -> Span:
    start = TEXT.index(quote)
    return Span(
        document_id="d", start=start, end=start + len(quote), label=label, text=quote, annotator=annotator
    )


def corpus() -> list[Span]:
    return [
        # Place 1: three say chips over "Ascend 910B", dan says models over a wider stretch.
        span("alice", "Ascend 910B", "chips"),
        span("bob", "Ascend 910B", "chips"),
        span("carol", "Ascend 910B", "chips"),
        span("dan", "Huawei Ascend 910B", "models"),
        # Place 2: everyone agrees.
        *(span(name, "cluster", "strategy") for name in PEOPLE),
        # Place 3: two boundaries of financials, each given by two people; nobody else there.
        span("alice", "revenue rose 12%", "financials"),
        span("bob", "revenue rose 12%", "financials"),
        span("carol", "1.2 billion yuan", "financials"),
        span("dan", "revenue rose 12% to 1.2 billion yuan", "financials"),
    ]


def test_places_group_every_annotators_overlapping_spans() -> None:
    found = places(corpus(), PEOPLE)
    assert [TEXT[p.start : p.end] for p in found] == [
        "Huawei Ascend 910B",
        "cluster",
        "revenue rose 12% to 1.2 billion yuan",
    ]
    first = found[0]
    assert [(r.label, r.annotators) for r in first.readings] == [
        ("chips", ("alice", "bob", "carol")),
        ("models", ("dan",)),
    ]
    assert [s.text for s in first.spans_of("dan")] == ["Huawei Ascend 910B"]
    assert first.spans_of("nobody") == ()


def test_how_many_agree_at_each_place() -> None:
    found = places(corpus(), PEOPLE)
    assert [(p.agreeing, p.unanimous) for p in found] == [(3, False), (4, True), (2, False)]
    # Ties keep text order: the earlier reading comes first.
    assert [r.text for r in found[2].readings] == [
        "revenue rose 12%",
        "revenue rose 12% to 1.2 billion yuan",
        "1.2 billion yuan",
    ]


def test_agreement_counts_among_those_who_worked_on_the_article() -> None:
    spans = [span(name, "cluster", "strategy") for name in ("alice", "bob")]
    assert places(spans, ("alice", "bob"))[0].unanimous
    assert not places(spans, ("alice", "bob", "carol"))[0].unanimous  # carol left it untagged


def gold(place: Place, quote: str, label: str) -> GoldSpan:
    start = TEXT.index(quote)
    return GoldSpan(
        document_id="d", start=start, end=start + len(quote), label=label, text=quote, decided_by="eve"
    )


def test_a_place_is_decided_when_every_reading_is_or_a_span_of_the_curators_own_stands() -> None:
    first = places(corpus(), PEOPLE)[0]
    keys = sorted(first.keys())
    assert not first.decided(set(), [])
    assert not first.decided({keys[0]}, [])
    assert first.decided(set(keys), [])
    own = gold(first, "Huawei", "chips")  # no annotator gave this one
    assert first.decided(set(), [own])
    accepted = gold(first, "Ascend 910B", "chips")
    # Accepted, but dan's reading there is neither accepted nor rejected yet.
    assert not first.decided({(accepted.start, accepted.end, "chips")}, [accepted])
    assert first.gold([own, gold(first, "cluster", "strategy")]) == [own]


def test_the_queue_steps_over_agreed_and_decided_places_and_wraps() -> None:
    found = places(corpus(), PEOPLE)
    marked = [(found[0], False), (found[1], False), (found[2], False)]
    assert step(marked, 0, 1) == 2  # place 2 is unanimous: nothing to settle
    assert step(marked, 2, 1) == 0
    assert step(marked, 0, -1) == 2
    assert step([(found[0], True), (found[1], False), (found[2], True)], 0, 1) is None
