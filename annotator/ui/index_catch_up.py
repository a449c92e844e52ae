"""Indexing for search what a large import left waiting, on a worker, with its progress in the status bar.

The window stays usable meanwhile: each batch is its own short transaction, and the search dock says the
index is catching up. Closing the project stops the worker between batches; the rest waits for the next
time the project is opened.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow

from annotator.domain.errors import Cancelled
from annotator.services import search as search_service
from annotator.services.project import Project
from annotator.ui.tasks import _Bridge


class IndexCatchUp:
    """At most one catch-up per window; ``start`` does nothing when nothing waits or one already runs."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.label = QLabel("")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self._bridge = _Bridge()
        self._bridge.progressed.connect(self._progressed)
        self._bridge.finished.connect(self._finished)
        self._bridge.failed.connect(self._finished)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, project: Project) -> bool:
        path = project.database.path
        if self.running or path is None or project.database.read_only:
            return False
        if not search_service.index_backlog(project):
            return False
        self._stop.clear()
        self.label.setText("Indexing for search…")
        self.label.show()
        self._thread = threading.Thread(
            target=self._run, args=(path, project.annotator), daemon=True, name="annotator-index"
        )
        self._thread.start()
        return True

    def stop(self) -> None:
        """Stop between two batches and wait for the worker (before the project is closed or switched)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.label.hide()

    def _run(self, path: Path, annotator: str) -> None:
        def progress(done: int, total: int) -> None:
            if self._stop.is_set():
                raise Cancelled("indexing for search")
            self._bridge.progressed.emit(done, total)

        try:
            with Project.open(path, annotator=annotator) as project:
                indexed = search_service.catch_up_index(project, progress)
        except BaseException as error:  # reported by hiding the label; the rest waits for the next open
            self._bridge.failed.emit(error)
        else:
            self._bridge.finished.emit(indexed)

    def _progressed(self, done: int, total: int) -> None:
        self.label.setText(f"Indexing for search: {100 * done // max(total, 1)}%")

    def _finished(self, _result: object) -> None:
        self.label.hide()
