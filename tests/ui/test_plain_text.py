"""Titles, labels, notes and annotator names that look like HTML are shown as the text they are, in
every label, tooltip, list, header, menu, button and dialog of the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QWidget
from pytestqt.qtbot import QtBot

from annotator.domain.errors import InputError
from annotator.services import annotation, labels, reading
from annotator.services.agreement import agreement_report
from annotator.services.documents import set_document_note
from annotator.services.importing import import_paths
from annotator.services.project import Project
from annotator.ui.agreement_panel import AgreementPanel
from annotator.ui.errors import error_box, info_box
from annotator.ui.label_editor import DeleteLabelDialog
from annotator.ui.note_dialog import NoteDialog
from annotator.ui.tag_all_dialog import TagAllDialog
from tests.ui.conftest import WindowFactory

MARKUP = "<b>bold</b>"  # rendered, it would show as "bold" in bold
LABEL = "R&D <i>x</i>"
OWNER = "<u>eve</u>"
TITLE = f"{MARKUP} Huawei ships the Ascend chips to iFlytek"
NOTE = f"note {MARKUP} <a href='http://example.com'>link</a>"


def hostile_project(tmp_path: Path) -> tuple[Project, str, str]:
    project = Project.open(tmp_path / "p.db", annotator=OWNER)
    source = tmp_path / "a.txt"
    source.write_text(f"{TITLE}\n\nThe Ascend 910B is made by Huawei.\n", encoding="utf-8")
    import_paths(project, [source])
    document = reading.list_documents(project)[0]
    labels.add_label(project, LABEL, colour="#ffcc00")
    text = reading.load_document(project, document.id).text
    start = text.index("Ascend 910B")
    span = annotation.tag_span(project, document.id, start, start + 11, LABEL)
    annotation.set_span_note(project, span, NOTE)
    set_document_note(project, document.id, NOTE)
    return project, document.id, span.id


def shows_markup(text: str) -> bool:
    """Whether ``text``, as rich text, would render one of the hostile strings as markup."""
    return any(raw in text for raw in (MARKUP, "<i>x</i>", OWNER, "<a href"))


def model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    parent = parent if parent is not None else QModelIndex()
    found = []
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                found.append(tip)
            if column == 0 and not isinstance(model, QAbstractListModel):
                found += model_texts(model, index)
    return found


def assert_plain_everywhere(root: QWidget) -> int:
    """Every place under ``root`` that shows data shows it literally; returns how many were checked."""
    checked = 0
    for widget in [root, *root.findChildren(QWidget)]:
        if shows_markup(widget.toolTip()):
            raise AssertionError(f"{widget!r} tooltip renders markup: {widget.toolTip()!r}")
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText:
            assert not shows_markup(widget.text()), f"{widget!r} renders markup: {widget.text()!r}"
            checked += 1
        if isinstance(widget, QLabel) and "bold" in widget.text():
            checked += 1
        if isinstance(widget, QAbstractButton) and "R&" in widget.text():
            assert "R&&D" in widget.text(), widget.text()  # an & shown, not taken as a shortcut key
            checked += 1
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            for tip in model_texts(widget.model()):
                assert not shows_markup(tip), f"{widget!r} item tooltip renders markup: {tip!r}"
                checked += 1
    return checked


def test_the_window_shows_hostile_names_as_text(
    make_window: WindowFactory, tmp_path: Path, qtbot: QtBot
) -> None:
    project, document_id, span_id = hostile_project(tmp_path)
    window = make_window(project)
    window.panes.open_document(document_id, window.left)
    window.left.view.select_span(span_id)
    assert MARKUP in window.status_line.span_info.text() or "R&D" in window.status_line.span_info.text()
    assert window.status_line.span_info.textFormat() == Qt.TextFormat.PlainText
    assert window.left.info.textFormat() == Qt.TextFormat.PlainText and "note" in window.left.info.text()
    assert "&lt;b&gt;bold" in window.left.info.toolTip()
    layer_texts = [action.text() for action in window.left.layers_menu.actions()]
    assert any("eve" in text for text in layer_texts)
    assert assert_plain_everywhere(window) >= 5
    project.close()


def test_dialogs_show_hostile_text_literally(qtbot: QtBot) -> None:
    box = error_box(None, InputError(NOTE, path=MARKUP))
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText and MARKUP in box.text()
    info = info_box(None, "Merged", f"labels added: {LABEL}")
    qtbot.addWidget(info)
    assert info.textFormat() == Qt.TextFormat.PlainText
    note = NoteDialog("Note", f"{LABEL}: {MARKUP}", NOTE)
    qtbot.addWidget(note)
    assert note.context.textFormat() == Qt.TextFormat.PlainText
    for count in (0, 3):
        dialog = DeleteLabelDialog(LABEL, count, [MARKUP])
        qtbot.addWidget(dialog)
        questions = [label for label in dialog.findChildren(QLabel) if "x" in label.text()]
        assert questions and all("&lt;i&gt;x" in label.text() for label in questions)
        assert_plain_everywhere(dialog)


def test_the_tag_all_preview_and_agreement_panel_show_names_as_text(tmp_path: Path, qtbot: QtBot) -> None:
    project, document_id, _ = hostile_project(tmp_path)
    second = Project(project.database, "<s>mallory</s>")
    text = reading.load_document(project, document_id).text
    start = text.index("Ascend 910B")
    annotation.tag_span(second, document_id, start, start + 6, LABEL)
    dialog = TagAllDialog(project, "Ascend", reading.list_labels(project), LABEL, None)
    qtbot.addWidget(dialog)
    dialog.refresh_preview()
    assert assert_plain_everywhere(dialog) >= 1
    report = agreement_report(project)
    panel = AgreementPanel(report.annotators, report.labels)
    qtbot.addWidget(panel)
    panel.show_report(report)
    assert "&lt;u&gt;eve&lt;/u&gt;" in panel.headline.text()
    assert_plain_everywhere(panel)
    project.close()


def test_a_pane_header_too_long_for_its_pane_ends_in_an_ellipsis(
    project: Project, make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(project)
    window.resize(1400, 800)
    document_id = window.left.document_id
    assert document_id is not None
    note = "Check the subsidy figures against the annual report before the review meeting"
    set_document_note(project, document_id, note)
    window.panes.open_document(document_id, window.left)
    info = window.left.info
    qtbot.waitUntil(lambda: note in info.text())
    shown = info.shown_text()
    # The whole line stays the label's text (and its tooltip); what fits is shown, ending in "…".
    assert info.fontMetrics().horizontalAdvance(info.text()) > info.contentsRect().width()
    assert shown.endswith("…") and info.text().startswith(shown[:-1])
    assert info.fontMetrics().horizontalAdvance(shown) <= info.contentsRect().width()
