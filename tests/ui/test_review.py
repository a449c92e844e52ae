"""Review mode and layers, driven with keys: differences marked, stepped through and decided into gold."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.layer_diff import Agreement
from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.services.samples import open_project
from annotator.ui.app import annotator_name
from annotator.ui.auto_accept_dialog import AutoAcceptDialog
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory

CTRL = Qt.KeyboardModifier.ControlModifier


def tag_as(db_path: Path, who: str, document_id: str, needle: str, label: str) -> None:
    with open_project(db_path, annotator=who, samples=True) as project:
        text = reading.load_document(project, document_id).text
        start = text.index(needle)
        annotation.tag_span(project, document_id, start, start + len(needle), label)


@pytest.fixture
def reviewed(project: Project, db_path: Path) -> str:
    """Alice (the user) and Bob on one article: agreed, label, boundary and only-in-one-layer."""
    document_id = reading.list_documents(project)[0].id
    for who in ("alice", "bob"):
        tag_as(db_path, who, document_id, "iFlytek", "strategy")
    tag_as(db_path, "alice", document_id, "heavy losses", "financials")
    tag_as(db_path, "bob", document_id, "heavy losses", "strategy")
    tag_as(db_path, "alice", document_id, "Huawei", "chips")
    tag_as(db_path, "bob", document_id, "tech giant Huawei", "chips")
    tag_as(db_path, "bob", document_id, "monetize its AI", "financials")
    return document_id


def gold_rows(db_path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT text, label, sources FROM gold_spans ORDER BY start").fetchall()
    finally:
        conn.close()


def enter_review(qtbot: QtBot, window: MainWindow, document_id: str) -> None:
    window.panes.open_document(document_id, window.left)
    qtbot.keyClick(window.left.view, Qt.Key.Key_R, CTRL)
    assert window.review.active and window.review_dock.isVisible()


def test_panes_show_only_own_layer_until_others_are_chosen(
    reviewed: str, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    window.panes.open_document(reviewed, window.left)
    pane = window.left

    def checked() -> set[str]:
        return {str(a.data()) for a in pane.layers_menu.actions() if a.isChecked()}

    def shown() -> set[str]:
        return {s.annotator for s in pane.view.index.spans()}

    # At first the menu checks the layer the pane shows, and the pane says whose spans they are.
    assert shown() == {"alice"} and checked() == {"alice"}
    assert pane.layers_button.text() == "Spans: you"
    # Checking a colleague adds their layer to yours.
    bob = next(a for a in pane.layers_menu.actions() if a.data() == "bob")
    bob.setChecked(True)
    assert shown() == {"alice", "bob"} and checked() == {"alice", "bob"}
    assert pane.layers_button.text() == "Spans: you, bob"
    # Unchecking yours leaves bob's; the last layer cannot be unchecked (a pane always shows someone).
    alice = next(a for a in pane.layers_menu.actions() if a.data() == "alice")
    alice.setChecked(False)
    assert shown() == {"bob"} and pane.layers_button.text() == "Spans: bob"
    bob.setChecked(False)
    assert shown() == {"bob"} and checked() == {"bob"} and pane.layers_button.text() == "Spans: bob"
    # Leaving review mode (or entering and leaving it) brings back your own layer, checked.
    window.commands["view.review"].setChecked(True)
    assert window.right.layers_button.text() != "Spans: you"
    window.commands["view.review"].setChecked(False)
    assert checked() == {"alice"} and pane.layers_button.text() == "Spans: you"


def test_colleagues_spans_are_read_only(
    qtbot: QtBot, reviewed: str, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    window.panes.open_document(reviewed, window.left)
    window.left.set_layers(["bob"])
    window.panes.open_document(reviewed, window.left)
    bob_span = window.left.view.index.spans()[0]
    window.left.view.select_span(bob_span.id)
    qtbot.keyClick(window.left.view, Qt.Key.Key_Delete)
    qtbot.keyClick(window.left.view, "3")
    assert "read-only" in window.statusBar().currentMessage()
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT label FROM spans WHERE id = ?", (bob_span.id,)).fetchone() == (
        bob_span.label,
    )
    conn.close()


def test_review_marks_every_kind_of_difference(
    qtbot: QtBot, reviewed: str, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    enter_review(qtbot, window, reviewed)
    assert (window.review.left_layer, window.review.right_layer) == ("alice", "bob")
    assert window.right.document_id == reviewed
    marks = window.left.view.highlighter.marks
    by_text = {s.text: marks[s.id] for s in window.left.view.index.spans()}
    assert by_text == {
        "iFlytek": Agreement.AGREED,
        "heavy losses": Agreement.LABEL,
        "Huawei": Agreement.BOUNDARY,
    }
    right = {s.text: window.right.view.highlighter.marks[s.id] for s in window.right.view.index.spans()}
    assert right["monetize its AI"] is Agreement.ONLY
    assert window.review_panel.list.count() == 3
    assert window.review_panel.summary.text().startswith("<b>3</b> places differ (3 undecided)")


def test_deciding_with_keys_builds_gold_and_undo_takes_it_back(
    qtbot: QtBot, reviewed: str, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    enter_review(qtbot, window, reviewed)
    panel = window.review_panel
    assert panel.list.currentRow() == 0  # Huawei (boundary) comes first in the text
    first = window.review.found[0]
    assert [s.text for s in first.left] == ["Huawei"]
    qtbot.keyClick(window.left.view, Qt.Key.Key_A)  # accept alice's boundaries
    qtbot.keyClick(window.left.view, Qt.Key.Key_B)  # next place (monetize, only bob): accept it
    qtbot.keyClick(window.left.view, Qt.Key.Key_R)  # next place (heavy losses, label conflict): reject
    rows = gold_rows(db_path)
    assert [(text, label) for text, label, _ in rows] == [
        ("Huawei", "chips"),
        ("monetize its AI", "financials"),
    ]
    assert '"annotator": "alice"' in str(rows[0][2])
    assert "places differ (0 undecided)" in panel.summary.text()
    qtbot.keyClick(window.left.view, Qt.Key.Key_Z, CTRL)  # undo the rejection
    qtbot.keyClick(window.left.view, Qt.Key.Key_Z, CTRL)  # undo accepting bob's span
    assert [text for text, _, _ in gold_rows(db_path)] == ["Huawei"]
    assert "places differ (2 undecided)" in panel.summary.text()
    # Annotators' spans were never touched.
    assert len(reading.document_spans(project, reviewed)) == 7


def test_review_against_gold_and_edit_by_selection(
    qtbot: QtBot, reviewed: str, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    enter_review(qtbot, window, reviewed)
    window.review_panel.set_layer_choices(window.review.layer_names(), "bob", GOLD_LAYER)
    window.review.set_layers("bob", GOLD_LAYER)
    assert window.right.layers == [GOLD_LAYER]
    assert window.review_panel.list.count() == 4  # nothing in gold yet: all of bob's spans differ
    view = window.left.view
    text = view.document_record.text  # type: ignore[union-attr]
    start = text.index("giant Huawei")
    window.review_panel.list.setCurrentRow(1)
    view.select_range(start, start + len("giant Huawei"))
    qtbot.keyClick(view, "2")
    assert [(t, label) for t, label, _ in gold_rows(db_path)] == [("giant Huawei", "chips")]
    assert [s.text for s in window.right.view.index.spans()] == ["giant Huawei"]


def test_auto_accept_with_threshold(
    qtbot: QtBot, reviewed: str, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    enter_review(qtbot, window, reviewed)
    seen: dict[int, str] = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, AutoAcceptDialog):
            QTimer.singleShot(10, answer)
            return
        # A small box for k, and before accepting, what each k would accept.
        assert dialog.k.width() < 160
        for k in (1, 2):
            dialog.k.setValue(k)
            seen[k] = dialog.outcome.text()
        dialog.accept()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(window.review_panel.auto_button, Qt.MouseButton.LeftButton)
    assert seen[2] == "This accepts 1 span in 1 article."
    assert seen[1].startswith("This accepts ") and seen[1] != seen[2]
    assert [(t, label) for t, label, _ in gold_rows(db_path)] == [("iFlytek", "strategy")]


def test_annotator_name_is_asked_once(qtbot: QtBot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(10, answer)
            return
        dialog.setTextValue("  Dana  ")
        dialog.accept()

    QTimer.singleShot(0, answer)
    assert annotator_name(settings) == "Dana"
    assert annotator_name(settings) == "Dana"  # no second question: it would hang here


def test_review_marks_are_shapes_apart_from_label_colours_and_the_place_is_outlined(
    qtbot: QtBot, reviewed: str, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    enter_review(qtbot, window, reviewed)
    left = window.left.view
    # A gutter beside the text holds one shape per compared span, each kind its own shape.
    assert left.gutter.isVisible()
    shapes = {glyph for _y, glyph, _colour in left.gutter.shapes()}
    assert {"✓", "≠", "↔"} <= shapes  # iFlytek agreed, heavy losses label, Huawei boundary
    right_shapes = {glyph for _y, glyph, _colour in window.right.view.gutter.shapes()}
    assert "+" in right_shapes  # "monetize its AI": only bob's
    # The text itself carries no review underline: label colours cannot hide a mark.
    block = left.document().findBlock(left.offsets.to_qt(left.index.spans()[0].start))
    left.highlighter.highlight_blocks(block.blockNumber(), 1)
    formats = block.layout().formats()
    assert formats and all(
        f.format.underlineStyle() in (QTextCharFormat.UnderlineStyle.NoUnderline,) for f in formats
    )
    # The current place: outlined and marked ▶, never a text selection (which looks like a span).
    window.review_panel.list.setCurrentRow(0)
    place = window.review.found[0]
    assert left.current_place == (place.start, place.end)
    assert not left.textCursor().hasSelection() and left.selected_span_id() is None
    assert "▶" in {glyph for _y, glyph, _colour in left.gutter.shapes()}
    window.commands["view.review"].setChecked(False)
    assert not left.gutter.isVisible() and left.current_place is None
