"""The window starts without the rooms a user opens now and then, and each still opens when asked for.

Start-up on a large project is measured in seconds: the curation view, agreement, the label editor, the
sessions chart, the shortcut editor, term lists, model suggestions and the word-break tables of scripts
without spaces load when first used. Checked in a fresh process, since this test run has loaded them all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from annotator.services.samples import open_project

LAZY = (
    "annotator.ui.curation_view",
    "annotator.services.curation",
    "annotator.ui.agreement_window",
    "annotator.ui.agreement_panel",
    "annotator.ui.label_editor",
    "annotator.ui.sessions_chart",
    "annotator.ui.charts",
    "annotator.ui.shortcuts_dialog",
    "annotator.ui.term_list_dialog",
    "annotator.services.term_lists",
    "annotator.services.suggest",
    "annotator.services.suggest_model",
    "annotator.ui.tag_all_dialog",
    "annotator.ui.auto_accept_dialog",
    "regex",
)

SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from annotator.services.project import Project
from annotator.ui.app import application
from annotator.ui.main_window import MainWindow

lazy = {lazy!r}
app = application([])
project = Project.open(Path(sys.argv[1]), annotator="alice")
window = MainWindow(project, QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.resize(1300, 800)
window.show()
app.processEvents()
document_id = window.panes.documents.document_id(0)
window.panes.open_document(document_id, window.left)
app.processEvents()
at_start = sorted(name for name in lazy if name in sys.modules)

opened = {{}}
opened["agreement"] = window.show_agreement().isVisible()
opened["curation"] = window.show_curation().isVisible()
opened["labels"] = window.edit_labels().isVisible()
opened["sessions"] = window.show_sessions().isVisible()
opened["shortcuts"] = window.show_shortcuts().isVisible()
opened["terms"] = window.suggestion_controller.edit_term_lists().isVisible()
def answer_tag_all():  # the dialog is modal: seen, then cancelled
    dialogs = [w for w in app.topLevelWidgets() if type(w).__name__ == "TagAllDialog" and w.isVisible()]
    opened["tag all"] = bool(dialogs)
    for dialog in dialogs:
        dialog.reject()

QTimer.singleShot(100, answer_tag_all)
window.left.view.select_range(0, 5)
window.span_ops.tag_all_matches()
from annotator.domain.spans import snap_to_words
opened["word breaks"] = snap_to_words("北京大学的学生", 1, 2) != (1, 2)
app.processEvents()
print(json.dumps({{"at_start": at_start, "opened": opened}}))
for widget in app.topLevelWidgets():
    widget.close()
project.close()
"""


def test_start_up_leaves_occasional_rooms_unloaded_and_each_opens_when_asked(tmp_path: Path) -> None:
    open_project(tmp_path / "project.db", annotator="alice", samples=True).close()  # the sample articles
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-c", SCRIPT.format(lazy=LAZY)]
    command += [str(tmp_path / "project.db"), str(tmp_path / "settings.ini")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, env=env, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["at_start"] == []
    assert report["opened"] == dict.fromkeys(report["opened"], True)
    assert len(report["opened"]) == 8
