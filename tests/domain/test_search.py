"""Query parsing, finding a string in a text, and snippets: pure functions, code-point offsets."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.search import (
    contains_all,
    find_in_text,
    find_term,
    find_terms,
    parse_query,
    snippet,
)
from tests.conftest import ADVERSARIAL_TEXT

# -- parse_query ------------------------------------------------------------------------------------------


def test_words_and_quoted_phrases() -> None:
    assert parse_query('huawei "Ascend 910B" chips') == ["huawei", "Ascend 910B", "chips"]


def test_operators_and_syntax_are_ordinary_terms() -> None:
    assert parse_query("chips AND NOT (model*) NEAR:x ^a") == [
        "chips",
        "AND",
        "NOT",
        "(model*)",
        "NEAR:x",
        "^a",
    ]


def test_an_unmatched_quote_runs_to_the_end() -> None:
    assert parse_query('revenue "net profit') == ["revenue", "net profit"]
    assert parse_query('"') == []
    assert parse_query('""  " " x') == ["x"]


def test_repeated_terms_are_kept_once_ignoring_case() -> None:
    assert parse_query("AI ai Ai 华为 华为") == ["AI", "华为"]


def test_blank_queries_have_no_terms() -> None:
    assert parse_query("") == []
    assert parse_query(" \t\n ") == []


# -- find_in_text -----------------------------------------------------------------------------------------


def test_case_is_ignored_unless_asked() -> None:
    text = "Huawei and HUAWEI and huawei"
    assert find_in_text(text, "huawei") == [(0, 6), (11, 17), (22, 28)]
    assert find_in_text(text, "huawei", case_sensitive=True) == [(22, 28)]


def test_offsets_are_code_points_after_astral_characters() -> None:
    start = ADVERSARIAL_TEXT.index("Ascend 910B")
    assert find_in_text(ADVERSARIAL_TEXT, "ascend 910b") == [(start, start + 11)]
    chinese = ADVERSARIAL_TEXT.index("讯飞星火")
    assert find_in_text(ADVERSARIAL_TEXT, "星火") == [(chinese + 2, chinese + 4)]
    ext_b = ADVERSARIAL_TEXT.index("𠀁")
    assert find_in_text(ADVERSARIAL_TEXT, "𠀁") == [(ext_b, ext_b + 1)]


def test_a_letter_whose_lower_case_is_longer_keeps_offsets_exact() -> None:
    # "İ".lower() is two characters: the search must not shift the offsets after it.
    text = "İstanbul office of HUAWEI, Huawei"
    assert find_in_text(text, "huawei") == [(19, 25), (27, 33)]
    assert find_in_text(text, "huawei", limit=1) == [(19, 25)]


def test_occurrences_do_not_overlap() -> None:
    assert find_in_text("aaaa", "aa") == [(0, 2), (2, 4)]


def test_regex_characters_are_literal() -> None:
    assert find_in_text("cost (est.) 1.2*3 [x]", "(est.)") == [(5, 11)]
    assert find_in_text("a.b axb", "a.b") == [(0, 3)]


def test_whole_words_rejects_parts_of_words() -> None:
    text = "AI said: against AI, (AI) AIs"
    assert find_in_text(text, "AI", whole_words=True) == [(0, 2), (17, 19), (22, 24)]


def test_whole_words_finds_an_occurrence_after_a_rejected_overlapping_one() -> None:
    assert find_in_text("aaa aa", "aa", whole_words=True) == [(4, 6)]


def test_whole_words_treats_a_combining_accent_as_part_of_the_letter() -> None:
    text = "cafe\u0301 cafe"
    assert find_in_text(text, "cafe", whole_words=True) == [(6, 10)]


def test_whole_words_accepts_chinese_inside_a_sentence() -> None:
    text = "华为发布昇腾910B芯片"
    assert find_in_text(text, "昇腾", whole_words=True) == [(4, 6)]
    # "910B" is glued to an ideograph on its left and its right: still a word of its own.
    assert find_in_text(text, "910B", whole_words=True) == [(6, 10)]


def test_empty_needle_finds_nothing() -> None:
    assert find_in_text("text", "") == []


@given(st.text(max_size=60), st.text(min_size=1, max_size=4), st.booleans(), st.booleans())
def test_every_occurrence_reads_back_as_the_needle(
    text: str, needle: str, case_sensitive: bool, whole_words: bool
) -> None:
    found = find_in_text(text, needle, case_sensitive=case_sensitive, whole_words=whole_words)
    previous_end = 0
    for start, end in found:
        assert previous_end <= start < end <= len(text)
        assert end - start == len(needle)
        flags = 0 if case_sensitive else re.IGNORECASE
        assert re.fullmatch(re.escape(needle), text[start:end], flags)
        previous_end = end
    if not whole_words:
        if case_sensitive:
            assert len(found) == text.count(needle)
        elif len(text.lower()) == len(text) and len(needle.lower()) == len(needle):
            assert len(found) == text.lower().count(needle.lower())


# -- terms of a query -------------------------------------------------------------------------------------


def test_short_words_stand_on_their_own_and_long_ones_match_inside_words() -> None:
    text = "AI chips: against the chipset, said the 5G AI lab"
    assert find_term(text, "ai") == [(0, 2), (43, 45)]
    assert find_term(text, "chip") == [(3, 7), (22, 26)]
    # Two ideographs are not a "short word": Chinese has no spaces to stand between.
    assert find_term("投資有風險", "投資") == [(0, 2)]


def test_find_terms_merges_overlapping_occurrences() -> None:
    assert find_terms("Ascend 910B", ["ascend 910", "910b"]) == [(0, 11)]
    assert find_terms("a chip, a chip", ["chip"], limit=1) == [(2, 6)]


def test_contains_all_looks_in_any_of_the_texts() -> None:
    assert contains_all(["Huawei news", "Ascend chips"], ["huawei", "chips"])
    assert not contains_all(["Huawei news", "Ascend chips"], ["huawei", "nvidia"])


# -- snippet ----------------------------------------------------------------------------------------------


def test_snippet_emphasises_the_match_and_marks_cuts() -> None:
    text = "word " * 30 + "Ascend 910B" + " word" * 30
    start = text.index("Ascend")
    line = snippet(text, start, start + 11, context=20)
    assert line.text[line.emphasis_start : line.emphasis_end] == "Ascend 910B"
    assert line.text.startswith("…") and line.text.endswith("…")
    # Cuts fall on spaces, so no word is chopped.
    assert all(piece == "word" for piece in line.text.strip("…").replace("Ascend 910B", "").split())


def test_snippet_is_one_line_with_offsets_kept() -> None:
    text = "First line\nSecond\tline with 讯飞星火\u2028and more"
    start = text.index("讯飞")
    line = snippet(text, start, start + 4)
    assert "\n" not in line.text and "\t" not in line.text and "\u2028" not in line.text
    assert line.text[line.emphasis_start : line.emphasis_end] == "讯飞星火"
    assert not line.text.startswith("…") and not line.text.endswith("…")


def test_snippet_shortens_a_very_long_match() -> None:
    text = "x" * 500
    line = snippet(text, 0, 500, context=10, longest_match=20)
    assert line.emphasis_end - line.emphasis_start == 21
    assert "…" in line.text[line.emphasis_start : line.emphasis_end]


@given(st.text(min_size=1, max_size=80), st.data())
def test_snippet_always_contains_the_match(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 30)))
    line = snippet(text, start, end, context=8)
    expected = text[start:end].translate(str.maketrans("\n\r\t\u2028\u2029\x0b", "      "))
    assert line.text[line.emphasis_start : line.emphasis_end] == expected
