"""One start of the app as a user starts it, in a fresh process, for ``bench_gui``.

    XDG_CONFIG_HOME=FOLDER python -m benchmarks.start_user DATABASE LAUNCHED [prepare]

The app starts through ``annotator.ui.app.run_gui``, as the ``annotator`` command does: its settings
(window geometry and docks, the article open in each of the two panes, the theme) are restored from the
user's settings file, here in ``FOLDER``, and the rolling backup starts beside the window. The figure is
the wall-clock time from ``LAUNCHED`` (when the parent started this process) to the first turn of the
event loop after the window was shown. With ``prepare`` the run chooses the dark theme and closes the
window, which saves the state the next runs restore. Prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from benchmarks.start_child import resident_mb


def main() -> None:
    database, launched = Path(sys.argv[1]), float(sys.argv[2])
    prepare = sys.argv[3:4] == ["prepare"]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.ui import app as app_module
    from annotator.ui.main_window import MainWindow

    shown = MainWindow.show

    def show_then_report(window: MainWindow) -> None:
        shown(window)

        def interactive() -> None:
            ready = time.time()
            panes = [pane.document_id for pane in window.panes.panes]
            if prepare:
                window.set_theme("dark")
            print(
                json.dumps(
                    {
                        "seconds": ready - launched,
                        "rss_mb": resident_mb(),
                        "panes_open": sum(1 for pane in panes if pane),
                        "theme": str(window.settings.value("view/theme", "system")),
                    }
                ),
                flush=True,
            )
            window.close()
            QApplication.quit()

        QTimer.singleShot(0, interactive)

    MainWindow.show = show_then_report  # type: ignore[method-assign, assignment]
    app_module.run_gui(database, annotator="alice")


if __name__ == "__main__":
    main()
