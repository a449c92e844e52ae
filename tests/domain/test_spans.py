import os
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.errors import SpanError
from annotator.domain.models import Span, new_span_id
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


def test_snap_keeps_whole_cjk_words_as_chosen() -> None:
    text = "讯飞星火大模型"
    start, end = snap_to_words(text, 2, 4)
    assert text[start:end] == "星火"
    assert snap_to_words(text, 5, 6) == (5, 7)  # 模 of 模型


def test_snap_rejects_whitespace_only() -> None:
    with pytest.raises(SpanError):
        snap_to_words("a   b", 1, 4)


def test_span_model_rejects_reversed_and_mismatched_text() -> None:
    with pytest.raises(ValueError):
        Span(document_id="d", start=5, end=3, label="chips", text="xx", annotator="a")
    with pytest.raises(ValueError):
        Span(document_id="d", start=0, end=3, label="chips", text="ab", annotator="a")


@pytest.mark.parametrize(
    ("text", "dragged", "word"),
    [
        ("华为公司发布了新的人工智能芯片", "司发", "公司发布"),  # a drag over parts of two words
        ("华为公司发布了新的人工智能芯片", "智", "智能"),
        ("東京都に住んでいます", "京", "東京"),
        ("ภาษาไทยง่ายนิดเดียว", "ไท", "ไทย"),
        ("Huawei 在 2025 年😀发布了新的芯片", "布", "发布"),  # an emoji before: code points, not UTF-16
    ],
)
def test_snapping_in_scripts_without_spaces_uses_a_segmenter(text: str, dragged: str, word: str) -> None:
    start = text.index(dragged)
    snapped = snap_to_words(text, start, start + len(dragged))
    assert text[snapped[0] : snapped[1]] == word


@given(st.text(alphabet="华为公司发布了新的人工智能芯片東京都に住んでいますภาษาไทยง่าย 😀ab", min_size=1))
def test_snapping_never_shrinks_and_always_lands_on_text(text: str) -> None:
    for start in range(len(text)):
        end = min(len(text), start + 2)
        if not text[start:end].strip():
            continue
        snapped = snap_to_words(text, start, end)
        inner = text[start:end].strip()
        assert inner in text[snapped[0] : snapped[1]]
        assert 0 <= snapped[0] < snapped[1] <= len(text)


def test_new_span_ids_are_distinct_version_4_uuids_in_canonical_form() -> None:
    ids = [new_span_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    for value in ids:
        parsed = uuid.UUID(value)
        assert str(parsed) == value  # lower case, hyphens where str(UUID) puts them
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
    # The bits under the version and the variant stay random.
    assert {value[19] for value in ids} == set("89ab")
    assert len({value[15] for value in ids}) == 16


def test_a_forked_process_makes_other_span_ids_than_its_parent() -> None:
    new_span_id()  # the parent has ids made ahead
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        os.write(writing, ",".join(new_span_id() for _ in range(10)).encode())
        os._exit(0)
    os.close(writing)
    os.waitpid(child, 0)
    with os.fdopen(reading) as stream:
        in_child = stream.read().split(",")
    in_parent = [new_span_id() for _ in range(10)]
    assert len(in_child) == 10 and not set(in_child) & set(in_parent)
