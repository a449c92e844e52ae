"""What visibly misbehaved, in a real window: tag all matches ignoring word snapping, silent global undo,
the agreement drill-down opening behind its dialog, and themes that reached only some widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.ui.label_text import rich_text_css
from annotator.ui.tag_all_dialog import TagAllDialog
from tests.ui.conftest import WindowFactory
from tests.ui.test_workbench import tag_text

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def answer_tag_all(seen: dict[str, object]) -> None:
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, TagAllDialog):
        QTimer.singleShot(10, lambda: answer_tag_all(seen))
        return
    seen["needle"] = dialog.needle
    seen["planned"] = len(dialog.planned)
    dialog.whole_words.setChecked(True)
    dialog.this_article.setChecked(True)
    seen["summary"] = dialog.summary.text()
    dialog.reject()


def test_tag_all_matches_grows_a_sloppy_selection_to_whole_words(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    view = window.left.view
    assert view.document_record is not None
    text = view.document_record.text
    start = text.index("Huawei") + 1
    view.select_range(start, start + 4)  # "uawe": a drag that missed both ends
    seen: dict[str, object] = {}
    QTimer.singleShot(0, lambda: answer_tag_all(seen))
    qtbot.keyClick(view, Qt.Key.Key_T, CTRL | SHIFT)
    assert seen["needle"] == "Huawei"
    assert seen["planned"] == text.count("Huawei")
    # Without snapping, the part of a word is looked for as typed; the dialog does not claim that
    # there is no occurrence, it says what it looked for.
    window.commands["view.snap"].setChecked(False)
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    seen.clear()
    view.select_range(start, start + 4)
    QTimer.singleShot(0, lambda: answer_tag_all(seen))
    qtbot.keyClick(view, Qt.Key.Key_T, CTRL | SHIFT)
    assert seen["needle"] == "uawe" and seen["planned"] == 0
    assert "whole-word occurrence" in str(seen["summary"]) and "uncheck Whole words" in str(seen["summary"])


def test_undo_and_redo_show_the_article_and_the_span_they_changed(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    first = window.left.document_id
    assert first is not None
    span_id = tag_text(window, "Huawei", "chips")
    title = reading.load_document(project, first).title
    # Read another article in the left pane (the right one shows a third): no pane shows the span now.
    others = [d for d in window.panes.documents.document_ids() if d not in (first, window.right.document_id)]
    window.panes.open_document(others[0], window.left)
    qtbot.keyClick(window.left.view, Qt.Key.Key_Z, CTRL)
    assert reading.document_spans(project, first) == []
    assert window.left.document_id == first  # the article undo changed is open
    selected = window.left.view.selected_range()
    span = reading.get_span  # (the span is gone: its text is selected instead)
    assert selected is not None and window.left.view.document_record is not None
    assert window.left.view.document_record.text[selected[0] : selected[1]] == "Huawei"
    assert window.statusBar().currentMessage() == f"Undid: tag 'Huawei' as chips in “{title}”"
    window.panes.open_document(others[0], window.left)
    qtbot.keyClick(window.left.view, Qt.Key.Key_Y, CTRL)
    assert window.left.document_id == first
    assert window.left.view.selected_span_id() == span_id
    assert span(project, span_id).text == "Huawei"
    assert window.statusBar().currentMessage() == f"Redid: tag 'Huawei' as chips in “{title}”"


def test_agreement_shows_figures_at_once_names_the_reference_and_drills_down_in_front(
    qtbot: QtBot, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    document_id = reading.list_documents(project)[0].id
    for who in ("alice", "bob"):
        with Project.open(db_path, annotator=who) as as_who:
            text = reading.load_document(as_who, document_id).text
            start = text.index("iFlytek")
            annotation.tag_span(as_who, document_id, start, start + len("iFlytek"), "strategy")
    window = make_window(project)
    panel = window.show_agreement()
    qtbot.waitUntil(lambda: panel.report is not None, timeout=15_000)  # no Compute press needed
    headers = [panel.pairs.horizontalHeaderItem(n).text() for n in range(5)]  # type: ignore[union-attr]
    assert headers[:2] == ["Reference (A)", "Compared (B)"]
    assert headers[3:5] == ["Precision of B", "Recall of B"]
    assert "reference" in panel.headline.text()
    assert "done by everyone" not in panel.headline.text()
    with qtbot.waitActive(panel):
        panel.activateWindow()
    panel.pairs.cellClicked.emit(0, 0)
    rows = panel.documents.model()
    panel.documents.doubleClicked.emit(rows.index(0, 0))
    assert window.review.active
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)  # the review is in front of the agreement
    assert not panel.isActiveWindow()
    panel.close()


def _background(widget: QWidget, x: int = 3, y: int = 3) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


def test_a_theme_reaches_every_widget_at_once(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    window.show_guidelines()
    pane = window.left
    widgets = {
        "article": pane.view.viewport(),
        "chooser": pane.chooser,
        "status": pane.status,
        "note button": pane.note_button,
        "layers button": pane.layers_button,
        "span list": window.panes.span_list.table.viewport(),
        "article list": window.panes.document_panel.table.viewport(),
        "guidelines": window.guidelines_dock.browser.viewport(),
        "toolbar": window.commands.toolbar,
    }
    try:
        for theme, dark in (("dark", True), ("light", False), ("dark", True)):
            window.set_theme(theme)
            qtbot.wait(1)
            for name, widget in widgets.items():
                # Lists: below their rows (the first row is selected, in the highlight colour).
                low = name.endswith("list")
                lightness = _background(widget, 3, widget.height() - 4 if low else 3).lightness()
                assert (lightness < 110) if dark else (lightness > 150), (theme, name, lightness)
            css = window.guidelines_dock.browser.document().defaultStyleSheet()
            assert css == rich_text_css(QApplication.palette())  # label names in code: readable
            # Dialogs, as they open in that theme.
            shortcuts = window.show_shortcuts()
            editor = window.edit_labels()
            for name, widget in (
                ("shortcuts", shortcuts.table.viewport()),
                ("label editor", editor),
                ("label table", editor.table.viewport()),
            ):
                qtbot.waitExposed(widget)
                low = widget.height() - 4
                lightness = _background(widget, 3, low).lightness()
                assert (lightness < 110) if dark else (lightness > 150), (theme, name, lightness)
            shortcuts.close()
            editor.close()
    finally:
        window.set_theme("light")


def test_zoom_keys_change_the_text_size_and_it_is_remembered(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    view = window.left.view
    normal = view.font().pointSizeF()
    qtbot.keyClick(view, Qt.Key.Key_Equal, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Equal, CTRL)
    assert view.font().pointSizeF() == normal + 2
    assert window.right.view.font().pointSizeF() == normal + 2
    qtbot.keyClick(view, Qt.Key.Key_Minus, CTRL)
    assert view.font().pointSizeF() == normal + 1
    window.close()
    again = make_window(project)
    assert again.left.view.font().pointSizeF() == normal + 1
    qtbot.keyClick(again.left.view, Qt.Key.Key_0, CTRL)
    assert again.left.view.font().pointSizeF() == normal


def test_reading_room_titles_span_texts_search_hits_and_a_toolbar(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    pane = window.left
    # The title chooser has its row to itself: as wide as the pane.
    assert pane.chooser.width() >= pane.width() - 20
    # Paragraphs have room between them: the second paragraph starts below the first one's last line.
    view = pane.view
    first = view.document().begin()
    layout = view.document().documentLayout()
    gap = layout.blockBoundingRect(first).height() - first.layout().boundingRect().height()
    assert gap >= view.fontMetrics().height() * 0.5
    # Span texts and notes wrap over two lines instead of being cut after a few words.
    tag_text(window, "homegrown artificial-intelligence models", "models")
    table = window.panes.span_list.table
    assert table.wordWrap() and table.rowHeight(0) >= 2 * table.fontMetrics().lineSpacing()
    # Corpus search hits get room for their context.
    before = window.panes.document_panel.width()
    qtbot.keyClick(view, Qt.Key.Key_F, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.search_dock.width() >= max(360, before + 100), timeout=2000)
    # A toolbar with icons for what people look for.
    toolbar = window.commands.toolbar
    shown = [a for a in toolbar.actions() if not a.isSeparator()]
    assert len(shown) >= 15 and all(not a.icon().isNull() for a in shown)
    assert all(a.toolTip() for a in shown)


def test_a_wide_pane_keeps_lines_to_a_readable_measure(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    window.resize(2400, 900)
    view = window.left.view
    qtbot.waitUntil(lambda: view.width() > view.measure() + 200, timeout=2000)
    qtbot.waitUntil(lambda: view.viewport().width() <= view.measure() + 2, timeout=2000)
    block = view.document().begin().next()
    view.viewport().repaint()
    qtbot.waitUntil(lambda: block.layout().lineCount() > 1, timeout=2000)
    longest = max(block.layout().lineAt(n).textLength() for n in range(block.layout().lineCount()))
    assert longest <= 95  # characters on a line: the text does not run across the whole pane
    margins = view.viewportMargins()
    assert abs(margins.left() - margins.right()) <= 1  # centred
