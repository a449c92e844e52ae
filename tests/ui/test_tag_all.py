""" "Tag all matches…": the preview, scope and label chosen with clicks and keys, one transaction on OK,
one undo step that removes every span and one redo that puts them back; checked in the database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from annotator.domain.models import Document, Span
from annotator.domain.text import text_sha256
from annotator.services import annotation, reading
from annotator.services import labels as label_service
from annotator.services.project import Project
from annotator.storage.documents import insert_document
from annotator.ui.bulk_commands import TagAllCommand
from annotator.ui.tag_all_dialog import TagAllDialog

SHOTS = Path("/tmp/annotator-shots")


def stored(db_path: Path) -> list[tuple[str, int, int, str, str]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            'SELECT document_id, start, "end", label, text FROM spans ORDER BY document_id, start'
        ).fetchall()
    finally:
        conn.close()


class Sink:
    """What the main window is to the commands: the project and a record of what it was told."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.told: list[tuple[list[str], list[str]]] = []
        self.failures: list[tuple[Exception, str]] = []

    def spans_changed(self, *, added: list[Span], removed: list[Span]) -> None:
        self.told.append(([s.id for s in added], [s.id for s in removed]))

    def document_changed(self, document_id: str) -> None: ...

    def gold_changed(self, document_id: str) -> None: ...

    def flags_changed(self, document_id: str) -> None: ...

    def command_failed(self, error: Exception, action: str) -> None:
        self.failures.append((error, action))


def add_document(project: Project, title: str, text: str) -> Document:
    document = Document(title=title, text=text, sha256=text_sha256(text))
    with project.database.write():
        insert_document(project.database, document)
    return document


@pytest.fixture
def corpus(empty_project: Project) -> tuple[Project, Document, Document]:
    first = add_document(
        empty_project, "Ascend shipments", "Huawei ships the Ascend 910B. The Ascend 910B is in short supply."
    )
    second = add_document(
        empty_project, "Training", "Xinghuo X1 was trained on Ascend 910B chips. 昇腾910B too."
    )
    return empty_project, first, second


@pytest.fixture
def open_dialog(qtbot: QtBot) -> Iterator[list[TagAllDialog]]:
    dialogs: list[TagAllDialog] = []
    yield dialogs
    for dialog in dialogs:
        dialog.close()


def show(
    qtbot: QtBot, dialogs: list[TagAllDialog], project: Project, needle: str, document_id: str | None
) -> TagAllDialog:
    dialog = TagAllDialog(project, needle, reading.list_labels(project), "chips", document_id)
    dialogs.append(dialog)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def ok_button(dialog: TagAllDialog) -> QPushButton:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_preview_scope_and_ok_write_the_spans(
    qtbot: QtBot, corpus: tuple[Project, Document, Document], db_path: Path, open_dialog: list[TagAllDialog]
) -> None:
    project, first, second = corpus
    dialog = show(qtbot, open_dialog, project, "Ascend 910B", first.id)
    assert dialog.this_article.isChecked()
    assert ok_button(dialog).text() == "Tag 2 matches"
    assert dialog.summary.text().startswith("2 new chips spans in 1 article")
    article = dialog.preview.topLevelItem(0)
    assert (article.text(0), article.text(1), article.childCount()) == ("Ascend shipments", "2", 2)

    qtbot.mouseClick(dialog.whole_corpus, Qt.MouseButton.LeftButton)
    assert ok_button(dialog).text() == "Tag 3 matches"
    assert dialog.preview.topLevelItemCount() == 2
    assert stored(db_path) == []  # a preview writes nothing

    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    rows = stored(db_path)
    assert sorted(rows) == sorted(
        (s.document_id, s.start, s.end, "chips", "Ascend 910B") for s in dialog.created_spans
    )
    assert {(row[0], row[1]) for row in rows} == {(first.id, 17), (first.id, 34), (second.id, 26)}


def test_label_chosen_with_the_keyboard_and_already_tagged_skipped(
    qtbot: QtBot, corpus: tuple[Project, Document, Document], db_path: Path, open_dialog: list[TagAllDialog]
) -> None:
    project, first, _ = corpus
    annotation.tag_span(project, first.id, 17, 28, "models")
    dialog = show(qtbot, open_dialog, project, "Ascend 910B", None)
    assert dialog.whole_corpus.isChecked() and not dialog.this_article.isEnabled()
    dialog.label_box.setFocus()
    qtbot.keyClick(dialog.label_box, Qt.Key.Key_Down)  # chips -> models
    assert dialog.label() == "models"
    assert ok_button(dialog).text() == "Tag 2 matches"  # the one tagged as models is skipped
    qtbot.keyClick(dialog.label_box, Qt.Key.Key_Down)  # models -> strategy
    assert ok_button(dialog).text() == "Tag 3 matches"
    qtbot.keyClick(dialog.label_box, Qt.Key.Key_Up)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    labels = [row[3] for row in stored(db_path)]
    assert labels == ["models"] * 3


def test_match_case_and_whole_words_change_the_preview(
    qtbot: QtBot, empty_project: Project, open_dialog: list[TagAllDialog]
) -> None:
    document = add_document(empty_project, "Cases", "Kimi, KIMI and kimi; Kimiko is someone else.")
    dialog = show(qtbot, open_dialog, empty_project, "Kimi", document.id)
    assert [s.text for s in dialog.planned] == ["Kimi"]
    qtbot.mouseClick(dialog.match_case, Qt.MouseButton.LeftButton)
    assert [s.text for s in dialog.planned] == ["Kimi", "KIMI", "kimi"]
    qtbot.mouseClick(dialog.whole_words, Qt.MouseButton.LeftButton)
    assert [s.text for s in dialog.planned] == ["Kimi", "KIMI", "kimi", "Kimi"]


def test_nothing_to_tag_disables_ok(
    qtbot: QtBot, corpus: tuple[Project, Document, Document], db_path: Path, open_dialog: list[TagAllDialog]
) -> None:
    project, first, _ = corpus
    dialog = show(qtbot, open_dialog, project, "Nvidia", first.id)
    assert not ok_button(dialog).isEnabled()
    assert dialog.summary.text().startswith("Nothing to tag")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and stored(db_path) == []


def test_a_failure_on_ok_is_shown_and_nothing_is_written(
    qtbot: QtBot, corpus: tuple[Project, Document, Document], db_path: Path, open_dialog: list[TagAllDialog]
) -> None:
    project, first, _ = corpus
    dialog = show(qtbot, open_dialog, project, "Ascend 910B", first.id)
    label_service.delete_label(project, "chips")  # removed elsewhere while the dialog was open
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    boxes: list[QMessageBox] = []

    def shown() -> bool:
        boxes[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        return bool(boxes)

    qtbot.waitUntil(shown)
    assert "no label called 'chips'" in boxes[0].text()
    boxes[0].close()
    assert dialog.isVisible() and dialog.created_spans == []
    assert stored(db_path) == []


def test_one_undo_removes_them_all_and_redo_brings_back_the_same_spans(
    qtbot: QtBot, corpus: tuple[Project, Document, Document], db_path: Path, open_dialog: list[TagAllDialog]
) -> None:
    project, first, second = corpus
    dialog = show(qtbot, open_dialog, project, "Ascend 910B", None)
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    created = dialog.created_spans
    after_tagging = stored(db_path)
    assert len(after_tagging) == 3

    sink = Sink(project)
    stack = QUndoStack()
    stack.push(TagAllCommand(sink, created))  # the action already ran: nothing happens again
    assert stored(db_path) == after_tagging and sink.told == []
    assert stack.undoText() == "tag 3 occurrences of 'Ascend 910B' as chips"

    stack.undo()
    assert stored(db_path) == []
    assert sink.told == [([], [s.id for s in created])]
    stack.redo()
    assert stored(db_path) == after_tagging
    assert {
        s.id for s in reading.document_spans(project, first.id) + reading.document_spans(project, second.id)
    } == {s.id for s in created}
    assert sink.told[-1] == ([s.id for s in created], [])
    assert sink.failures == []


def test_screenshot(qtbot: QtBot, project: Project, open_dialog: list[TagAllDialog]) -> None:
    document = next(
        d for d in reading.list_documents(project) if "Huawei" in reading.load_document(project, d.id).text
    )
    dialog = show(qtbot, open_dialog, project, "Huawei", document.id)
    qtbot.mouseClick(dialog.whole_corpus, Qt.MouseButton.LeftButton)
    dialog.preview.expandAll()
    SHOTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(SHOTS / "tag_all.png"))
    assert dialog.preview.topLevelItemCount() >= 3
