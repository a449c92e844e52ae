"""Span-level precision, recall and F1, checked against seqeval, nervaluate and a brute-force count.

seqeval reads BIO tags, so it can only check spans that sit on token boundaries and do not overlap
within one annotator; nervaluate's "strict" scheme is exact match, and its "ent_type" scheme is our
overlap match as long as no span overlaps two spans of the other annotator (nervaluate then pairs them
one to one; we count each side on its own, see ``test_one_long_span_against_two_short_ones``).
"""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
from seqeval.scheme import IOB2

from annotator.domain.tokens import tokenize
from annotator.metrics.agreement import compute_agreement
from annotator.metrics.model import AnnotatedDocument
from annotator.metrics.spans import SpanScores
from tests.metrics.helpers import ANNOTATORS, LABELS, corpora, texts

TOLERANCE = 1e-6
TokenSpan = tuple[int, int, str]  # first token, stop token, label


def close(ours: float | None, theirs: float) -> bool:
    return ours is not None and abs(ours - theirs) <= TOLERANCE


@st.composite
def token_layers(draw: st.DrawFn, tokens: int) -> list[TokenSpan]:
    """Non-overlapping token-aligned spans, as BIO tags can hold them."""
    spans = []
    position = 0
    while position < tokens:
        position += draw(st.integers(0, 3))
        if position >= tokens or draw(st.booleans()):
            position += 1
            continue
        stop = min(tokens, position + draw(st.integers(1, 3)))
        spans.append((position, stop, draw(st.sampled_from(LABELS))))
        position = stop
    return spans


@st.composite
def aligned_corpora(draw: st.DrawFn) -> tuple[list[AnnotatedDocument], list[dict[str, list[TokenSpan]]]]:
    documents, token_spans = [], []
    for number in range(draw(st.integers(1, 4))):
        text = draw(texts(max_words=20))
        tokens = tokenize(text)
        layers = {name: draw(token_layers(len(tokens))) for name in ANNOTATORS[:2]}
        token_spans.append(layers)
        char_layers = {
            name: [(tokens[first].start, tokens[stop - 1].end, label) for first, stop, label in spans]
            for name, spans in layers.items()
        }
        done = frozenset(name for name, spans in layers.items() if not spans)
        documents.append(AnnotatedDocument(f"d{number}", text, char_layers, annotated_by=done))
    return documents, token_spans


def bio(spans: list[TokenSpan], tokens: int) -> list[str]:
    tags = ["O"] * tokens
    for first, stop, label in spans:
        tags[first] = f"B-{label}"
        for index in range(first + 1, stop):
            tags[index] = f"I-{label}"
    return tags


@settings(max_examples=80, deadline=None)
@given(aligned_corpora())
def test_exact_match_equals_seqeval_strict_iob2(data: tuple[list[AnnotatedDocument], list]) -> None:  # type: ignore[type-arg]
    documents, token_spans = data
    report = compute_agreement(documents, annotators=ANNOTATORS[:2], labels=LABELS)
    pair = report.pair(*ANNOTATORS[:2])
    sizes = [len(tokenize(document.text)) for document in documents]
    reference = [bio(layers[ANNOTATORS[0]], size) for layers, size in zip(token_spans, sizes, strict=True)]
    response = [bio(layers[ANNOTATORS[1]], size) for layers, size in zip(token_spans, sizes, strict=True)]
    options = {"mode": "strict", "scheme": IOB2, "zero_division": 0}
    if pair.counts.spans_b:
        assert close(pair.exact.precision, precision_score(reference, response, **options))
    if pair.counts.spans_a:
        assert close(pair.exact.recall, recall_score(reference, response, **options))
    if pair.counts.spans_a and pair.counts.spans_b:
        assert close(pair.exact.f1, f1_score(reference, response, **options))
    if not (pair.counts.spans_a and pair.counts.spans_b):
        return  # seqeval averages over an empty set of labels and warns
    per_label = classification_report(reference, response, output_dict=True, **options)
    for label, item in pair.labels.items():
        if item.counts.spans_a:  # seqeval reports only labels present in the reference
            assert item.counts.spans_a == per_label[label]["support"]
            assert close(item.exact.recall, per_label[label]["recall"])
            if item.counts.spans_b:
                assert close(item.exact.precision, per_label[label]["precision"])
                assert close(item.exact.f1, per_label[label]["f1-score"])


def nervaluate_counts(
    true: list[list[TokenSpan]], pred: list[list[TokenSpan]], scheme: str, tags: list[str] = LABELS
) -> tuple[int, int, int]:
    """(correct, |true|, |pred|) summed over labels; nervaluate's ends are inclusive."""
    as_dicts = [
        [{"label": label, "start": first, "end": stop - 1} for first, stop, label in doc] for doc in true
    ]
    pred_dicts = [
        [{"label": label, "start": first, "end": stop - 1} for first, stop, label in doc] for doc in pred
    ]
    results = Evaluator(as_dicts, pred_dicts, tags=tags, loader="dict").evaluate()["entities"]
    correct = sum(results[label][scheme].correct for label in results)
    return correct, sum(map(len, true)), sum(map(len, pred))


def overlaps_at_most_one(spans: list[TokenSpan], others: list[TokenSpan]) -> bool:
    for first, stop, label in spans:
        hits = [
            1 for o_first, o_stop, o_label in others if o_label == label and o_first < stop and first < o_stop
        ]
        if len(hits) > 1:
            return False
    return True


@settings(max_examples=80, deadline=None)
@given(aligned_corpora())
def test_span_counts_equal_nervaluate(data: tuple[list[AnnotatedDocument], list]) -> None:  # type: ignore[type-arg]
    documents, token_spans = data
    a, b = ANNOTATORS[:2]
    pair = compute_agreement(documents, annotators=[a, b], labels=LABELS).pair(a, b)
    true = [layers[a] for layers in token_spans]
    pred = [layers[b] for layers in token_spans]
    assert nervaluate_counts(true, pred, "strict") == (
        pair.counts.exact,
        pair.counts.spans_a,
        pair.counts.spans_b,
    )
    one_to_one = all(
        overlaps_at_most_one(x, y) and overlaps_at_most_one(y, x) for x, y in zip(true, pred, strict=True)
    )
    if one_to_one:
        correct, _, _ = nervaluate_counts(true, pred, "ent_type")
        assert correct == pair.counts.overlap_a == pair.counts.overlap_b


def brute_force(
    a: list[tuple[int, int, str]], b: list[tuple[int, int, str]]
) -> tuple[int, int, int, int, int]:
    a_set, b_set = set(a), set(b)
    overlap_a = sum(1 for s, e, lab in a_set if any(lab == l2 and s < e2 and s2 < e for s2, e2, l2 in b_set))
    overlap_b = sum(1 for s, e, lab in b_set if any(lab == l2 and s < e2 and s2 < e for s2, e2, l2 in a_set))
    return len(a_set), len(b_set), len(a_set & b_set), overlap_a, overlap_b


@settings(max_examples=100, deadline=None)
@given(corpora())
def test_counts_per_pair_label_and_document_equal_a_brute_force_count(
    documents: list[AnnotatedDocument],
) -> None:
    report = compute_agreement(documents)
    for name_a, name_b in combinations(report.annotators, 2):
        pair = report.pair(name_a, name_b)
        both = [d for d in documents if {name_a, name_b} <= d.annotators()]
        assert pair.documents == len(both)
        totals = [0] * 5
        for label in report.labels:
            label_totals = [0] * 5
            for document in both:
                a = [s for s in document.layers.get(name_a, []) if s[2] == label]
                b = [s for s in document.layers.get(name_b, []) if s[2] == label]
                label_totals = [x + y for x, y in zip(label_totals, brute_force(a, b), strict=True)]
            counts = pair.labels[label].counts
            assert (
                counts.spans_a,
                counts.spans_b,
                counts.exact,
                counts.overlap_a,
                counts.overlap_b,
            ) == tuple(label_totals)
            totals = [x + y for x, y in zip(totals, label_totals, strict=True)]
        assert pair.counts.spans_a == totals[0] and pair.counts.exact == totals[2]
        for document in both:
            found = next(
                p
                for p in report.document(document.document_id).pairs
                if p.annotator_a == name_a and p.annotator_b == name_b
            )
            expected = brute_force(document.layers.get(name_a, []), document.layers.get(name_b, []))
            assert found.counts.spans_a == expected[0] and found.counts.exact == expected[2]


def test_scores_follow_their_definitions() -> None:
    text = "Huawei Ascend 910B chips lifted revenue by 12% to 1.2 billion yuan."
    a = [(0, 18, "chips"), (44, 66, "fin"), (19, 24, "chips")]
    b = [(7, 18, "chips"), (44, 66, "fin")]
    pair = compute_agreement([AnnotatedDocument("d", text, {"a": a, "b": b})]).pair("a", "b")
    assert pair.exact == SpanScores(precision=1 / 2, recall=1 / 3, f1=2 * 1 / (3 + 2))
    # Overlap: both of b's spans meet one of a's; two of a's three spans meet one of b's.
    assert pair.overlap.precision == 1.0 and pair.overlap.recall == 2 / 3
    assert close(pair.overlap.f1, 2 * 1.0 * (2 / 3) / (1.0 + 2 / 3))
    swapped = compute_agreement([AnnotatedDocument("d", text, {"a": a, "b": b})], annotators=["b", "a"])
    assert swapped.pair("a", "b").exact.f1 == pair.exact.f1
    assert swapped.pairs[0].exact.precision == pair.exact.recall


def test_one_long_span_against_two_short_ones() -> None:
    """Where our overlap match and nervaluate's one-to-one "ent_type" part ways, by design."""
    text = "Huawei Ascend 910B"
    long_span = [(0, 18, "chips")]
    short_spans = [(0, 6, "chips"), (7, 18, "chips")]
    pair = compute_agreement([AnnotatedDocument("d", text, {"a": long_span, "b": short_spans})]).pair(
        "a", "b"
    )
    assert (pair.overlap.precision, pair.overlap.recall, pair.overlap.f1) == (1.0, 1.0, 1.0)
    correct, true, pred = nervaluate_counts(
        [[(0, 3, "chips")]], [[(0, 1, "chips"), (1, 3, "chips")]], "ent_type", ["chips"]
    )
    assert (correct, true, pred) == (1, 1, 2)  # nervaluate: precision 1/2


def test_only_one_side_tagging_scores_zero_and_nobody_tagging_is_undefined() -> None:
    text = "Huawei Ascend 910B"
    done = frozenset({"b"})
    one_sided = compute_agreement([AnnotatedDocument("d", text, {"a": [(0, 6, "chips")]}, annotated_by=done)])
    assert one_sided.pair("a", "b").exact == SpanScores(precision=None, recall=0.0, f1=0.0)
    nobody = compute_agreement([AnnotatedDocument("d", text, {}, annotated_by=frozenset({"a", "b"}))])
    assert nobody.pair("a", "b").exact == SpanScores(None, None, None)
    assert nobody.mean_pairwise_f1 is None


def test_the_headline_is_the_mean_of_pairwise_exact_f1() -> None:
    text = "Huawei Ascend 910B chips lifted revenue"
    layers = {"a": [(0, 18, "chips")], "b": [(0, 18, "chips")], "c": [(7, 18, "chips")]}
    report = compute_agreement([AnnotatedDocument("d", text, layers)])
    assert [pair.exact.f1 for pair in report.pairs] == [1.0, 0.0, 0.0]
    assert report.mean_pairwise_f1 == 1 / 3
    assert report.mean_pairwise_overlap_f1 == 1.0
