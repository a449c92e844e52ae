"""One start of the app, in a fresh process, for ``bench_gui``: time to an interactive window, and memory.

    python -m benchmarks.start_child DATABASE LAUNCHED SETTINGS runtime|dev [backup]

``LAUNCHED`` is the wall-clock time at which the parent started this process, so the figure includes the
interpreter and every import. Prints one JSON line. With ``runtime``, pandas is hidden before anything is
imported: sqlite-utils imports it when present, the app never uses it, and a user's install (runtime
dependencies only) does not have it; the test extras bring it into the dev venv. (NumPy is a runtime
dependency, so it stays: sqlite-utils imports it at start in a user's install too.)
With ``backup``, the rolling backup that ``annotator gui`` starts beside the window is running too.
"""

from __future__ import annotations

import sys

if sys.argv[4:5] == ["runtime"]:
    sys.modules["pandas"] = None  # type: ignore[assignment]

import json
import time
from pathlib import Path

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]


def resident_mb() -> float:
    """This process's resident set size in MB (VmRSS on Linux; psutil elsewhere)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import psutil  # type: ignore[import-untyped]  # not a dependency: only needed off Linux

    return float(psutil.Process().memory_info().rss) / 2**20


def main() -> None:
    database, launched, settings_path = Path(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3])
    from PySide6.QtCore import QSettings

    from annotator.services.project import Project
    from annotator.ui.app import application
    from annotator.ui.main_window import MainWindow

    imported = time.time()
    app = application([])
    project = Project.open(database, annotator="alice")
    window = MainWindow(project, QSettings(str(settings_path), QSettings.Format.IniFormat))
    window.resize(1400, 860)
    window.show()
    backup = None
    if sys.argv[5:6] == ["backup"]:
        from annotator.ui.app import StartupBackup

        backup = StartupBackup(database, window)  # as ``annotator gui`` starts it, beside the window
        backup.start()
    app.processEvents()
    ready = time.time()
    usage = resource.getrusage(resource.RUSAGE_SELF) if resource is not None else None
    print(
        json.dumps(
            {
                "seconds": ready - launched,
                "imports": imported - launched,
                "rss_mb": resident_mb(),
                # CPU seconds of this process so far (interpreter start included): the same start-up on an
                # idle machine takes about this long.
                "cpu": usage.ru_utime + usage.ru_stime if usage is not None else None,
                "rows": window.panes.documents.rowCount(),
            }
        )
    )
    if backup is not None:
        backup.begin()  # (if its short delay has not run out yet)
        backup.worker.join()  # the copy is finished before the parent removes it
    window.close()
    project.close()


if __name__ == "__main__":
    main()
