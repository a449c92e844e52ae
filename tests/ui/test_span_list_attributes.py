"""The span list's Attributes column follows the attribute form and its undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit
from pytestqt.qtbot import QtBot

from annotator.domain.structure import AttributeDefinition
from annotator.services import annotation, structure
from annotator.services.project import Project
from tests.formats.structured import TEXT, at
from tests.ui.conftest import WindowFactory, open_imported


def test_the_attributes_column_shows_each_saved_form_and_undo(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    structure.save_attribute(
        empty_project, AttributeDefinition(label="financials", name="amount", kind="number")
    )
    structure.save_attribute(
        empty_project, AttributeDefinition(label="financials", name="audited", kind="boolean")
    )
    window, document = open_imported(empty_project, tmp_path / "a.txt", TEXT, make_window)
    money = annotation.tag_span(
        empty_project, document.id, *at(TEXT, "revenue of ¥4.1 billion"), "financials"
    )
    window.panes.open_document(document.id, window.left)
    model = window.panes.span_list.model
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Attributes"
    row = model.row_of(money.id)
    assert row is not None
    assert model.data(model.index(row, 4)) == ""
    view = window.left.view
    view.select_span(money.id)
    qtbot.keyClick(view, "a")
    form = window.structure_controller.open_form
    amount, audited = form.fields["amount"], form.fields["audited"]
    assert isinstance(amount, QLineEdit) and isinstance(audited, QCheckBox)
    amount.setText("4100000000")
    audited.setChecked(True)
    form.accept()
    assert model.data(model.index(row, 4)) == "amount: 4100000000 · audited: yes"
    window.undo_stack.undo()
    assert model.data(model.index(row, 4)) == ""
