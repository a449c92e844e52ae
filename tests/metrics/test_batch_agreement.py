"""The batch engine behind ``compute_agreement`` must give every figure the per-document reading gives."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.tokens import tokenize
from annotator.metrics.agreement import compute_agreement
from annotator.metrics.model import AnnotatedDocument
from annotator.metrics.token_bounds import token_bounds
from benchmarks.bench_agreement import make_corpus
from tests.metrics.helpers import LABELS, corpora, texts
from tests.metrics.reference_agreement import reference_agreement


def assert_same(batch: Any, reference: Any, where: str = "report") -> None:
    """Equal structures; floats equal up to rounding (the two add the same terms in other orders)."""
    if isinstance(reference, float) and isinstance(batch, float):
        assert math.isclose(batch, reference, rel_tol=1e-9, abs_tol=1e-12), f"{where}: {batch} != {reference}"
    elif isinstance(reference, dict):
        assert isinstance(batch, dict) and batch.keys() == reference.keys(), f"{where}: keys differ"
        for key, value in reference.items():
            assert_same(batch[key], value, f"{where}.{key}")
    elif isinstance(reference, list):
        assert isinstance(batch, list) and len(batch) == len(reference), f"{where}: lengths differ"
        for index, (mine, theirs) in enumerate(zip(batch, reference, strict=True)):
            assert_same(mine, theirs, f"{where}[{index}]")
    else:
        assert batch == reference, f"{where}: {batch!r} != {reference!r}"
        assert type(batch) is type(reference), f"{where}: {type(batch)} is not {type(reference)}"


@settings(max_examples=300, deadline=None)
@given(corpora(max_documents=6), st.data())
def test_batch_equals_per_document_reading(documents: list[AnnotatedDocument], data: st.DataObject) -> None:
    labels = data.draw(st.none() | st.lists(st.sampled_from(LABELS), min_size=1, unique=True))
    assert_same(
        compute_agreement(documents, labels=labels).to_dict(),
        reference_agreement(documents, labels=labels).to_dict(),
    )


@settings(max_examples=100, deadline=None)
@given(corpora(max_documents=4, complete=True))
def test_batch_equals_per_document_reading_on_complete_data(documents: list[AnnotatedDocument]) -> None:
    assert_same(compute_agreement(documents).to_dict(), reference_agreement(documents).to_dict())


def test_batch_equals_per_document_reading_on_the_benchmark_corpus() -> None:
    documents = make_corpus(300, 600, 8, seed=3)
    assert_same(compute_agreement(documents).to_dict(), reference_agreement(documents).to_dict())


def test_chosen_annotators_and_empty_documents() -> None:
    documents = [
        AnnotatedDocument("a", "", {}, annotated_by=frozenset({"x", "y"})),
        AnnotatedDocument("b", "Huawei chips", {"x": [(0, 6, "A")], "z": [(7, 12, "B")]}),
        AnnotatedDocument("c", "one two", {"y": [(0, 3, "A")]}, annotated_by=frozenset({"x"})),
    ]
    for chosen in (["x", "y"], ["y", "x", "z"], ["z", "x"]):
        assert_same(
            compute_agreement(documents, annotators=chosen).to_dict(),
            reference_agreement(documents, annotators=chosen).to_dict(),
        )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(texts(), st.booleans()), min_size=1, max_size=6))
def test_token_bounds_are_the_tokenizers_tokens(documents: list[tuple[str, bool]]) -> None:
    """Wanted texts get exactly ``tokenize``'s tokens, at global positions; the others get none."""
    chosen = [text for text, _wanted in documents]
    wanted = np.array([flag for _text, flag in documents], np.bool_)
    lengths = np.array([len(text) for text in chosen], np.int64)
    offsets = np.cumsum(lengths + 1) - (lengths + 1)
    bounds = token_bounds(chosen, offsets, wanted)
    expected = [
        (token.start + int(offset), token.end + int(offset))
        for text, offset, flag in zip(chosen, offsets, wanted, strict=True)
        if flag
        for token in tokenize(text)
    ]
    assert list(zip(bounds.starts.tolist(), bounds.ends.tolist(), strict=True)) == expected
    counts = [len(tokenize(text)) if flag else 0 for text, flag in zip(chosen, wanted, strict=True)]
    assert bounds.count.tolist() == counts


def test_whitespace_table_matches_str_isspace_everywhere() -> None:
    from annotator.metrics.token_bounds import _KIND, _SPACE

    spaces = [code for code in range(0x110000) if chr(code).isspace()]
    assert max(spaces) < len(_KIND) - 1
    assert np.flatnonzero(_KIND == _SPACE).tolist() == spaces


_ASCII = [chr(code) for code in range(0x20, 0x7F)] + ["\n", "\t", "é", "讯", "\u200d", "’"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(_ASCII), max_size=30), min_size=1, max_size=4))
def test_token_bounds_on_ascii_punctuation(chosen: list[str]) -> None:
    """The shortcut for runs of letters and digits with a mark before or after them finds exactly the
    tokenizer's tokens, whatever the punctuation."""
    lengths = np.array([len(text) for text in chosen], np.int64)
    offsets = np.cumsum(lengths + 1) - (lengths + 1)
    bounds = token_bounds(chosen, offsets, np.ones(len(chosen), np.bool_))
    expected = [
        (token.start + int(offset), token.end + int(offset))
        for text, offset in zip(chosen, offsets, strict=True)
        for token in tokenize(text)
    ]
    assert list(zip(bounds.starts.tolist(), bounds.ends.tolist(), strict=True)) == expected
