"""Issue 4 capabilities, driven with keys and clicks; the final state is checked in the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from annotator.domain.models import DocumentStatus
from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.services.samples import open_project
from annotator.ui.main_window import MainWindow
from annotator.ui.note_dialog import NoteDialog
from annotator.ui.shortcuts_dialog import ShortcutsDialog
from tests.ui.conftest import WindowFactory

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def query(db_path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def tag_text(window: MainWindow, needle: str, label: str) -> str:
    view = window.panes.active_pane.view
    assert view.document_record is not None
    start = view.document_record.text.index(needle)
    view.select_range(start, start + len(needle))
    window.span_ops.apply_label(label)
    span_id = view.selected_span_id()
    assert span_id is not None
    return span_id


def back_in(qtbot: QtBot, window: MainWindow) -> None:
    """After a modal dialog, wait until the main window is active again (shortcuts need it)."""
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def answer_note_dialog(qtbot: QtBot, text: str | None) -> None:
    """Type into the note dialog that is about to open, then save (or cancel when text is None)."""

    def answer() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, NoteDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(10, answer)  # not shown yet: try again shortly
            return
        dialog = dialogs[0]
        if text is None:
            dialog.reject()
            return
        dialog.editor.selectAll()
        qtbot.keyClicks(dialog.editor, text)
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, CTRL)

    QTimer.singleShot(0, answer)


def test_tab_steps_through_spans_in_reading_order(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    second = tag_text(window, "monetize its AI", "financials")
    first = tag_text(window, "Hefei-based company", "strategy")
    view = window.left.view
    view.select_span(None)
    cursor = view.textCursor()
    cursor.setPosition(0)
    view.setTextCursor(cursor)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.selected_span_id() == first
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.selected_span_id() == second
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # wraps around
    assert view.selected_span_id() == first
    qtbot.keyClick(view, Qt.Key.Key_Backtab, SHIFT)
    assert view.selected_span_id() == second
    # The span list follows the selection.
    selected = window.panes.span_list.table.selectionModel().selectedRows()
    assert [index.data() for index in selected] == ["financials"]


def test_shift_arrows_resize_the_selected_span_with_undo(
    qtbot: QtBot, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    span_id = tag_text(window, "Hefei-based", "strategy")
    view = window.left.view
    qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)  # end + 1: takes the following space
    qtbot.keyClick(view, Qt.Key.Key_Left, SHIFT)  # end - 1
    qtbot.keyClick(view, Qt.Key.Key_Left, SHIFT)  # end - 1
    qtbot.keyClick(view, Qt.Key.Key_Left, SHIFT | CTRL)  # start - 1 (Alt+Shift switches layouts)
    text = query(db_path, "SELECT text FROM spans WHERE id = ?", span_id)[0][0]
    assert text == " Hefei-base"
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert query(db_path, "SELECT text FROM spans WHERE id = ?", span_id)[0][0] == "Hefei-based"
    assert window.left.view.index.get(span_id).text == "Hefei-based"  # type: ignore[union-attr]


def test_enter_edits_the_span_note_and_undo_restores_it(
    qtbot: QtBot, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    span_id = tag_text(window, "heavy losses", "financials")
    answer_note_dialog(qtbot, "H1 2025 loss, see quarterly report")
    qtbot.keyClick(window.left.view, Qt.Key.Key_Return)
    assert query(db_path, "SELECT note FROM spans WHERE id = ?", span_id) == [
        ("H1 2025 loss, see quarterly report",)
    ]
    notes = [
        window.panes.span_list.model.index(row, 2).data()
        for row in range(window.panes.span_list.model.rowCount())
    ]
    assert "H1 2025 loss, see quarterly report" in notes
    answer_note_dialog(qtbot, None)  # cancelling changes nothing
    qtbot.keyClick(window.left.view, Qt.Key.Key_Return)
    back_in(qtbot, window)
    assert query(db_path, "SELECT note FROM spans WHERE id = ?", span_id) == [
        ("H1 2025 loss, see quarterly report",)
    ]
    qtbot.keyClick(window.left.view, Qt.Key.Key_Z, CTRL)
    assert query(db_path, "SELECT note FROM spans WHERE id = ?", span_id) == [("",)]


def test_article_note_and_status_with_undo(
    qtbot: QtBot, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    document_id = window.left.document_id
    answer_note_dialog(qtbot, "Follow up: Q3 subsidy")
    qtbot.keyClick(window.left.view, Qt.Key.Key_N, CTRL | SHIFT)
    back_in(qtbot, window)
    assert query(db_path, "SELECT note FROM documents WHERE id = ?", document_id) == [
        ("Follow up: Q3 subsidy",)
    ]
    assert "Follow up" in window.left.info.text()

    qtbot.keyClick(window.left.view, Qt.Key.Key_D, CTRL)
    status_sql = "SELECT status FROM document_status WHERE document_id = ? AND annotator = 'alice'"
    assert query(db_path, status_sql, document_id) == [("done",)]
    assert window.left.status.currentData() == "done"
    assert window.panes.document_panel.progress.format() == "1 of 5 done"
    qtbot.keyClick(window.left.view, Qt.Key.Key_Z, CTRL)
    assert query(db_path, status_sql, document_id) == [("todo",)]
    qtbot.keyClick(window.left.view, Qt.Key.Key_Z, CTRL)
    assert query(db_path, "SELECT note FROM documents WHERE id = ?", document_id) == [("",)]


def test_first_tag_marks_the_article_in_progress(
    project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    tag_text(window, "Huawei", "chips")
    document_id = window.left.document_id
    assert query(db_path, "SELECT status FROM document_status WHERE document_id = ?", document_id) == [
        ("in_progress",)
    ]
    assert window.panes.documents.status(document_id) is DocumentStatus.IN_PROGRESS
    articles = window.panes.documents.rowCount()
    assert window.statusBar().currentMessage().startswith(f"{articles} articles · 1 span · 0 done")


def test_next_unfinished_and_previous_next_article_keys(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    ids = window.panes.documents.document_ids()
    window.panes.open_document(ids[0], window.left)
    qtbot.keyClick(window.left.view, Qt.Key.Key_Right, CTRL)
    assert window.left.document_id == ids[1]
    qtbot.keyClick(window.left.view, Qt.Key.Key_PageDown, CTRL)
    assert window.left.document_id == ids[2]
    qtbot.keyClick(window.left.view, Qt.Key.Key_Left, CTRL)
    assert window.left.document_id == ids[1]
    for document_id in ids[:3]:
        window.document_ops.set_status(document_id, DocumentStatus.DONE)
    window.panes.open_document(ids[0], window.left)
    qtbot.keyClick(window.left.view, Qt.Key.Key_J, CTRL)
    assert window.left.document_id == ids[3]


def test_document_filters_by_status_and_label(project: Project, make_window: WindowFactory) -> None:
    window = make_window(project)
    ids = window.panes.documents.document_ids()
    window.panes.open_document(ids[2], window.left)
    tag_text(window, window.left.view.document_record.text.split()[0], "chips")  # type: ignore[union-attr]
    window.document_ops.set_status(ids[4], DocumentStatus.DONE)
    panel = window.panes.document_panel
    proxy = panel.proxy

    def visible() -> list[str]:
        return [
            str(proxy.index(row, 0).data(Qt.ItemDataRole.UserRole + 1)) for row in range(proxy.rowCount())
        ]

    panel.status_filter.setCurrentIndex(panel.status_filter.findData("done"))
    assert visible() == [ids[4]]
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("in_progress"))
    assert visible() == [ids[2]]
    panel.status_filter.setCurrentIndex(0)
    panel.label_filter.setCurrentIndex(panel.label_filter.findData("chips"))
    assert visible() == [ids[2]]
    panel.label_filter.setCurrentIndex(panel.label_filter.findData("models"))
    assert visible() == []
    # Both at once, the title filter on top, a reload while narrowed, then everything cleared again.
    panel.label_filter.setCurrentIndex(panel.label_filter.findData("chips"))
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("done"))
    assert visible() == []
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("in_progress"))
    assert visible() == [ids[2]]
    title = window.panes.documents.title(ids[2])
    assert title is not None
    panel.filter_box.setText(title[:6].upper())
    assert visible() == [ids[2]]
    window.reload()
    assert visible() == [ids[2]]
    panel.filter_box.clear()
    panel.status_filter.setCurrentIndex(0)
    panel.label_filter.setCurrentIndex(0)
    assert visible() == ids


def test_span_list_click_jumps_and_label_filter(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    money = tag_text(window, "heavy losses", "financials")
    tag_text(window, "Huawei", "chips")
    window.left.view.select_span(None)
    panel = window.panes.span_list
    panel.label_filter.setCurrentText("financials")
    assert panel.model.rowCount() == 1
    rect = panel.table.visualRect(panel.model.index(0, 1))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.left.view.selected_span_id() == money


def test_swap_panes_and_synchronised_scrolling(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    left, right = window.left.document_id, window.right.document_id
    qtbot.keyClick(window.left.view, Qt.Key.Key_X, CTRL | SHIFT)
    assert (window.left.document_id, window.right.document_id) == (right, left)

    long_id = max(reading.list_documents(window.project), key=lambda summary: summary.length).id
    window.panes.open_document(long_id, window.left)
    window.panes.open_document(long_id, window.right)
    qtbot.keyClick(window.left.view, Qt.Key.Key_Y, CTRL | SHIFT)
    assert window.commands["view.sync"].isChecked()
    left_bar = window.left.view.verticalScrollBar()
    assert left_bar.maximum() > 0
    left_bar.setValue(left_bar.maximum() // 2)
    qtbot.wait(20)
    # The same article in both panes: the same paragraph is at the top of each.
    top = window.left.view.firstVisibleBlock().blockNumber()
    assert top > 0
    assert window.right.view.firstVisibleBlock().blockNumber() == top


def test_the_active_pane_and_only_it_has_a_coloured_edge(
    project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)

    def edged() -> list[bool]:
        return ["highlight" in pane.styleSheet() for pane in (window.left, window.right)]

    window.panes.set_active_pane(window.left)
    assert edged() == [True, False]
    window.panes.focus_other_pane()
    assert edged() == [False, True]
    window.panes.open_document(window.panes.documents.document_ids()[0], window.right)
    assert edged() == [False, True]
    window.panes.open_document(window.panes.documents.document_ids()[0], window.left)
    assert edged() == [True, False]


def test_shortcuts_window_lists_every_action(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    qtbot.keyClick(window.left.view, Qt.Key.Key_F1)
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, ShortcutsDialog) and w.isVisible()
    )
    rows = {
        dialog.table.item(row, 1).text(): dialog.table.item(row, 2).text()
        for row in range(dialog.table.rowCount())
    }
    assert rows["Undo"] == "Ctrl+Z"
    assert rows["Next article"] == "Ctrl+Right or Ctrl+PgDown"
    assert rows["Select the next / previous span"] == "Tab / Shift+Tab"
    assert "Open next unfinished article" in rows
    dialog.close()


def test_dropping_files_imports_them(
    qtbot: QtBot, project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    article = tmp_path / "dropped.txt"
    article.write_text("A dropped article about Ascend chips and Spark models.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article))])
    drop = QDropEvent(
        QPointF(QPoint(200, 200)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)  # imports on a worker, like File > Import
    qtbot.waitUntil(lambda: window.panes.documents.rowCount() == 6, timeout=10_000)
    assert any(d.source == str(article) for d in reading.list_documents(project))


def test_switching_project_remembers_it_in_recent(
    project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    other = tmp_path / "other.db"
    with Project.open(other, annotator="alice") as created:
        annotation_free = tmp_path / "one.txt"
        annotation_free.write_text("The only article in the other project.", encoding="utf-8")
        from annotator.services.importing import import_paths

        import_paths(created, [annotation_free])
    window.files.switch_project(other)
    assert window.project.database.path == other
    assert window.panes.documents.rowCount() == 1
    assert window.left.view.document_record is not None
    assert window.left.view.document_record.text == "The only article in the other project."
    assert [a.text() for a in window.files.recent_menu.actions()] == [str(other.resolve())]
    window.project.close()
    window.context.project = project  # let the fixture close the original


def test_failed_write_is_reported_and_not_shown_as_saved(
    project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    span_id = tag_text(window, "Huawei", "chips")
    # Another program deletes the span underneath the window; relabelling it must fail visibly.
    annotation.remove_span(project, reading.get_span(project, span_id))
    window.left.view.select_span(span_id)
    window.span_ops.apply_label("models")
    assert window.last_error is not None and "was deleted since you saw it" in str(window.last_error)
    assert query(db_path, "SELECT COUNT(*) FROM spans") == [(0,)]
    assert len(window.left.view.index) == 0  # the view was reloaded from the database
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and isinstance(widget, QDialog):
            widget.close()


def test_changes_from_another_program_show_up_on_return(
    project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    assert window.refresh_if_changed() is False  # first reading
    with open_project(db_path, annotator="bob", samples=True) as other:  # e.g. the CLI, in another process
        document_id = window.left.document_id
        assert document_id is not None
        annotation.tag_span(other, document_id, 0, 2, "chips")
    assert window.refresh_if_changed() is True
    assert window.panes.documents.span_count(document_id) == 1
    assert window.refresh_if_changed() is False


def test_a_change_before_the_window_was_first_activated_shows_up_too(
    project: Project, db_path: Path, qtbot: QtBot, settings_path: Path
) -> None:
    # The window takes the project as seen when it reads it, not at its first activation: a commit made
    # before that (a window that never had the focus, as under a bare X server) is not missed.
    window = MainWindow(project, QSettings(str(settings_path), QSettings.Format.IniFormat))
    qtbot.addWidget(window)  # built, never activated (some platforms activate a window as it shows)
    with open_project(db_path, annotator="bob", samples=True) as other:
        document_id = window.left.document_id
        assert document_id is not None
        annotation.tag_span(other, document_id, 0, 2, "chips")
    assert window.refresh_if_changed() is True
    assert window.panes.documents.span_count(document_id) == 1
