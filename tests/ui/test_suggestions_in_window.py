"""Suggestions in the real window: outlines, hover, Tab, accept and reject keys, accept all, undo."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from annotator.domain.suggestions import SuggestionSource
from annotator.services import annotation, reading
from annotator.services.importing import import_paths
from annotator.services.project import Project
from annotator.services.string_matcher import refresh_strings
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory, char_point, drag_select

FIRST = "👩‍💻 Huawei ships the Ascend 910B to iFlytek.\n讯飞星火 runs on it."
SECOND = "Orders for the Ascend 910B grew; 讯飞星火 X1 followed. Ascend 910B again."


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def two_articles(project: Project, tmp_path: Path) -> tuple[str, str]:
    for name, text in (("first", FIRST), ("second", SECOND)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    import_paths(project, [tmp_path / "first.txt", tmp_path / "second.txt"])
    by_name = {Path(d.source).stem: d.id for d in reading.list_documents(project)}
    return by_name["first"], by_name["second"]


def stored(db_path: Path, document_id: str) -> list[tuple[int, int, str, str | None]]:
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        'SELECT s.start, s."end", s.label, p.source FROM spans s LEFT JOIN span_provenance p '
        "ON p.span_id = s.id WHERE s.document_id = ? ORDER BY s.start",
        (document_id,),
    ).fetchall()
    conn.close()
    return rows


def opened_with_suggestions(
    empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> tuple[MainWindow, str, str]:
    project = empty_project
    first, second = two_articles(project, tmp_path)
    start = FIRST.index("Ascend 910B")
    annotation.tag_span(project, first, start, start + len("Ascend 910B"), "chips")
    start = FIRST.index("讯飞星火")
    annotation.tag_span(project, first, start, start + 4, "models")
    refresh_strings(project)
    window = make_window(project)
    window.panes.open_document(second, window.left)
    return window, first, second


def grab(window: MainWindow) -> QImage:
    QApplication.processEvents()
    return window.left.view.viewport().grab().toImage()


def test_suggestions_are_outlined_not_filled_and_hover_names_source_and_score(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    window, _, _ = opened_with_suggestions(empty_project, tmp_path, make_window)
    layer = window.suggestion_controller.layer(window.left)
    assert [(s.text, s.label) for s in layer.ordered()] == [
        ("Ascend 910B", "chips"),
        ("讯飞星火", "models"),
        ("Ascend 910B", "chips"),
    ]
    view = window.left.view
    with_outlines = grab(window)
    window.suggestion_controller.show_action.setChecked(False)
    without = grab(window)
    window.suggestion_controller.show_action.setChecked(True)
    qt_start = utf16(SECOND[: SECOND.index("Ascend 910B")])
    inside = char_point(view, qt_start + 3, 0.5)
    # The middle of the suggested text is not coloured (no fill), its edge is (the outline).
    assert with_outlines.pixelColor(inside) == without.pixelColor(inside)
    cursor_rect = view.cursorRect(view.textCursor())
    top = char_point(view, qt_start + 3, 0.5).y() - cursor_rect.height() // 2 + 1
    edge = [QPoint(inside.x(), y) for y in range(top - 2, top + 3)]
    assert any(with_outlines.pixelColor(p) != without.pixelColor(p) for p in edge)

    QApplication.sendEvent(
        view.viewport(), QHelpEvent(QEvent.Type.ToolTip, inside, view.viewport().mapToGlobal(inside))
    )
    shown = QToolTip.text()
    QToolTip.hideText()
    assert "suggested chips" in shown and "tagged elsewhere, score 0.50" in shown


def test_tab_enter_accepts_with_provenance_and_undo_redo_follow(
    qtbot: QtBot, empty_project: Project, db_path: Path, tmp_path: Path, make_window: WindowFactory
) -> None:
    window, _, second = opened_with_suggestions(empty_project, tmp_path, make_window)
    view = window.left.view
    layer = window.suggestion_controller.layer(window.left)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert layer.selected is not None and layer.selected.text == "Ascend 910B"
    qtbot.keyClick(view, Qt.Key.Key_Return)
    start = SECOND.index("Ascend 910B")
    assert stored(db_path, second) == [(start, start + 11, "chips", SuggestionSource.STRINGS.value)]
    assert [s.text for s in layer.ordered()] == ["讯飞星火", "Ascend 910B"]  # the accepted one is a span now
    assert len(view.index) == 1
    assert layer.selected is not None and layer.selected.text == "讯飞星火"  # on to the next one
    window.history.undo()
    assert stored(db_path, second) == []
    assert len(view.index) == 0
    # The suggestion comes back once the event loop is free (a tag or an undo is shown first).
    qtbot.waitUntil(lambda: len(layer.ordered()) == 3, timeout=2000)
    window.history.redo()
    assert stored(db_path, second) == [(start, start + 11, "chips", SuggestionSource.STRINGS.value)]


def test_a_label_key_accepts_with_that_label_and_delete_rejects_undoably(
    qtbot: QtBot, empty_project: Project, db_path: Path, tmp_path: Path, make_window: WindowFactory
) -> None:
    window, _, second = opened_with_suggestions(empty_project, tmp_path, make_window)
    view = window.left.view
    layer = window.suggestion_controller.layer(window.left)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert layer.selected is not None and layer.selected.text == "讯飞星火"
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # not the window's Delete span: no span is selected
    assert [s.text for s in layer.ordered()] == ["Ascend 910B", "Ascend 910B"]
    assert stored(db_path, second) == []
    window.history.undo()
    assert [s.text for s in layer.ordered()] == ["Ascend 910B", "讯飞星火", "Ascend 910B"]
    layer.select(layer.ordered()[0])
    qtbot.keyClick(view, "4")  # strategy's key: accepted as strategy
    start = SECOND.index("Ascend 910B")
    assert stored(db_path, second) == [(start, start + 11, "strategy", "strings")]


def test_accept_all_above_the_threshold_is_one_undo_step(
    qtbot: QtBot, empty_project: Project, db_path: Path, tmp_path: Path, make_window: WindowFactory
) -> None:
    window, _, second = opened_with_suggestions(empty_project, tmp_path, make_window)
    window.suggestion_controller.set_threshold(0.5)
    view = window.left.view
    view.setFocus()
    qtbot.keyClick(
        view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert [row[2] for row in stored(db_path, second)] == ["chips", "models", "chips"]
    assert window.suggestion_controller.layer(window.left).ordered() == []
    window.history.undo()
    assert stored(db_path, second) == []
    window.suggestion_controller.set_threshold(0.9)
    window.suggestion_controller.accept_all_above()
    assert stored(db_path, second) == []


def side_by_side(project: Project, tmp_path: Path, make_window: WindowFactory) -> MainWindow:
    """A window with the first article in the left pane, where one tags, and the second in the right."""
    first, second = two_articles(project, tmp_path)
    window = make_window(project)
    window.panes.open_document(second, window.right, focus=False)
    window.panes.open_document(first, window.left)
    return window


def test_a_string_tagged_in_the_window_is_proposed_in_the_other_pane(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = side_by_side(empty_project, tmp_path, make_window)
    view = window.left.view
    qt_start = utf16(FIRST[: FIRST.index("iFlytek")])
    drag_select(qtbot, view, qt_start, qt_start + len("iFlytek"))
    qtbot.keyClick(view, "4")
    right = window.suggestion_controller.layer(window.right)
    assert right.ordered() == []  # "iFlytek" does not occur there
    drag_select(qtbot, view, utf16(FIRST[: FIRST.index("Ascend")]), utf16(FIRST[: FIRST.index(" to ")]))
    qtbot.keyClick(view, "2")
    learner = window.suggestion_controller.learner
    qtbot.waitUntil(lambda: learner.idle.is_set() and len(right.ordered()) == 2, timeout=5000)
    assert [s.text for s in right.ordered()] == ["Ascend 910B", "Ascend 910B"]
    assert learner.last_error is None


def test_term_lists_are_edited_in_their_dialog_and_propose_on_close(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    from annotator.services.term_lists import list_rules

    _, second = two_articles(empty_project, tmp_path)
    window = make_window(empty_project)
    window.panes.open_document(second, window.left)
    dialog = window.suggestion_controller.edit_term_lists()
    dialog.label.setCurrentText("chips")
    dialog.kind.setCurrentIndex(dialog.kind.findData("regex"))
    dialog.pattern.setText("(unclosed")
    dialog.add_rule()
    assert "not a valid regular expression" in dialog.message.text()
    assert list_rules(empty_project) == []
    dialog.kind.setCurrentIndex(dialog.kind.findData("term"))
    dialog.pattern.setText("ascend 910b")
    dialog.add_rule()
    assert dialog.message.text() == "" and dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "ascend 910b"
    dialog.close()
    layer = window.suggestion_controller.layer(window.left)
    qtbot.waitUntil(lambda: not window.files.tasks and len(layer.ordered()) == 2, timeout=10000)
    assert {(s.text, s.source.value) for s in layer.ordered()} == {("Ascend 910B", "terms")}
    dialog = window.suggestion_controller.edit_term_lists()
    dialog.table.selectRow(0)
    dialog.delete_selected()
    assert list_rules(empty_project) == [] and dialog.table.rowCount() == 0
    dialog.close()


def test_the_model_trains_on_a_worker_and_its_suggestions_reach_the_open_article(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    import pytest

    pytest.importorskip("spacy")
    from tests.services.test_span_model import project_with_tags

    project = project_with_tags(empty_project, tmp_path)
    untagged = next(d.id for d in reading.list_documents(project) if d.span_count == 0)
    window = make_window(project)
    window.panes.open_document(untagged, window.left)
    layer = window.suggestion_controller.layer(window.left)
    assert layer.ordered() == []
    window.suggestion_controller.train_model()
    assert window.files.tasks  # on a worker: the window returned at once
    qtbot.waitUntil(lambda: not window.files.tasks, timeout=60_000)
    assert "model trained on" in window.files.last_report
    assert layer.ordered() and {s.source for s in layer.ordered()} == {SuggestionSource.MODEL}


def test_strings_tagged_in_a_burst_are_learned_in_one_run_once_the_analyst_pauses(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = side_by_side(empty_project, tmp_path, make_window)
    view = window.left.view
    learner = window.suggestion_controller.learner
    runs: list[int] = []
    learner.learned.connect(lambda: runs.append(1))
    for part, key in (("Ascend 910B", "2"), ("讯飞星火", "3")):
        start = FIRST.index(part)
        view.select_range(start, start + len(part))
        qtbot.keyClick(view, key)
        QApplication.processEvents()
        assert learner.idle.is_set() and runs == []  # nothing learned while the analyst is still tagging
    right = window.suggestion_controller.layer(window.right)
    qtbot.waitUntil(lambda: learner.idle.is_set() and len(right.ordered()) == 3, timeout=5000)
    assert sorted(s.text for s in right.ordered()) == ["Ascend 910B", "Ascend 910B", "讯飞星火"]
    assert runs == [1]
