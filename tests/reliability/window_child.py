"""A real window in a process of its own, on a project, driven line by line over stdin.

It starts as the app does (the window, then the rolling start-up backup on its thread) and prints
``READY`` once the backup is done. ``tag DOCUMENT START END LABEL`` opens the article in the left pane,
selects the range and presses the label, as an analyst would; it prints ``ACK SPAN_ID`` only once the span
is on screen (in the view and the span list), which is what the analyst takes as "saved".
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from annotator.services.project import Project
from annotator.ui.app import StartupBackup, application
from annotator.ui.main_window import MainWindow


def main(db_path: str, settings_path: str, annotator: str) -> int:
    app = application()
    project = Project.open(Path(db_path), annotator=annotator)
    window = MainWindow(project, QSettings(settings_path, QSettings.Format.IniFormat))
    window.show()
    backup = StartupBackup(Path(db_path), window)
    backup.begin()
    while backup.worker.is_alive():
        app.processEvents()
        backup.worker.join(0.01)
    app.processEvents()
    print("READY", flush=True)
    for line in sys.stdin:
        words = line.split()
        if words[:1] == ["tag"]:
            document_id, start, end, label = words[1], int(words[2]), int(words[3]), words[4]
            window.panes.open_document(document_id, window.left)
            view = window.left.view
            view.select_range(start, end)
            window.span_ops.apply_label(label)
            app.processEvents()
            span_id = view.selected_span_id()
            shown = span_id is not None and view.index.get(span_id) is not None
            print(f"ACK {span_id}" if shown else f"FAILED {window.last_error}", flush=True)
        elif words[:1] == ["pid"]:
            print(f"PID {__import__('os').getpid()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
