"""Token and character labels: the run-length tallies against a unit-by-unit re-statement of the rule."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.metrics.model import prepare
from tests.metrics.helpers import char_spans, corpora, label_matrix, naive_label, texts, units_of
from tests.metrics.reference_units import character_runs, tally_units, token_runs, unit_labels
from tests.metrics.token_index import Tokenizer


def test_a_token_takes_a_label_only_when_a_span_covers_it_whole() -> None:
    text = "Huawei Ascend 910B chips"
    # "scend 910" cuts two tokens: only the whole token inside it, none here, is labelled.
    assert unit_labels(text, [(8, 17, "chips")]) == ["O", "O", "O", "O"]
    assert unit_labels(text, [(7, 18, "chips")]) == ["O", "chips", "chips", "O"]
    assert unit_labels(text, [(6, 19, "chips")]) == ["O", "chips", "chips", "O"]  # spaces around are fine


def test_the_shortest_covering_span_wins_then_the_first_label_name() -> None:
    text = "Huawei Ascend 910B chips"
    nested = [(0, 24, "strategy"), (7, 18, "chips")]
    assert unit_labels(text, nested) == ["strategy", "chips", "chips", "strategy"]
    tie = [(7, 18, "models"), (7, 18, "chips")]
    assert unit_labels(text, tie) == ["O", "chips", "chips", "O"]
    crossing = [(0, 13, "models"), (7, 24, "chips")]  # "Ascend" is covered by both; models is shorter
    assert unit_labels(text, crossing) == ["models", "models", "chips", "chips"]


def test_characters_include_whitespace_and_count_code_points() -> None:
    text = "a 👩\u200d💻 b"
    labels = unit_labels(text, [(1, 6, "x")], level="character")
    assert len(labels) == len(text) == 7
    assert labels == ["O", "x", "x", "x", "x", "x", "O"]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_unit_labels_follow_the_rule_unit_by_unit(data: st.DataObject) -> None:
    text = data.draw(texts())
    spans = data.draw(char_spans(text, max_spans=6))
    for level in ("token", "character"):
        expected = [naive_label(unit, spans) for unit in units_of(text, level)]
        assert unit_labels(text, spans, level=level) == expected


@settings(max_examples=80, deadline=None)
@given(corpora())
def test_tallies_count_the_same_label_tuples_as_a_unit_by_unit_walk(documents: list) -> None:  # type: ignore[type-arg]
    corpus = prepare(documents)
    names = corpus.annotators
    for level in ("token", "character"):
        counted: Counter[tuple[str | None, ...]] = Counter()
        for document in corpus.documents:
            if level == "token":
                tokens = Tokenizer().index(document.text)
                runs = {i: token_runs(tokens, spans) for i, spans in document.layers.items()}
                size = tokens.count
            else:
                runs = {i: character_runs(spans) for i, spans in document.layers.items()}
                size = len(document.text)
            for key, weight in tally_units(runs, len(names), size).items():
                counted[tuple(None if c is None else corpus.label_name(c) for c in key)] += weight
        walked = Counter(tuple(row) for row in label_matrix(documents, names, level))
        assert counted == walked
