"""The window's responsiveness while it syncs in the background (part of bench_hub).

A real (offscreen) MainWindow on a project connected to the hub runs its own event loop; a QTimer ticks
every few milliseconds and the longest pause between ticks is what a user would feel as a frozen frame.
It is measured with the window idle, then while its background sync receives 10,000 spans a colleague
changed, then while it sends 10,000 spans changed here, each until the sync's result is shown.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.harness import Figure

TICK_MS = 4
FRAME_TARGET_MS = 50.0


class PauseMeter:
    """The longest gap between ticks of a short-interval timer, beyond the interval itself."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.longest = 0.0
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def run_until(self, done: Callable[[], bool], timeout_s: float, *, at_least_s: float = 0.0) -> float:
        """Run the event loop until ``done()`` (and ``at_least_s`` passed); the longest pause, in ms."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        started = time.perf_counter()

        def check() -> None:
            elapsed = time.perf_counter() - started
            if elapsed > timeout_s:
                raise SystemExit(f"the window's sync did not finish within {timeout_s:.0f} s")
            if elapsed >= at_least_s and done():
                loop.quit()

        checker = QTimer()
        checker.setInterval(TICK_MS)
        checker.timeout.connect(check)
        self.longest, self.last = 0.0, time.perf_counter()
        self.timer.start()
        checker.start()
        loop.exec()
        checker.stop()
        self.timer.stop()
        return max(self.longest * 1000 - TICK_MS, 0.0)


def window_pauses(
    path: Path,
    annotator: str,
    open_document: str,
    change_here: Callable[[], None],
    change_there: Callable[[], None],
    runs: int,
) -> list[Figure]:
    """Idle, receiving and sending: the longest event-loop pause of each, the worst of ``runs``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    from PySide6.QtCore import QSettings

    from annotator.services.project import Project
    from annotator.ui.app import application
    from annotator.ui.main_window import MainWindow

    application([])
    meter = PauseMeter()
    idle, receiving, sending, spans = [], [], [], []
    with Project.open(path, annotator=annotator) as project:
        settings = QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat)
        window = MainWindow(project, settings)
        sync = window.hub_sync
        sync.timer.stop()  # each round is started below, so that each is measured whole
        window.resize(1400, 860)
        window.show()
        window.open_document(open_document, window.left)
        meter.run_until(lambda: sync.rounds >= 1, 600)  # the first round, and the window settled

        def one_round(change: Callable[[], None]) -> float:
            change()
            before = sync.rounds
            sync.sync_now()
            # A little past the round's end: what the window does with the result counts too.
            return meter.run_until(lambda: sync.rounds > before, 120, at_least_s=0.2)

        for _ in range(runs):
            started = time.perf_counter()
            receiving.append(one_round(change_there))
            spans.append(time.perf_counter() - started)
            sending.append(one_round(change_here))
            idle.append(meter.run_until(lambda: True, 60, at_least_s=max(spans[-1], 1.0)))
        window.close()
    print(
        f"window event loop, longest pause (worst of {runs}): idle {max(idle):.0f} ms, "
        f"receiving {max(receiving):.0f} ms, sending {max(sending):.0f} ms "
        f"(each receiving round took {min(spans):.1f}-{max(spans):.1f} s)"
    )
    return [
        Figure("window's longest pause, idle", max(idle), FRAME_TARGET_MS, "ms", runs),
        Figure("window's longest pause while its sync receives", max(receiving), FRAME_TARGET_MS, "ms", runs),
        Figure("window's longest pause while its sync sends", max(sending), FRAME_TARGET_MS, "ms", runs),
    ]
