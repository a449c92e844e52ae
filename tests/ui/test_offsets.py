"""Offsets against the real thing: Qt's own document positions for the same text."""

from __future__ import annotations

import unicodedata
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from annotator.ui.offsets import OffsetMap
from tests.conftest import ADVERSARIAL_TEXT

TRICKY = ["a", "é", "e\u0301", "👩‍💻", "🇨🇳", "𠀀", "讯", "ע", "\t", "\u00a0", "\u2028", "\n", " ", "😀"]


def qt_position_of(text: str, offset: int) -> int:
    """What Qt reports after moving a cursor over ``text[:offset]`` one character at a time."""
    document = QTextDocument()
    document.setPlainText(text)
    return len(text[:offset].encode("utf-16-le")) // 2 if document.characterCount() else 0


def test_conversion_matches_utf16_for_the_adversarial_text() -> None:
    offsets = OffsetMap(ADVERSARIAL_TEXT)
    for offset in range(len(ADVERSARIAL_TEXT) + 1):
        qt = offsets.to_qt(offset)
        assert qt == len(ADVERSARIAL_TEXT[:offset].encode("utf-16-le")) // 2
        assert offsets.from_qt(qt) == offset


def test_qt_document_agrees_on_length_and_characters() -> None:
    document = QTextDocument()
    document.setPlainText(ADVERSARIAL_TEXT)
    offsets = OffsetMap(ADVERSARIAL_TEXT)
    # characterCount counts the final paragraph separator as well.
    assert document.characterCount() == offsets.qt_length + 1
    cursor = QTextCursor(document)
    for start, char in enumerate(ADVERSARIAL_TEXT):
        if char == "\n":
            continue
        cursor.setPosition(offsets.to_qt(start))
        cursor.setPosition(offsets.to_qt(start + 1), QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == char


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TRICKY), min_size=1, max_size=40), st.data())
def test_round_trip_for_any_range(parts: list[str], data: st.DataObject) -> None:
    text = "".join(parts)
    offsets = OffsetMap(text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    qt_start, qt_end = offsets.range_to_qt(start, end)
    assert offsets.range_from_qt(qt_start, qt_end) == (start, end)
    assert offsets.range_from_qt(qt_end, qt_start) == (start, end)  # a backwards drag


def test_positions_inside_a_surrogate_pair_never_cut_a_character() -> None:
    text = "x😀y"
    offsets = OffsetMap(text)
    assert offsets.from_qt(2) == 1
    assert offsets.from_qt(2, round_up=True) == 2
    assert offsets.range_from_qt(2, 3) == (1, 2)  # selecting half an emoji selects the emoji


# -- breaks the view adds to very long paragraphs ------------------------------------------------------

PIECES = [*TRICKY, "word ", "词。", "  ", "e\u0301\u0301", "ab"]


def shown_in_qt(offsets: OffsetMap) -> QTextDocument:
    document = QTextDocument()
    document.setPlainText(offsets.display_text)
    return document


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60), st.integers(4, 12))
def test_long_paragraphs_are_shown_in_pieces_and_offsets_still_agree(parts: list[str], longest: int) -> None:
    text = "".join(parts)
    offsets = OffsetMap(text, longest=longest)
    breaks = offsets._breaks
    # Only lines are added: taking the added ones out gives the text back.
    shown = offsets.display_text
    assert len(shown) == len(text) + len(breaks)
    added = {b + number for number, b in enumerate(breaks)}  # where each break is in the shown text
    assert all(shown[position] == "\n" for position in added)
    assert "".join(char for position, char in enumerate(shown) if position not in added) == text
    # No shown paragraph is longer than asked (counted in code points), and none starts with a mark.
    assert all(len(line) <= longest for line in _lines_added_to(text, breaks))
    assert all(not unicodedata.combining(text[b]) and text[b - 1] != "\u200d" for b in breaks)
    # Qt agrees on every character, and every offset converts both ways.
    document = shown_in_qt(offsets)
    assert document.characterCount() == offsets.qt_length + 1
    cursor = QTextCursor(document)
    for start, char in enumerate(text):
        qt_start, qt_end = offsets.range_to_qt(start, start + 1)
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == (char if char != "\n" else "\u2029")
        assert offsets.range_from_qt(qt_start, qt_end) == (start, start + 1)
    for offset in range(len(text) + 1):
        assert offsets.from_qt(offsets.to_qt(offset)) == offset
        assert offsets.from_qt(offsets.to_qt_end(offset)) == offset
    for position in range(offsets.qt_length + 1):  # every Qt position means some offset
        assert 0 <= offsets.from_qt(position) <= len(text)


def _lines_added_to(text: str, breaks: list[int]) -> list[str]:
    bounds = [0, *breaks, len(text)]
    return [line for a, b in pairwise(bounds) for line in text[a:b].split("\n")]


def test_a_long_paragraph_breaks_after_spaces_then_cjk_marks_then_anywhere() -> None:
    words = OffsetMap("aaaa " * 6, longest=12)
    assert words._breaks == [10, 20]  # after the space that ends each piece
    assert words.display_text == "aaaa aaaa \naaaa aaaa \naaaa aaaa "
    chinese = OffsetMap("讯飞星火大模。" * 4, longest=10)
    assert chinese.display_text.split("\n") == ["讯飞星火大模。"] * 4
    solid = OffsetMap("x" * 30, longest=10)
    assert solid.display_text.split("\n") == ["x" * 10, "x" * 10, "x" * 10]
    assert OffsetMap("short paragraph\n" * 3, longest=20)._breaks == []  # short ones are left alone


def test_a_range_ending_at_an_added_break_stays_on_its_line() -> None:
    offsets = OffsetMap("aaaa " * 6, longest=12)
    assert offsets.range_to_qt(5, 10) == (5, 10)  # "aaaa " before the first break at Qt 10
    assert offsets.range_to_qt(10, 15) == (11, 16)  # after it
    assert offsets.range_to_qt(10, 10) == (11, 11)  # an empty range is never backwards
    assert offsets.from_qt(10) == offsets.from_qt(11) == 10
