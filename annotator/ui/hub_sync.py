"""Background sync with the team hub while the project is connected to one.

A worker thread asks for a sync every few seconds and shortly after each change (the undo stack moving);
the round runs in a process of its own (services/sync_worker.py), on its own connection to the project,
so the window's interpreter is never held by it. The window keeps working, also when the hub is
unreachable (the indicator says so and the next round tries again). What arrives is read there too, and
the window redraws only what it touched (the article list, open articles it changed): a sync never
freezes the window with a full reload.
"""

from __future__ import annotations

import html
import threading
import time
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QStatusBar

from annotator.services.project import Project
from annotator.services.reading import ArticleList
from annotator.services.sync_worker import SyncOffline, SyncOutcome, SyncWorker

INTERVAL_MS = 5_000
AFTER_CHANGE_MS = 500  # a burst of changes is sent together


class SyncingWindow(Protocol):
    project: Project
    undo_stack: QUndoStack

    def statusBar(self) -> QStatusBar: ...
    def isVisible(self) -> bool: ...
    def show_synced(
        self, articles: ArticleList | None, annotators: list[str], touched: set[str], schema: bool
    ) -> None: ...


class _Bridge(QObject):
    """Lives in the GUI thread; the worker's results are queued to it."""

    finished = Signal(object)
    failed = Signal(object)


class HubSync(QObject):
    def __init__(self, window: SyncingWindow, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(window.statusBar())
        self.window = window
        self.url = ""
        self.indicator = QLabel("Hub: connecting…")
        window.statusBar().addPermanentWidget(self.indicator)
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._finished)
        self._bridge.failed.connect(self._failed)
        self._running = False
        self._again = False
        self.rounds = 0
        self._worker = SyncWorker()  # its process starts with the first round
        self.destroyed.connect(self._worker.close)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_now)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.timeout.connect(self.sync_now)
        self.indicator.hide()
        if not self._address():
            return  # a project that is not connected: nothing runs, nothing is shown
        self.timer.start(interval_ms)
        window.undo_stack.indexChanged.connect(lambda _index: self.soon.start(AFTER_CHANGE_MS))
        self.soon.start(AFTER_CHANGE_MS)  # the first round once the window is up

    def _address(self) -> str:
        from annotator.services.hub import hub_address

        return hub_address(self.window.project) or ""

    def sync_now(self) -> None:
        if self._running:
            self._again = True  # one more round when this one ends: a change may have missed it
            return
        if not self.window.isVisible():
            return  # closed (its project may be closed too), or not shown yet
        # Asked each round: the window may have opened another project meanwhile.
        project = self.window.project
        self.url = self._address()
        self.indicator.setVisible(bool(self.url))
        if not self.url or project.database.path is None or project.database.read_only:
            return
        self._running = True
        self.indicator.setText("Hub: syncing…")
        worker = threading.Thread(
            target=_sync_in_thread,
            args=(self._worker, project.database.path, project.annotator, self._bridge),
            daemon=True,
            name="annotator-hub-sync",
        )
        worker.start()

    def _done(self) -> None:
        self._running = False
        self.rounds += 1
        if self._again:
            self._again = False
            self.soon.start(AFTER_CHANGE_MS)

    def _finished(self, outcome: SyncOutcome) -> None:
        report, progress = outcome.report, outcome.progress
        self._done()
        stamp = time.strftime("%H:%M:%S")
        text = f"Hub: synced {stamp}"
        if report.conflicts:
            text += f" · {len(report.conflicts)} change(s) replaced by newer ones"
        self.indicator.setText(text)
        team = "\n".join(["", "Progress:", *progress]) if progress else ""
        self.indicator.setToolTip(_plain(f"Team hub: {self.url}\n{report.summary()}{team}"))
        self.window.show_synced(outcome.articles, outcome.annotators, report.documents, report.schema_changed)

    def _failed(self, error: object) -> None:
        self._done()
        offline = isinstance(error, SyncOffline)
        self.indicator.setText("Hub: offline, will retry" if offline else "Hub: sync failed")
        self.indicator.setToolTip(_plain(f"Team hub: {self.url}\n{error}"))


def _plain(text: str) -> str:
    """A tooltip shown as written: span texts and messages may look like HTML, which Qt would render."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def _sync_in_thread(worker: SyncWorker, path: Path, annotator: str, bridge: _Bridge) -> None:
    try:
        outcome = worker.run(path, annotator)
    except Exception as error:  # the round's error, or a bug: shown on the indicator, not lost
        bridge.failed.emit(error)
    else:
        bridge.finished.emit(outcome)


def start_hub_sync(window: SyncingWindow) -> HubSync:
    """Sync in the background whenever the window's project is connected to a hub."""
    return HubSync(window)
