"""Ctrl+F in an article: typed with keys, stepped with Enter, closed with Escape; offsets in code points."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from annotator.domain.models import Document
from annotator.domain.search import find_in_text
from annotator.domain.text import text_sha256
from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.storage.documents import insert_document
from annotator.ui.article_view import ArticleView
from annotator.ui.find_bar import FindBar
from tests.conftest import ADVERSARIAL_TEXT

SHOTS = Path("/tmp/annotator-shots")


class Host(QWidget):
    """An article view with the find bar under it, wired as the documentation of ``FindBar`` says."""

    def __init__(self) -> None:
        super().__init__()
        self.view = ArticleView()
        self.bar = FindBar()
        self.bar.set_view(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.bar)
        QShortcut(QKeySequence.StandardKey.Find, self, self.bar.open_bar)
        QShortcut(QKeySequence.StandardKey.FindNext, self, self.bar.find_next)


Opener = Callable[[Project, str], Host]


@pytest.fixture
def open_article(qtbot: QtBot) -> Iterator[Opener]:
    hosts: list[Host] = []

    def make(project: Project, document_id: str) -> Host:
        host = Host()
        hosts.append(host)
        qtbot.addWidget(host)
        host.view.show_document(
            reading.load_document(project, document_id), reading.document_span_rows(project, document_id)
        )
        host.resize(760, 420)
        with qtbot.waitExposed(host):
            host.show()
        with qtbot.waitActive(host):
            host.activateWindow()
        host.view.setFocus()
        return host

    yield make
    for host in hosts:
        host.close()


def add_document(project: Project, title: str, text: str) -> Document:
    document = Document(title=title, text=text, sha256=text_sha256(text))
    with project.database.write():
        insert_document(project.database, document)
    return document


def seed_with(project: Project, needle: str) -> str:
    return next(
        d.id for d in reading.list_documents(project) if needle in reading.load_document(project, d.id).text
    )


def type_with_input_method(widget: QWidget, text: str) -> None:
    """Chinese arrives the way an input method delivers it: committed text, not key presses."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def press_find(qtbot: QtBot, host: Host) -> None:
    qtbot.keySequence(host.view, QKeySequence.StandardKey.Find)
    qtbot.waitUntil(host.bar.edit.hasFocus)


def test_typing_selects_the_first_match_and_enter_steps_through_them(
    qtbot: QtBot, project: Project, open_article: Opener
) -> None:
    document_id = seed_with(project, "Huawei")
    text = reading.load_document(project, document_id).text
    expected = find_in_text(text, "huawei")
    assert len(expected) >= 3
    host = open_article(project, document_id)
    press_find(qtbot, host)
    assert host.bar.isVisible()
    qtbot.keyClicks(host.bar.edit, "huawei")
    assert host.view.selected_range() == expected[0]
    assert host.bar.count_label.text() == f"1 of {len(expected)}"
    qtbot.keyClick(host.bar.edit, Qt.Key.Key_Return)
    assert host.view.selected_range() == expected[1]
    qtbot.keyClick(host.bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(host.bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    # Before the first match comes the last one.
    assert host.view.selected_range() == expected[-1]
    assert host.bar.count_label.text() == f"{len(expected)} of {len(expected)}"
    qtbot.mouseClick(host.bar.next_button, Qt.MouseButton.LeftButton)
    assert host.view.selected_range() == expected[0]


def test_match_case_toggle(qtbot: QtBot, empty_project: Project, open_article: Opener) -> None:
    document = add_document(empty_project, "Case", "iFlytek, IFLYTEK and iflytek; iFlytek again.")
    host = open_article(empty_project, document.id)
    press_find(qtbot, host)
    qtbot.keyClicks(host.bar.edit, "iFlytek")
    assert host.bar.count_label.text() == "1 of 4"
    qtbot.mouseClick(host.bar.case_button, Qt.MouseButton.LeftButton)
    assert host.bar.case_button.isChecked()
    assert host.bar.matches == [(0, 7), (30, 37)]
    qtbot.keyClick(host.bar.edit, Qt.Key.Key_Return)
    assert host.view.selected_range() == (30, 37)


def test_offsets_stay_exact_after_emoji_and_astral_ideographs(
    qtbot: QtBot, empty_project: Project, open_article: Opener, db_path: Path
) -> None:
    document = add_document(empty_project, "Adversarial", ADVERSARIAL_TEXT)
    host = open_article(empty_project, document.id)
    press_find(qtbot, host)
    type_with_input_method(host.bar.edit, "星火")
    start = ADVERSARIAL_TEXT.index("星火")
    assert host.view.selected_range() == (start, start + 2)
    assert host.view.textCursor().selectedText() == "星火"
    host.bar.edit.clear()
    qtbot.keyClicks(host.bar.edit, "ascend 910b")
    assert host.view.textCursor().selectedText() == "Ascend 910B"
    # Found, then tagged: the stored span is exactly the text that was found.
    qtbot.keyClick(host.bar.edit, Qt.Key.Key_Escape)
    selected = host.view.selected_range()
    assert selected is not None
    annotation.tag_span(empty_project, document.id, *selected, "chips")
    conn = sqlite3.connect(db_path)
    rows = conn.execute('SELECT start, "end", text FROM spans').fetchall()
    conn.close()
    begin = ADVERSARIAL_TEXT.index("Ascend 910B")
    assert rows == [(begin, begin + 11, "Ascend 910B")]


def test_no_matches_is_said_and_nothing_is_selected(
    qtbot: QtBot, empty_project: Project, open_article: Opener
) -> None:
    document = add_document(empty_project, "Short", "Nothing to see here.")
    host = open_article(empty_project, document.id)
    press_find(qtbot, host)
    qtbot.keyClicks(host.bar.edit, "zebra")
    assert host.bar.count_label.text() == "No matches"
    assert host.view.selected_range() is None
    assert not host.bar.next_button.isEnabled()
    qtbot.keyClick(host.bar.edit, Qt.Key.Key_Return)
    assert host.view.selected_range() is None


def test_escape_closes_and_gives_the_focus_back(
    qtbot: QtBot, empty_project: Project, open_article: Opener
) -> None:
    document = add_document(empty_project, "Focus", "Huawei and Huawei.")
    host = open_article(empty_project, document.id)
    press_find(qtbot, host)
    with qtbot.waitSignal(host.bar.closed):
        qtbot.keyClick(host.bar.edit, Qt.Key.Key_Escape)
    assert not host.bar.isVisible()
    qtbot.waitUntil(host.view.hasFocus)
    # F3 (find next) still works with the bar closed, from the last query.
    host.bar.edit.setText("Huawei")
    qtbot.keySequence(host.view, QKeySequence.StandardKey.FindNext)
    assert host.view.selected_range() is not None


def test_a_short_selection_becomes_the_query(
    qtbot: QtBot, empty_project: Project, open_article: Opener
) -> None:
    document = add_document(empty_project, "Prefill", "Xinghuo X1 beats o1. Later, Xinghuo X1 again.")
    host = open_article(empty_project, document.id)
    host.view.select_range(0, 10)
    press_find(qtbot, host)
    assert host.bar.edit.text() == "Xinghuo X1"
    assert host.bar.edit.selectedText() == "Xinghuo X1"  # typing replaces it
    qtbot.keyClick(host.bar.edit, Qt.Key.Key_Return)
    assert host.view.selected_range() == (28, 38)


def test_matches_follow_the_article_shown(qtbot: QtBot, empty_project: Project, open_article: Opener) -> None:
    first = add_document(empty_project, "One", "chips chips")
    second = add_document(empty_project, "Two", "no match here, then chips")
    host = open_article(empty_project, first.id)
    press_find(qtbot, host)
    qtbot.keyClicks(host.bar.edit, "chips")
    assert host.bar.count_label.text() == "1 of 2"
    host.view.show_document(reading.load_document(empty_project, second.id), [])
    qtbot.keyClick(host.bar.edit, Qt.Key.Key_Return)
    assert host.view.selected_range() == (20, 25)
    assert host.bar.count_label.text() == "1 of 1"


def test_screenshot(qtbot: QtBot, project: Project, open_article: Opener) -> None:
    host = open_article(project, seed_with(project, "投資有風險"))
    press_find(qtbot, host)
    type_with_input_method(host.bar.edit, "投資")
    SHOTS.mkdir(exist_ok=True)
    assert host.grab().save(str(SHOTS / "find_bar.png"))
    assert host.bar.count_label.text().endswith(f"of {len(host.bar.matches)}")
