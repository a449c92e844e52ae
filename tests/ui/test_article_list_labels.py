"""The article list's Labels column: the analyst's document labels, and how far labelling has got."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.domain.models import DocumentStatus
from annotator.domain.structure import DocumentLabelSet
from annotator.services import structure
from annotator.services.project import Project
from annotator.storage.status import get_status
from tests.formats.structured import TEXT
from tests.ui.conftest import WindowFactory, open_imported

KEYS = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier


def test_the_labels_column_follows_each_key_and_undo(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    structure.save_document_label_set(
        empty_project,
        DocumentLabelSet(
            name="topic", choices=("export controls", "earnings"), multiple=True, hotkeys=("e", "g")
        ),
    )
    structure.save_document_label_set(
        empty_project, DocumentLabelSet(name="stance", choices=("positive", "negative"), hotkeys=("p", "n"))
    )
    window, document = open_imported(empty_project, tmp_path / "a.txt", TEXT, make_window)
    model = window.panes.documents
    row = model.row_of(document.id)
    assert row is not None
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Labels"
    assert not window.panes.document_panel.table.isColumnHidden(3)

    def cell() -> str:
        return str(model.data(model.index(row, 3)))

    assert cell() == "topic: — · stance: —"
    assert get_status(empty_project.database, document.id, "alice") is DocumentStatus.TODO
    view = window.left.view
    view.setFocus()
    qtbot.keyClick(view, "E", KEYS)
    # The first label marks the untouched article in progress; the single-choice stance is still open.
    assert cell() == "topic: export controls · stance: —"
    assert get_status(empty_project.database, document.id, "alice") is DocumentStatus.IN_PROGRESS
    assert "1 single-choice set(s) unanswered" in str(
        model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    )
    qtbot.keyClick(view, "P", KEYS)
    assert cell() == "topic: export controls · stance: positive"
    assert (
        structure.article_labels(
            empty_project, document.id, structure.structure_schema(empty_project).document_label_sets
        ).unanswered
        == 0
    )
    window.undo_stack.undo()
    assert cell() == "topic: export controls · stance: —"


def test_without_label_sets_the_column_is_hidden(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    window, _ = open_imported(empty_project, tmp_path / "a.txt", TEXT, make_window)
    assert window.panes.document_panel.table.isColumnHidden(3)
    assert window.panes.documents.data(window.panes.documents.index(0, 3)) == ""
