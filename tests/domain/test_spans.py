import pytest

from annotator.domain.errors import SpanError
from annotator.domain.models import Span
from annotator.domain.spans import check_range, snap_to_words


def test_range_checks() -> None:
    check_range("abc", 0, 3)
    for start, end in [(0, 0), (2, 1), (-1, 2), (0, 4)]:
        with pytest.raises(SpanError):
            check_range("abc", start, end)


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ("the Huawei Ascend 910B chip", "scend 910", "Ascend 910B"),
        ("the Huawei Ascend 910B chip", " Huawei ", "Huawei"),
        ("iFlytek's state-owned partner", "Flytek", "iFlytek's"),
        ("a café here", "caf", "café"),
        ("revenue of 1.2 billion", "2 bil", "1.2 billion"),
    ],
)
def test_snap_to_words_grows_to_whole_words(text: str, needle: str, expected: str) -> None:
    start = text.index(needle)
    snapped = snap_to_words(text, start, start + len(needle))
    assert text[slice(*snapped)] == expected


def test_snap_keeps_cjk_characters_as_chosen() -> None:
    text = "讯飞星火大模型"
    start, end = snap_to_words(text, 2, 4)
    assert text[start:end] == "星火"


def test_snap_rejects_whitespace_only() -> None:
    with pytest.raises(SpanError):
        snap_to_words("a   b", 1, 4)


def test_span_model_rejects_reversed_and_mismatched_text() -> None:
    with pytest.raises(ValueError):
        Span(document_id="d", start=5, end=3, label="chips", text="xx", annotator="a")
    with pytest.raises(ValueError):
        Span(document_id="d", start=0, end=3, label="chips", text="ab", annotator="a")
