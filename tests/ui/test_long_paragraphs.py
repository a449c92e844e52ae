"""An article that is one enormous paragraph: shown in pieces, yet tagged, painted and copied by the
stored text's offsets as any other."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlock
from pytestqt.qtbot import QtBot

from annotator.services.project import Project
from annotator.ui.article_view import ArticleView
from annotator.ui.offsets import LONG_PARAGRAPH
from tests.ui.conftest import WindowFactory, drag_select, open_imported

SENTENCE = "Huawei ships Ascend chips to 讯飞 🚀 and others. "
TEXT = "Title line\n" + SENTENCE * (3 * LONG_PARAGRAPH // len(SENTENCE)) + "\nLast line."


def painted(block: QTextBlock) -> list[tuple[int, int]]:
    return [
        (f.start, f.length)
        for f in block.layout().formats()
        if f.format.background().style() != Qt.BrushStyle.NoBrush
    ]


def open_long(project: Project, tmp_path: Path, make_window: WindowFactory) -> tuple[ArticleView, str]:
    window, document = open_imported(project, tmp_path / "one-paragraph.txt", TEXT, make_window)
    return window.left.view, document.id


def first_break(view: ArticleView) -> int:
    """The offset where the view's first added break is (the start of the second piece)."""
    block = view.document().findBlockByNumber(2)  # 0 is the title line, 1 the first piece
    return view.offsets.from_qt(block.position())


def test_one_long_paragraph_is_shown_in_pieces_and_reads_as_stored(
    qtbot: QtBot, project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    view, _ = open_long(project, tmp_path, make_window)
    document = view.document()
    assert document.blockCount() >= 5  # title, at least three pieces, last line
    assert max(document.findBlockByNumber(n).length() for n in range(document.blockCount())) <= LONG_PARAGRAPH
    at = first_break(view)
    assert TEXT[at - 1] == " " and TEXT[at] != "\n"  # the piece ends after a space; the text has none there

    # Selecting across the break and copying gives the stored text, with no line break in it.
    view.select_range(at - 8, at + 6)
    assert view.selected_range() == (at - 8, at + 6)
    assert view.createMimeDataFromSelection().text() == TEXT[at - 8 : at + 6]


def test_a_span_across_an_added_break_is_stored_by_offsets_and_painted_on_both_lines(
    qtbot: QtBot, project: Project, db_path: Path, tmp_path: Path, make_window: WindowFactory
) -> None:
    view, _ = open_long(project, tmp_path, make_window)
    at = first_break(view)
    start, end = TEXT.rindex("Huawei", 0, at), TEXT.index("chips", at) + len("chips")
    qt_start, qt_end = view.offsets.range_to_qt(start, end)
    block = view.document().findBlock(qt_start)
    cursor = view.textCursor()
    cursor.setPosition(qt_start)
    view.setTextCursor(cursor)  # brings the span's start on screen for the drag
    drag_select(qtbot, view, qt_start, qt_end)
    qtbot.keyClick(view, "2")  # the second label: chips

    with sqlite3.connect(db_path) as conn:
        rows = conn.execute('SELECT start, "end", text FROM spans').fetchall()
    assert rows == [(start, end, TEXT[start:end])]
    assert "\n" not in rows[0][2]
    view.viewport().grab()
    qtbot.wait(20)
    before, after = block, block.next()
    assert painted(before) and painted(after)
    assert painted(after)[0][0] == 0  # the second line is painted from its start
