"""The guidelines dock: rendering, choosing a project file, links, and no network resources."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QPixmap, QTextDocument
from PySide6.QtWidgets import QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.services.project import Project
from annotator.ui.guidelines_dock import GuidelinesDock

LONG_FILLER = "\n\n".join(f"Paragraph {n} of filler, so that the page has to scroll." for n in range(80))


def stored_path(db_path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT value FROM settings WHERE key = 'guidelines_path'").fetchall()
    finally:
        conn.close()


@pytest.fixture
def make_dock(qtbot: QtBot) -> Iterator[Callable[[Project], GuidelinesDock]]:
    windows: list[QMainWindow] = []  # qtbot holds widgets weakly; the windows must outlive ``make``

    def make(project: Project) -> GuidelinesDock:
        window = QMainWindow()
        windows.append(window)
        qtbot.addWidget(window)
        dock = GuidelinesDock(project, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        window.resize(700, 600)
        with qtbot.waitExposed(window):
            window.show()
        return dock

    yield make
    for window in windows:
        window.close()


def click_text(qtbot: QtBot, dock: GuidelinesDock, text: str) -> None:
    """Click in the middle of the first occurrence of ``text`` in the rendered page."""
    browser = dock.browser
    cursor = browser.document().find(text)
    assert not cursor.isNull(), text
    middle = cursor.selectionStart() + len(text) // 2
    cursor.setPosition(middle)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    point = browser.cursorRect(cursor).center()
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point.x(), point.y()))


def test_shows_the_shipped_guidelines_rendered(
    make_dock: Callable[[Project], GuidelinesDock], project: Project
) -> None:
    dock = make_dock(project)
    page = dock.browser.toPlainText()
    assert "Annotation guidelines: AI companies in the news" in page
    assert "revenue of 9.325 billion yuan" in page
    assert "**" not in page and "| ---" not in page  # Markdown was rendered, not shown raw
    assert dock.browser.document().toHtml().count("<table") >= 5
    assert dock.source.text() == "Shipped guidelines"
    assert not dock.shipped_button.isEnabled()


def test_use_another_file_then_go_back(
    qtbot: QtBot,
    make_dock: Callable[[Project], GuidelinesDock],
    project: Project,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dock = make_dock(project)
    own = tmp_path / "team.md"
    own.write_text("# Team rules\n\nTag **only** what the *text* says.", encoding="utf-8")
    monkeypatch.setattr(dock, "ask_guidelines_path", lambda: own)
    with qtbot.waitSignal(dock.guidelinesChanged):
        qtbot.mouseClick(dock.choose_button, Qt.MouseButton.LeftButton)
    assert stored_path(db_path) == [("team.md",)]
    assert dock.browser.toPlainText() == "Team rules\nTag only what the text says."
    assert str(own) in dock.source.text()
    # Edited outside Annotator: reload() shows the new text.
    own.write_text("# Team rules, second edition", encoding="utf-8")
    dock.reload()
    assert dock.browser.toPlainText() == "Team rules, second edition"
    with qtbot.waitSignal(dock.guidelinesChanged):
        qtbot.mouseClick(dock.shipped_button, Qt.MouseButton.LeftButton)
    assert stored_path(db_path) == [("",)]
    assert "AI companies in the news" in dock.browser.toPlainText()


def test_an_unusable_file_is_refused_with_a_message(
    qtbot: QtBot,
    make_dock: Callable[[Project], GuidelinesDock],
    project: Project,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dock = make_dock(project)
    monkeypatch.setattr(dock, "ask_guidelines_path", lambda: tmp_path / "gone.md")
    with qtbot.assertNotEmitted(dock.guidelinesChanged):
        qtbot.mouseClick(dock.choose_button, Qt.MouseButton.LeftButton)

    def shown() -> list[QMessageBox]:
        return [box for box in dock.findChildren(QMessageBox) if box.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()), timeout=2000)
    assert "gone.md" in shown()[0].text()
    assert stored_path(db_path) == []


def test_a_project_file_that_disappeared_falls_back_visibly(
    make_dock: Callable[[Project], GuidelinesDock], project: Project, tmp_path: Path
) -> None:
    from annotator.services.guidelines import set_guidelines_path

    own = tmp_path / "team.md"
    own.write_text("Ours", encoding="utf-8")
    set_guidelines_path(project, own)
    own.unlink()
    dock = make_dock(project)
    assert "AI companies in the news" in dock.browser.toPlainText()
    assert "cannot be read" in dock.source.text() and "team.md" in dock.source.text()
    assert dock.shipped_button.isEnabled()


def test_web_links_open_outside_only_when_clicked_and_anchors_scroll(
    qtbot: QtBot,
    make_dock: Callable[[Project], GuidelinesDock],
    project: Project,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from annotator.services.guidelines import set_guidelines_path

    own = tmp_path / "links.md"
    own.write_text(
        "See [the style sheet](https://example.org/style) or [the end](#the-end).\n\n"
        f"{LONG_FILLER}\n\n## The end\n",
        encoding="utf-8",
    )
    set_guidelines_path(project, own)
    opened: list[QUrl] = []
    monkeypatch.setattr(GuidelinesDock, "open_external", lambda self, url: opened.append(url) or True)
    dock = make_dock(project)
    assert opened == []
    click_text(qtbot, dock, "the style sheet")
    assert [url.toString() for url in opened] == ["https://example.org/style"]
    assert "Paragraph 0" in dock.browser.toPlainText()  # the page itself did not navigate away
    scroll = dock.browser.verticalScrollBar()
    scroll.setValue(0)
    click_text(qtbot, dock, "the end")
    assert scroll.value() > scroll.maximum() // 2
    assert len(opened) == 1


def test_remote_images_are_refused_and_local_ones_load(
    make_dock: Callable[[Project], GuidelinesDock], project: Project, tmp_path: Path
) -> None:
    from annotator.services.guidelines import set_guidelines_path

    picture = QImage(12, 12, QImage.Format.Format_RGB32)
    picture.fill(QColor("#4aa3df"))
    assert picture.save(str(tmp_path / "swatch.png"))
    own = tmp_path / "images.md"
    own.write_text("![remote](https://example.org/track.png)\n\n![local](swatch.png)\n", encoding="utf-8")
    set_guidelines_path(project, own)
    dock = make_dock(project)
    dock.browser.viewport().grab()  # painting asks for the images
    assert dock.browser.refused == ["https://example.org/track.png"]
    local = dock.browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl("swatch.png"))
    assert isinstance(local, QImage | QPixmap) and local.width() == 12
