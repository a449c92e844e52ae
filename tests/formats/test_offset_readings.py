"""Offsets from other tools: UTF-16 code units and \\r\\n counted as two characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.formats.offset_readings import OffsetProblem, OffsetReader, OffsetUnit
from tests.conftest import ADVERSARIAL_TEXT
from tests.fixtures.offsets import utf16_offset

CRLF_TEXT = ADVERSARIAL_TEXT.replace("\n", "\r\n")


def test_code_points_are_read_as_stated() -> None:
    reader = OffsetReader(ADVERSARIAL_TEXT)
    start = ADVERSARIAL_TEXT.index("Huawei")
    assert reader.read(start, start + 6, expected="Huawei").how is None


def test_utf16_offsets_after_astral_characters_are_found() -> None:
    reader = OffsetReader(ADVERSARIAL_TEXT)
    start = ADVERSARIAL_TEXT.index("讯飞星火")
    reading = reader.read(
        utf16_offset(ADVERSARIAL_TEXT, start), utf16_offset(ADVERSARIAL_TEXT, start + 4), expected="讯飞星火"
    )
    assert (reading.start, reading.end, reading.how) == (start, start + 4, "UTF-16 code units")


def test_a_utf16_boundary_inside_a_surrogate_pair_is_no_reading() -> None:
    text = "😀 chips"
    # [1, 3) in UTF-16 would start inside the emoji; as code points it is " c", not "chips".
    with pytest.raises(OffsetProblem, match="should cover"):
        OffsetReader(text).read(1, 3, expected="ch")


def test_crlf_counted_offsets_are_mapped_to_the_canonical_text() -> None:
    reader = OffsetReader(CRLF_TEXT)
    start = CRLF_TEXT.index("Revenue")
    reading = reader.read(start, start + 7, expected="Revenue")
    assert reading.how == "code points with \\r\\n counted as two characters"
    assert reader.text[reading.start : reading.end] == "Revenue"
    assert reading.start == ADVERSARIAL_TEXT.index("Revenue")


def test_a_byte_order_mark_counts_in_the_original_reading() -> None:
    reader = OffsetReader("\ufeffab\r\ncd")
    assert reader.text == "ab\ncd"
    reading = reader.read(5, 7, expected="cd")
    assert (reading.start, reading.end) == (3, 5)


def test_offsets_that_match_nothing_are_refused_with_what_was_found() -> None:
    with pytest.raises(OffsetProblem, match=r"span \[0, 5\) should cover 'Nvidia' but is 'Emoji'"):
        OffsetReader(ADVERSARIAL_TEXT).read(0, 5, expected="Nvidia")
    with pytest.raises(OffsetProblem, match="outside the text"):
        OffsetReader("short").read(10, 12, expected="xx")


def test_several_distinct_matches_are_refused() -> None:
    # [6, 7) is the first "b" of "bb" as UTF-16 units and the second with \r\n counted as two as well.
    reader = OffsetReader("😀xb\r\nbb")
    with pytest.raises(OffsetProblem, match="several readings of its offsets match"):
        reader.read(6, 7, expected="b")


def test_without_span_text_the_unit_decides_and_a_misfit_suggests_utf16() -> None:
    text = "😀😀 chips"
    reader = OffsetReader(text)
    assert reader.read(5, 10, expected=None, unit=OffsetUnit.UTF16).start == 3
    with pytest.raises(OffsetProblem, match="try --offsets utf-16"):
        reader.read(5, 10, expected=None)
    assert reader.read(3, 8, expected=None, unit="code-points").how is None  # type: ignore[arg-type]
    with pytest.raises(OffsetProblem, match="empty or reversed"):
        reader.read(4, 4, expected=None)


@st.composite
def ranges(draw: st.DrawFn, text: str) -> tuple[int, int]:
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return start, end


@given(st.data())
def test_any_range_given_in_utf16_units_comes_back_exactly(data: st.DataObject) -> None:
    start, end = data.draw(ranges(ADVERSARIAL_TEXT))
    expected = ADVERSARIAL_TEXT[start:end]
    units = utf16_offset(ADVERSARIAL_TEXT, start), utf16_offset(ADVERSARIAL_TEXT, end)
    reading = OffsetReader(ADVERSARIAL_TEXT).read(*units, expected=expected)
    assert ADVERSARIAL_TEXT[reading.start : reading.end] == expected
    if ADVERSARIAL_TEXT[units[0] : units[1]] != expected:
        # Only a coincidence of repeated text lets the stated reading win; otherwise the range is found.
        assert (reading.start, reading.end) == (start, end)


@pytest.mark.parametrize("text", [CRLF_TEXT, "Line one\r\nHuawei Ascend 910B\r\n\r\nRevenue rose 12%.\r\n"])
@given(data=st.data())
def test_any_range_counted_with_crlf_comes_back_exactly_or_is_refused(text: str, data: st.DataObject) -> None:
    start, end = data.draw(ranges(text))
    if text[start:end].startswith("\n") or text[start:end].endswith("\r"):
        return  # a boundary between \r and \n has no place in the canonical text
    expected = text[start:end].replace("\r\n", "\n")
    reader = OffsetReader(text)
    canonical_start = len(text[:start].replace("\r\n", "\n"))
    try:
        reading = reader.read(start, end, expected=expected)
    except OffsetProblem as problem:
        # With emoji too, a short repeated text can match two readings: refused, never guessed.
        assert reader.has_astral and "several readings" in str(problem)
        return
    assert reader.text[reading.start : reading.end] == expected
    if reader.text[start:end] != expected:
        assert (reading.start, reading.end) == (canonical_start, canonical_start + len(expected))
