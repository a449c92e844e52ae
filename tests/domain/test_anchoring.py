"""Re-anchoring spans onto a new version of a text: exact placement or a flag, never a silent shift."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain import anchoring
from annotator.domain.anchoring import Anchor, AnchorStatus, TextChange, reanchor
from tests.conftest import ADVERSARIAL_TEXT

ARTICLE = (
    "By Sherry Qin\n"
    "China's iFlytek developed one of the country's first homegrown models.\n"
    "The Hefei-based company backed by Huawei is bumping up against a problem.\n"
    "Revenue rose 12% to 1.2 billion yuan, iFlytek said on Tuesday.\n"
)


def anchor_of(text: str, needle: str, occurrence: int = 0, span_id: str = "s") -> Anchor:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Anchor(span_id, start, start + len(needle), needle)


def test_identical_text_leaves_every_span_in_place() -> None:
    anchors = [anchor_of(ARTICLE, "iFlytek", 0, "a"), anchor_of(ARTICLE, "iFlytek", 1, "b")]
    results = reanchor(ARTICLE, ARTICLE, anchors)
    assert [(r.status, r.start) for r in results] == [(AnchorStatus.UNCHANGED, a.start) for a in anchors]


def test_text_inserted_before_a_span_moves_it_exactly() -> None:
    new = "Exclusive.\n" + ARTICLE.replace("homegrown", "truly homegrown")
    anchors = [anchor_of(ARTICLE, "Huawei"), anchor_of(ARTICLE, "iFlytek", 1, "t")]
    for anchor, result in zip(anchors, reanchor(ARTICLE, new, anchors), strict=True):
        assert result.status is AnchorStatus.MOVED
        assert new[result.start : result.end] == anchor.text
        assert result.start == anchor.start + len("Exclusive.\n") + len("truly ")


def test_edit_in_the_same_line_keeps_the_span_exact() -> None:
    # A typo fixed a few words before the span: the line differs, the span's place is still certain.
    new = ARTICLE.replace("Hefei-based", "Hefei based")
    anchor = anchor_of(ARTICLE, "Huawei")
    (result,) = reanchor(ARTICLE, new, [anchor])
    assert result.status is AnchorStatus.UNCHANGED
    assert new[result.start : result.end] == "Huawei"


def test_span_whose_own_text_changed_is_flagged_near_its_old_place() -> None:
    new = ARTICLE.replace("backed by Huawei is", "backed by Huawei Technologies is")
    anchor = anchor_of(ARTICLE, "Huawei is bumping")
    (result,) = reanchor(ARTICLE, new, [anchor])
    assert result.status is AnchorStatus.FLAGGED
    assert "not in the new version" in result.reason
    assert result.end - result.start == len(anchor.text)
    assert abs(result.start - new.index("Huawei Technologies")) <= len(" Technologies")


def test_text_changed_right_beside_a_span_leaves_it_in_place() -> None:
    new = ARTICLE.replace("backed by Huawei", "backed by Huawei Technologies")
    anchor = anchor_of(ARTICLE, "backed by Huawei")
    (result,) = reanchor(ARTICLE, new, [anchor])
    assert (result.status, result.start) == (AnchorStatus.UNCHANGED, anchor.start)


def test_span_in_a_deleted_sentence_is_flagged_not_moved_to_another_occurrence() -> None:
    # "iFlytek" is still in the text (first line), but the sentence the second one was in is gone.
    new = ARTICLE.replace("Revenue rose 12% to 1.2 billion yuan, iFlytek said on Tuesday.\n", "")
    anchor = anchor_of(ARTICLE, "iFlytek", 1)
    (result,) = reanchor(ARTICLE, new, [anchor])
    assert result.status is AnchorStatus.FLAGGED
    assert "around it changed" in result.reason


def test_moved_paragraph_is_found_by_its_context() -> None:
    lines = ARTICLE.splitlines(keepends=True)
    new = "".join([lines[0], lines[3], lines[1], lines[2]])
    anchors = [anchor_of(ARTICLE, "1.2 billion yuan", span_id="money"), anchor_of(ARTICLE, "Huawei")]
    for anchor, result in zip(anchors, reanchor(ARTICLE, new, anchors), strict=True):
        assert result.status is not AnchorStatus.FLAGGED, result
        assert new[result.start : result.end] == anchor.text
        assert result.start == new.index(anchor.text)


def test_equally_good_places_are_flagged_as_ambiguous(monkeypatch: pytest.MonkeyPatch) -> None:
    # The span's sentence now appears twice, each copy as close to the old surroundings as the other.
    monkeypatch.setattr(anchoring, "CHAR_DIFF_LIMIT", 0)
    old = "Intro one.\nThe chip from Huawei is fast.\nXyz.\n"
    new = "Intro two.\nThe chip from Huawei is fast.\nThe chip from Huawei is fast.\nThe end.\n"
    (result,) = reanchor(old, new, [anchor_of(old, "Huawei")])
    assert result.status is AnchorStatus.FLAGGED
    assert "equally likely" in result.reason


def test_repeated_paragraphs_are_told_apart_by_wider_context() -> None:
    paragraph = "Reporting by the agency's correspondents in Beijing and Hefei; editing by the desk.\n"
    old = "First story.\n" + paragraph + "Second story.\n" + paragraph + "End.\n"
    new = "Added lead.\n" + old
    anchors = [anchor_of(old, "Hefei", 0, "one"), anchor_of(old, "Hefei", 1, "two")]
    results = reanchor(old, new, anchors)
    assert [r.start for r in results] == [a.start + len("Added lead.\n") for a in anchors]
    assert {r.status for r in results} == {AnchorStatus.MOVED}


def test_a_single_weakly_confirmed_occurrence_is_flagged() -> None:
    old = "Analysts said Huawei was ahead.\n"
    new = "Huawei denies everything.\n"
    (result,) = reanchor(old, new, [anchor_of(old, "Huawei")])
    assert result.status is AnchorStatus.FLAGGED
    assert "place is uncertain" in result.reason


def test_offsets_are_code_points_through_emoji_and_astral_characters() -> None:
    new = "👩‍💻🇨🇳 prefix 𠀀\n" + ADVERSARIAL_TEXT
    anchors = [
        anchor_of(ADVERSARIAL_TEXT, "Ascend 910B"),
        anchor_of(ADVERSARIAL_TEXT, "讯飞星火", span_id="x"),
    ]
    for anchor, result in zip(anchors, reanchor(ADVERSARIAL_TEXT, new, anchors), strict=True):
        assert result.status is AnchorStatus.MOVED
        assert result.start == anchor.start + len("👩‍💻🇨🇳 prefix 𠀀\n")
        assert new[result.start : result.end] == anchor.text


def test_span_at_the_very_start_and_end_of_the_text() -> None:
    old = "Huawei rose. Huawei fell"
    new = "Huawei rose! Huawei fell"
    anchors = [Anchor("first", 0, 6, "Huawei"), Anchor("last", 20, 24, "fell")]
    results = reanchor(old, new, anchors)
    assert [(r.status, r.start) for r in results] == [
        (AnchorStatus.UNCHANGED, 0),
        (AnchorStatus.UNCHANGED, 20),
    ]


def test_a_span_already_out_of_step_with_its_text_stays_flagged() -> None:
    (result,) = reanchor(ARTICLE, "New.\n" + ARTICLE, [Anchor("f", 0, 6, "Huawei")])
    assert result.status is AnchorStatus.FLAGGED


def test_flagged_span_longer_than_the_new_text_keeps_its_length() -> None:
    (result,) = reanchor(ARTICLE, "Short.", [anchor_of(ARTICLE, "Hefei-based company backed by Huawei")])
    assert result.status is AnchorStatus.FLAGGED
    assert (result.start, result.end - result.start) == (0, len("Hefei-based company backed by Huawei"))


def test_best_guess_maps_positions_through_the_change() -> None:
    change = TextChange("abc DEF ghi", "abc XY ghi")
    assert change.best_guess(1) == 1
    assert change.best_guess(9) == 8
    assert change.map_inside_unchanged(8, 11) == 7
    assert change.map_inside_unchanged(3, 6) is None


WORDS = st.sampled_from(["Huawei", "chip", "the", "iFlytek", "said", "12%", "模型", "👩‍💻", "a", "\n"])


@st.composite
def texts_with_spans(draw: st.DrawFn) -> tuple[str, list[Anchor]]:
    words = draw(st.lists(WORDS, min_size=1, max_size=80))
    text = " ".join(words)
    spans = []
    for index in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 20)))
        spans.append(Anchor(f"s{index}", start, end, text[start:end]))
    return text, spans


@settings(max_examples=300, deadline=None)
@given(texts_with_spans(), st.data())
def test_placed_spans_always_cover_their_exact_text(
    case: tuple[str, list[Anchor]], data: st.DataObject
) -> None:
    old, anchors = case
    cut = data.draw(st.integers(0, len(old)))
    drop = data.draw(st.integers(0, 10))
    new = old[:cut] + data.draw(st.sampled_from(["", "Huawei said ", "chip", "\n\n"])) + old[cut + drop :]
    for anchor, result in zip(anchors, reanchor(old, new, anchors), strict=True):
        assert result.end - result.start == len(anchor.text)
        if result.status is not AnchorStatus.FLAGGED:
            assert new[result.start : result.end] == anchor.text


@settings(max_examples=300, deadline=None)
@given(texts_with_spans(), st.data())
def test_an_insertion_outside_every_span_moves_each_span_by_its_length(
    case: tuple[str, list[Anchor]], data: st.DataObject
) -> None:
    old, anchors = case
    inside = {i for a in anchors for i in range(a.start + 1, a.end)}
    cut = data.draw(st.sampled_from([i for i in range(len(old) + 1) if i not in inside]))
    marker = "«inserted words»"
    new = old[:cut] + marker + old[cut:]
    for anchor, result in zip(anchors, reanchor(old, new, anchors), strict=True):
        expected = anchor.start + (len(marker) if anchor.start >= cut else 0)
        assert result.status is not AnchorStatus.FLAGGED, (anchor, result, new)
        assert result.start == expected
