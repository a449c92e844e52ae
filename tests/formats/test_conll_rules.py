"""CoNLL export: which spans become tags, and that every other one is reported."""

from __future__ import annotations

from annotator.domain.models import Span
from annotator.domain.tokens import tokenize
from annotator.formats.conll import assign_tags

TEXT = "Huawei Ascend 910B chips ship."


def _span(word: str, label: str, annotator: str = "alice", offset: int = 0) -> Span:
    start = TEXT.index(word) + offset
    return Span(
        document_id="d", start=start, end=start + len(word), label=label, text=word, annotator=annotator
    )


def test_tags_follow_bio() -> None:
    tags = assign_tags(tokenize(TEXT), [_span("Ascend 910B", "chips"), _span("Huawei", "org")])
    assert tags.tags == ["B-org", "B-chips", "I-chips", "O", "O", "O"]
    assert tags.left_out == []


def test_spans_off_token_boundaries_are_reported_not_dropped_silently() -> None:
    inside = Span(document_id="d", start=1, end=6, label="org", text="uawei", annotator="alice")
    tags = assign_tags(tokenize(TEXT), [inside])
    assert tags.tags == ["O"] * 6
    assert tags.left_out == [(inside, "does not start and end on token boundaries")]


def test_the_earliest_then_longest_span_wins_and_the_other_is_reported() -> None:
    long = _span("Ascend 910B chips", "chips")
    short = _span("910B", "models")
    later = _span("chips ship", "strategy")
    agreeing = _span("Ascend 910B chips", "chips", annotator="bob")
    tags = assign_tags(tokenize(TEXT), [short, later, long, agreeing])
    assert tags.tags == ["O", "B-chips", "I-chips", "I-chips", "O", "O"]
    assert tags.written == [long]
    assert [(s.label, why.split(" [")[0]) for s, why in tags.left_out] == [
        ("models", "overlaps chips 'Ascend 910B chips'"),
        ("strategy", "overlaps chips 'Ascend 910B chips'"),
    ]
