"""The span list follows the article in the active pane: on opening, tagging, undo and the label filter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.ui.main_window import MainWindow
from annotator.ui.span_index import READING_ORDER
from annotator.ui.span_list import SpanListModel
from tests.ui.conftest import WindowFactory
from tests.ui.test_workbench import tag_text

CTRL = Qt.KeyboardModifier.ControlModifier


def rows_of(model: SpanListModel) -> list[tuple[str, str]]:
    return [(model.index(row, 0).data(), model.index(row, 1).data()) for row in range(model.rowCount())]


def listed(window: MainWindow) -> list[tuple[str, str]]:
    return rows_of(window.panes.span_list.model)


def test_the_list_shows_the_spans_of_the_article_opened_in_reading_order(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    tag_text(window, "Huawei", "chips")
    tag_text(window, "heavy losses", "financials")
    tag_text(window, "Hefei-based", "strategy")
    first = window.left.document_id
    assert first is not None
    text = window.left.view.document_record.text  # type: ignore[union-attr]
    in_text_order = sorted(["Huawei", "heavy losses", "Hefei-based"], key=text.index)
    assert [shown for _, shown in listed(window)] == in_text_order

    other = next(i for i in window.panes.documents.document_ids() if i != first)
    window.panes.open_document(other, window.left)
    assert listed(window) == []
    window.panes.open_document(first, window.left)
    assert [shown for _, shown in listed(window)] == in_text_order
    assert dict(listed(window))["strategy"] == "Hefei-based"


def test_tagging_and_undo_update_the_list(qtbot: QtBot, project: Project, make_window: WindowFactory) -> None:
    window = make_window(project)
    tag_text(window, "heavy losses", "financials")
    span_id = tag_text(window, "Huawei", "chips")
    assert ("chips", "Huawei") in listed(window)
    selected = window.panes.span_list.table.selectionModel().selectedRows()
    assert [index.data(Qt.ItemDataRole.UserRole + 1) for index in selected] == [span_id]

    qtbot.keyClick(window.left.view, Qt.Key.Key_Z, CTRL)  # undo the tag
    assert listed(window) == [("financials", "heavy losses")]
    qtbot.keyClick(window.left.view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert sorted(listed(window)) == [("chips", "Huawei"), ("financials", "heavy losses")]

    window.left.view.select_span(span_id)
    qtbot.keyClick(window.left.view, Qt.Key.Key_Delete)
    assert listed(window) == [("financials", "heavy losses")]


def test_the_label_filter_keeps_to_its_label_as_spans_change(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    tag_text(window, "heavy losses", "financials")
    tag_text(window, "Huawei", "chips")
    window.panes.span_list.label_filter.setCurrentText("chips")
    assert listed(window) == [("chips", "Huawei")]
    tag_text(window, "Hefei-based", "chips")
    tag_text(window, "losses", "models")
    assert sorted(listed(window)) == [("chips", "Hefei-based"), ("chips", "Huawei")]
    window.panes.span_list.label_filter.setCurrentText(window.panes.span_list.ALL_LABELS)
    assert len(listed(window)) == 4


def test_the_model_is_a_sound_table_model(qtmodeltester: ModelTester, project: Project) -> None:
    document_id = reading.list_documents(project)[0].id
    text = reading.load_document(project, document_id).text
    for needle, label in (("Huawei", "chips"), ("heavy losses", "financials")):
        start = text.index(needle)
        annotation.tag_span(project, document_id, start, start + len(needle), label)
    model = SpanListModel()
    model.set_spans(sorted(reading.document_span_rows(project, document_id), key=READING_ORDER))
    qtmodeltester.check(model, force_py=True)  # and again on each change below
    model.set_label("chips")
    assert [model.index(row, 1).data() for row in range(model.rowCount())] == ["Huawei"]
    model.set_label(None)
    assert model.rowCount() == 2
    model.set_spans([])
    assert model.rowCount() == 0


def test_edits_move_single_rows_and_never_reset_the_list(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    """Tagging, relabelling and deleting insert and remove rows one by one; the list always matches what a
    full reload would show, with and without a label filter."""
    window = make_window(project)
    model = window.panes.span_list.model
    ModelTester(qtbot).check(model, force_py=True)
    tag_text(window, "heavy losses", "financials")
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))

    def matches_a_reload() -> None:
        fresh = SpanListModel()
        fresh.label = model.label
        fresh.set_spans(window.left.view.index.rows())
        assert rows_of(model) == rows_of(fresh)

    span_id = tag_text(window, "Huawei", "chips")
    matches_a_reload()
    window.left.view.select_span(span_id)
    window.span_ops.apply_label("strategy")  # relabel: the same span, a new label
    matches_a_reload()
    assert resets == []
    window.panes.span_list.label_filter.setCurrentText("strategy")
    resets.clear()
    tag_text(window, "Hefei-based", "chips")  # not shown under the filter
    matches_a_reload()
    window.left.view.select_span(span_id)
    qtbot.keyClick(window.left.view, Qt.Key.Key_Delete)
    matches_a_reload()
    assert model.rowCount() == 0 and resets == []
