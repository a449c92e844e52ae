"""Search from the window: Ctrl+F in the article, corpus search opening a hit, Tag all matches with undo."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.services.project import Project
from annotator.ui.tag_all_dialog import TagAllDialog
from tests.ui.conftest import WindowFactory

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_find_in_article_selects_the_match(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    qtbot.keyClick(window.left.view, Qt.Key.Key_F, CTRL)
    assert window.find_bar.isVisible()
    window.find_bar.edit.setText("Huawei")
    window.find_bar.find_next()
    selected = window.left.view.selected_range()
    assert selected is not None
    text = window.left.view.document_record.text  # type: ignore[union-attr]
    assert text[selected[0] : selected[1]] == "Huawei"


def test_corpus_search_hit_opens_the_article(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    hit_document = next(
        i
        for i in window.panes.documents.document_ids()
        if i not in (window.left.document_id, window.right.document_id)
    )
    window.panes.set_active_pane(window.right)
    window.panes.open_hit(hit_document, 3, 9)
    assert window.right.document_id == hit_document
    assert window.right.view.selected_range() == (3, 9)


def test_tag_all_matches_is_one_undo_step(
    qtbot: QtBot, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    view = window.left.view
    text = view.document_record.text  # type: ignore[union-attr]
    start = text.index("iFlytek")
    view.select_range(start, start + len("iFlytek"))

    def answer() -> None:
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, TagAllDialog) and w.isVisible()), None
        )
        if dialog is None:
            QTimer.singleShot(10, answer)
            return
        dialog.accept()

    QTimer.singleShot(0, answer)
    qtbot.keyClick(view, Qt.Key.Key_T, CTRL | SHIFT)
    conn = sqlite3.connect(db_path)
    tagged = conn.execute("SELECT COUNT(*) FROM spans WHERE text = 'iFlytek'").fetchone()[0]
    assert tagged == text.count("iFlytek") and tagged > 1
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert conn.execute("SELECT COUNT(*) FROM spans").fetchone()[0] == 0
    conn.close()
