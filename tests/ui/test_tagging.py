"""The walking skeleton, driven as an analyst would: mouse selection, hotkeys, Delete, undo, restart."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from annotator.services.exporting import export_jsonl
from annotator.services.project import Project
from annotator.services.samples import open_project
from tests.conftest import ADVERSARIAL_TEXT
from tests.ui.conftest import WindowFactory, char_point, drag_select, open_imported


def stored_spans(db_path: Path) -> list[tuple[int, int, str, str]]:
    conn = sqlite3.connect(db_path)
    rows = conn.execute('SELECT start, "end", text, label FROM spans ORDER BY start').fetchall()
    conn.close()
    return rows


def open_adversarial(project: Project, tmp_path: Path, window_factory: WindowFactory) -> tuple:
    return open_imported(project, tmp_path / "adversarial.txt", ADVERSARIAL_TEXT, window_factory)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_mouse_selection_after_emoji_and_hotkey_store_exact_offsets(
    qtbot: QtBot, project: Project, db_path: Path, tmp_path: Path, make_window: WindowFactory
) -> None:
    window, _ = open_adversarial(project, tmp_path, make_window)
    view = window.left.view
    target = "Ascend 910B"
    start = ADVERSARIAL_TEXT.index(target)  # after 👩‍💻 and two flags: 8 astral code points earlier
    qt_start = utf16(ADVERSARIAL_TEXT[:start])
    assert qt_start > start
    drag_select(qtbot, view, qt_start, qt_start + utf16(target))
    assert view.textCursor().selectedText() == target
    qtbot.keyClick(view, "2")
    assert stored_spans(db_path) == [(start, start + len(target), target, "chips")]


def test_cjk_extension_b_before_a_span_does_not_shift_it(
    qtbot: QtBot, project: Project, db_path: Path, tmp_path: Path, make_window: WindowFactory
) -> None:
    window, _ = open_adversarial(project, tmp_path, make_window)
    view = window.left.view
    target = "讯飞星火"
    start = ADVERSARIAL_TEXT.index(target)
    qt_start = utf16(ADVERSARIAL_TEXT[:start])
    drag_select(qtbot, view, qt_start, qt_start + utf16(target))
    qtbot.keyClick(view, "3")
    assert stored_spans(db_path) == [(start, start + len(target), target, "models")]


def test_sloppy_drag_snaps_to_whole_words(
    qtbot: QtBot, project: Project, db_path: Path, tmp_path: Path, make_window: WindowFactory
) -> None:
    window, _ = open_adversarial(project, tmp_path, make_window)
    view = window.left.view
    start = ADVERSARIAL_TEXT.index("scend 910")
    qt_start = utf16(ADVERSARIAL_TEXT[:start])
    drag_select(qtbot, view, qt_start, qt_start + len("scend 910"))
    qtbot.keyClick(view, "2")
    assert [row[2] for row in stored_spans(db_path)] == ["Ascend 910B"]


def test_palette_click_tags_and_click_delete_undo_redo(
    qtbot: QtBot, project: Project, db_path: Path, tmp_path: Path, make_window: WindowFactory
) -> None:
    window, document = open_adversarial(project, tmp_path, make_window)
    view = window.left.view
    start = ADVERSARIAL_TEXT.index("Revenue rose 12%")
    view.select_range(start, start + len("Revenue rose 12%"))
    qtbot.mouseClick(window.palette_widget.buttons["financials"], Qt.MouseButton.LeftButton)
    assert stored_spans(db_path) == [(start, start + 16, "Revenue rose 12%", "financials")]
    assert window.panes.documents.span_count(document.id) == 1

    # Click inside the span to select it, then Delete removes it.
    qt_inside = utf16(ADVERSARIAL_TEXT[: start + 3])
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=char_point(view, qt_inside, 0.5))
    assert view.selected_span_id() is not None
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert stored_spans(db_path) == []
    assert len(view.index) == 0

    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_spans(db_path) == [(start, start + 16, "Revenue rose 12%", "financials")]
    assert len(view.index) == 1
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the tag itself
    assert stored_spans(db_path) == []
    qtbot.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert stored_spans(db_path) == [(start, start + 16, "Revenue rose 12%", "financials")]


def test_hotkey_on_selected_span_relabels_it_with_undo(
    qtbot: QtBot, project: Project, db_path: Path, tmp_path: Path, make_window: WindowFactory
) -> None:
    window, _ = open_adversarial(project, tmp_path, make_window)
    view = window.left.view
    start = ADVERSARIAL_TEXT.index("Huawei")
    view.select_range(start, start + 6)
    qtbot.keyClick(view, "2")
    assert view.selected_span_id() is not None  # a new span is selected
    qtbot.keyClick(view, "4")
    assert [row[3] for row in stored_spans(db_path)] == ["strategy"]
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [row[3] for row in stored_spans(db_path)] == ["chips"]


def test_overlapping_spans_both_paint_and_survive_a_restart(
    qtbot: QtBot, db_path: Path, tmp_path: Path, make_window: WindowFactory
) -> None:
    project = open_project(db_path, annotator="alice", samples=True)
    window, document = open_adversarial(project, tmp_path, make_window)
    view = window.left.view
    first = ADVERSARIAL_TEXT.index("Huawei Ascend")
    view.select_range(first, first + len("Huawei Ascend"))
    qtbot.keyClick(view, "4")
    second = ADVERSARIAL_TEXT.index("Ascend 910B")
    view.select_range(second, second + len("Ascend 910B"))
    qtbot.keyClick(view, "2")
    window.close()
    project.close()

    reopened = open_project(db_path, annotator="alice", samples=True)
    again = make_window(reopened)
    assert again.left.document_id == document.id  # the last article is opened again
    spans = again.left.view.index.spans()
    assert sorted((s.text, s.label) for s in spans) == [
        ("Ascend 910B", "chips"),
        ("Huawei Ascend", "strategy"),
    ]
    block = again.left.view.document().findBlock(utf16(ADVERSARIAL_TEXT[:second]))
    painted = [
        (f.start, f.length)
        for f in block.layout().formats()
        if f.format.background().style() != Qt.BrushStyle.NoBrush
    ]
    relative = utf16(ADVERSARIAL_TEXT[:first]) - block.position()
    # Three painted runs: strategy only, the overlap, chips only.
    assert [start for start, _ in painted] == [
        relative,
        relative + len("Huawei "),
        relative + len("Huawei Ascend"),
    ]

    out = tmp_path / "out.jsonl"
    export_jsonl(reopened, out)
    record = next(
        json.loads(line)
        for line in out.read_text(encoding="utf-8").splitlines()
        if json.loads(line)["id"] == document.id
    )
    assert [(s["start"], s["end"], s["text"], s["label"]) for s in record["spans"]] == [
        (first, first + 13, "Huawei Ascend", "strategy"),
        (second, second + 11, "Ascend 910B", "chips"),
    ]
    reopened.close()


def test_window_state_is_restored(qtbot: QtBot, project: Project, make_window: WindowFactory) -> None:
    window = make_window(project)
    ids = window.panes.documents.document_ids()
    window.panes.open_document(ids[3], window.left)
    window.panes.open_document(ids[1], window.right)
    # The offscreen screen is 800 pixels wide: close the side panels so the window fits it. A closed
    # panel stays closed after a restart.
    for dock in window.findChildren(QDockWidget):
        dock.close()
    qtbot.wait(10)  # let the layout settle; the window cannot be narrower than its minimum
    window.resize(700, 600)
    qtbot.wait(10)
    saved_width, saved_height = window.width(), window.height()
    assert (saved_width, saved_height) == (700, 600)
    sizes = [400, 200]
    window.panes.splitter.setSizes(sizes)
    stored_sizes = window.panes.splitter.sizes()
    window.close()
    again = make_window(project)
    assert (again.left.document_id, again.right.document_id) == (ids[3], ids[1])
    # The offscreen platform has no real window frame, so geometry comes back within a few pixels.
    assert abs(again.width() - saved_width) <= 16 and abs(again.height() - saved_height) <= 16
    assert again.panes.splitter.sizes() == stored_sizes
    assert not any(dock.isVisible() for dock in again.findChildren(QDockWidget))


def test_hover_tooltip_names_label_and_annotator(
    qtbot: QtBot, project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    from annotator.ui.article_view import span_tooltip

    window, _ = open_adversarial(project, tmp_path, make_window)
    view = window.left.view
    start = ADVERSARIAL_TEXT.index("Revenue")
    view.select_range(start, start + 7)
    qtbot.keyClick(view, "1")
    hits = view.index.at(utf16(ADVERSARIAL_TEXT[: start + 2]))
    assert [s.label for s in hits] == ["financials"]
    assert span_tooltip(hits) == "<b>financials</b> · alice"
