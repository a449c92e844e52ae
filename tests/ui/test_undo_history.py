"""Undo and redo in a real window: a step refused by the core leaves the history where it was and says
why; the screen reloads what is stored; errors escaping every ``try`` reach a dialog and the log file."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.domain.errors import ConflictError
from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.ui.crash import install_crash_reporting
from tests.ui.conftest import WindowFactory
from tests.ui.test_workbench import tag_text

CTRL = Qt.KeyboardModifier.ControlModifier


def test_undo_refused_because_the_span_changed_elsewhere_keeps_history_and_data(
    qtbot: QtBot, project: Project, db_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(project)
    span_id = tag_text(window, "Huawei", "chips")
    with Project.open(db_path, annotator="alice") as other_window:
        seen = reading.get_span(other_window, span_id)
        newer = annotation.set_span_note(other_window, seen, "the other window's note").after
    assert window.undo_stack.index() == 1

    qtbot.keyClick(window.left.view, Qt.Key.Key_Z, CTRL)

    assert isinstance(window.last_error, ConflictError)
    assert window.undo_stack.index() == 1 and window.undo_stack.canUndo()
    assert reading.get_span(project, span_id) == newer  # neither deleted nor overwritten
    assert window.left.view.index.get(span_id) == newer  # the view shows what is stored now


def test_undo_and_redo_say_what_they_did_and_ctrl_y_redoes(
    qtbot: QtBot, project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    span_id = tag_text(window, "Huawei", "chips")
    document_id = window.left.document_id
    assert document_id is not None
    qtbot.keyClick(window.left.view, Qt.Key.Key_Z, CTRL)
    assert reading.document_spans(project, document_id) == []
    title = window.left.view.document_record.title
    assert window.statusBar().currentMessage() == f"Undid: tag 'Huawei' as chips in “{title}”"
    qtbot.keyClick(window.left.view, Qt.Key.Key_Y, CTRL)
    assert [s.id for s in reading.document_spans(project, document_id)] == [span_id]
    assert window.statusBar().currentMessage() == f"Redid: tag 'Huawei' as chips in “{title}”"


def test_an_error_escaping_a_slot_is_logged_and_shown(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    log_file = tmp_path / "logs" / "annotator.log"
    handler = install_crash_reporting(log_file)
    try:
        try:
            raise KeyError("a bug in a slot")
        except KeyError as error:
            sys.excepthook(type(error), error, error.__traceback__)
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        assert len(boxes) == 1
        box = boxes[0]
        assert "a bug in a slot" in box.text() and str(log_file) in box.informativeText()
        assert "KeyError" in box.detailedText()  # the traceback, to copy into a report
        box.close()
        assert "KeyError: 'a bug in a slot'" in log_file.read_text(encoding="utf-8")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
