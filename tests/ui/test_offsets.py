"""Offsets against the real thing: Qt's own document positions for the same text."""

from __future__ import annotations

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
