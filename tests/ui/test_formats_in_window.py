"""File > Import and File > Export with formats, run on a worker from the window."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.services import annotation, reading
from annotator.services.exporting import ExportFilter
from annotator.services.project import Project
from annotator.ui.export_dialog import ExportDialog
from tests.ui.conftest import WindowFactory


def test_export_dialog_builds_the_filter(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(["alice", "bob"], ["financials", "chips"], tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.target() == tmp_path / "annotations.jsonl"
    dialog.format.setCurrentIndex(dialog.format.findData("brat"))
    assert dialog.target() == tmp_path / "annotations"  # brat writes a folder
    dialog.format.setCurrentIndex(dialog.format.findData("doccano"))
    assert dialog.target().suffix == ".jsonl"
    dialog.layer.setCurrentIndex(dialog.layer.findData("gold"))
    dialog.labels.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialog.status.setCurrentIndex(1)
    assert dialog.filters() == ExportFilter(labels=("chips",), statuses=("done",), layer="gold")


def test_export_and_import_from_the_window(
    qtbot: QtBot, project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    document_id = reading.list_documents(project)[0].id
    annotation.tag_span(project, document_id, 0, 2, "chips")
    window = make_window(project)
    out = tmp_path / "out.jsonl"
    window.files.export_to(out, "doccano", ExportFilter())
    qtbot.waitUntil(lambda: "exported" in window.files.last_report, timeout=10_000)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sum(len(line["label"]) for line in lines) == 1

    colleague = tmp_path / "colleague.jsonl"
    colleague.write_text(
        json.dumps({"text": "Ascend chips from Huawei.", "label": [[0, 6, "chips"]]}) + "\n", encoding="utf-8"
    )
    window.files.last_report = ""
    window.files.import_paths([colleague])
    qtbot.waitUntil(lambda: bool(window.files.last_report), timeout=10_000)
    assert window.panes.documents.rowCount() == 6
    added = next(d for d in reading.list_documents(project) if d.title.startswith("Ascend chips"))
    assert [(s.text, s.label) for s in reading.document_spans(project, added.id)] == [("Ascend", "chips")]


def test_a_bad_file_is_reported_and_changes_nothing(
    qtbot: QtBot, project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"text": "ok", "spans": [{"start": true, "end": 2, "label": "chips"}]}\n', encoding="utf-8"
    )
    window.files.import_paths([bad])
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=10_000)
    assert "bad.jsonl" in str(window.last_error) and "line 1" in str(window.last_error)
    assert window.panes.documents.rowCount() == 5


def test_after_an_import_into_an_empty_project_each_chooser_names_what_its_pane_shows(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(empty_project)
    source = tmp_path / "articles.jsonl"
    lines = [json.dumps({"text": f"Article {n}: Huawei ships Ascend chips."}) for n in range(3)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    window.files.last_report = ""
    window.files.import_paths([source])
    qtbot.waitUntil(lambda: bool(window.files.last_report), timeout=10_000)
    assert window.panes.documents.rowCount() == 3
    for pane in window.panes.panes:
        # No article was opened in either pane: the chooser asks for one rather than naming the first.
        assert pane.document_id is None
        assert pane.chooser.currentIndex() == -1
        assert pane.chooser.currentText() == ""
    window.panes.open_document(reading.list_documents(empty_project)[1].id, window.left)
    window.files.last_report = ""
    window.files.import_paths([source])  # again: nothing new, but the list is read again
    qtbot.waitUntil(lambda: bool(window.files.last_report), timeout=10_000)
    assert window.left.chooser.currentText().startswith("Article 1")
    assert window.right.chooser.currentIndex() == -1
