from annotator.domain.layer_diff import Agreement, classify_layer, disagreements
from annotator.domain.models import Span

TEXT = "Huawei Ascend 910B chips power iFlytek Spark models in 2025."


def span(start: int, end: int, label: str, who: str) -> Span:
    return Span(document_id="d", start=start, end=end, label=label, text=TEXT[start:end], annotator=who)


def test_every_kind_of_agreement() -> None:
    a = [
        span(0, 6, "strategy", "a"),
        span(7, 18, "chips", "a"),
        span(31, 38, "strategy", "a"),
        span(45, 51, "models", "a"),
    ]
    b = [span(0, 6, "strategy", "b"), span(7, 24, "chips", "b"), span(31, 38, "models", "b")]
    assert list(classify_layer(a, b).values()) == [
        Agreement.AGREED,
        Agreement.BOUNDARY,
        Agreement.LABEL,
        Agreement.ONLY,
    ]
    assert list(classify_layer(b, a).values()) == [Agreement.AGREED, Agreement.BOUNDARY, Agreement.LABEL]


def test_disagreements_cluster_overlapping_spans_in_text_order() -> None:
    a = [
        span(0, 6, "strategy", "a"),
        span(7, 18, "chips", "a"),
        span(31, 38, "strategy", "a"),
        span(45, 51, "models", "a"),
    ]
    b = [span(0, 6, "strategy", "b"), span(7, 24, "chips", "b"), span(31, 38, "models", "b")]
    found = disagreements(a, b)
    assert [(d.start, d.end, d.kind) for d in found] == [
        (7, 24, Agreement.BOUNDARY),
        (31, 38, Agreement.LABEL),
        (45, 51, Agreement.ONLY),
    ]
    assert [s.annotator for s in found[0].left] == ["a"] and [s.annotator for s in found[0].right] == ["b"]


def test_identical_layers_have_no_disagreements() -> None:
    a = [span(0, 6, "strategy", "a")]
    assert disagreements(a, [span(0, 6, "strategy", "b")]) == []
    assert disagreements([], []) == []
