"""Long work off the GUI thread, with a progress dialog and a cancel button.

The work gets its own connection to the project database (SQLite connections belong to one thread) and
a ``Progress`` whose ``step`` raises ``Cancelled`` after the user pressed Cancel; the services it calls
run in one transaction, so a cancelled import or export leaves the database as it was. Workers never
touch widgets: results and errors come back to the GUI thread by signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.domain.progress import Progress
from annotator.services.project import Project

Work = Callable[[Project, Progress], Any]


class _Bridge(QObject):
    """Lives in the GUI thread; signals emitted from the worker are queued to it."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class BackgroundTask(QObject):
    def __init__(
        self,
        parent: QWidget,
        title: str,
        database_path: Path,
        annotator: str,
        work: Work,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._bridge = _Bridge()
        self._on_done = on_done
        self._on_error = on_error
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle("Annotator")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # quick work finishes without a flash of dialog
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self._cancel.set)
        self._bridge.progressed.connect(self._progressed)
        self._bridge.finished.connect(self._finished)
        self._bridge.failed.connect(self._failed)
        self.done = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(database_path, annotator, work, title), daemon=True, name="annotator-task"
        )

    def start(self) -> BackgroundTask:
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def _run(self, database_path: Path, annotator: str, work: Work, title: str) -> None:
        progress = Progress(self._bridge.progressed.emit, self._cancel.is_set, what=title.rstrip("…. "))
        try:
            with Project.open(database_path, annotator=annotator) as project:
                result = work(project, progress)
            # A Cancel pressed after the work committed is too late: the result stands and is reported.
        except BaseException as error:  # every failure is reported in the GUI thread
            self._bridge.failed.emit(error)
        else:
            self._bridge.finished.emit(result)
        finally:
            self.done.set()

    def _progressed(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))

    def _finished(self, result: object) -> None:
        self.dialog.close()
        self._on_done(result)
        self.deleteLater()

    def _failed(self, error: BaseException) -> None:
        self.dialog.close()
        self._on_error(error)
        self.deleteLater()
