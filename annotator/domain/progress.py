"""How long operations report progress and learn that the user cancelled.

A service that may run for a while takes a ``Progress``; it calls ``progress.step(done, total)`` as it
goes, which raises ``Cancelled`` once the user asked to stop. The service runs in one transaction, so the
exception rolls everything back.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.domain.errors import Cancelled


class Progress:
    def __init__(
        self,
        report: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        *,
        what: str = "the operation",
    ) -> None:
        self._report = report
        self._cancelled = cancelled
        self.what = what

    def step(self, done: int, total: int) -> None:
        if self._cancelled is not None and self._cancelled():
            raise Cancelled(self.what)
        if self._report is not None:
            self._report(done, total)


NO_PROGRESS = Progress()
