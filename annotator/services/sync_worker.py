"""The window's background sync, in a process of its own.

A sync is mostly the interpreter's work (checking every row, building the batches) between database
calls, and on a thread of the window's process every stretch of it that keeps the interpreter lock is a
frame the window cannot draw; on a busy machine, one the window waits for while the thread waits for a
processor. One long-lived child process does the rounds instead (started once: a new process every few
seconds would cost more than the syncs), and the window's process only waits for its answers. A frozen
desktop build cannot start Python children the same way, so there the round runs in the calling thread.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.services import reading
from annotator.services.project import Project
from annotator.services.sync_report import SyncReport
from annotator.storage.documents import ArticleList

_POLL_SECONDS = 0.5


@dataclass(frozen=True)
class SyncOutcome:
    """A round's report, and what the window shows of it, read where the round ran."""

    report: SyncReport
    progress: list[str]
    articles: ArticleList | None  # None: nothing arrived that the article list shows
    annotators: list[str]


class SyncOffline(AnnotatorError):
    """The hub could not be reached: the next round tries again."""


def sync_round(path: Path, annotator: str) -> SyncOutcome:
    """One sync of the project at ``path``, and what the window needs to show it."""
    from annotator.services.sync import sync, team_progress

    with Project.open(path, annotator=annotator) as project:
        report = sync(project)
        arrived = bool(report.documents) or report.schema_changed
        return SyncOutcome(
            report,
            team_progress(project),
            reading.article_list(project) if arrived else None,
            reading.list_annotators(project) if arrived else [],
        )


def _round_or_failure(path: Path, annotator: str) -> tuple[str, Any]:
    from annotator.storage.hub.connection import HubUnavailable

    try:
        return "done", sync_round(path, annotator)
    except HubUnavailable as error:
        return "offline", str(error)
    except Exception as error:  # a bug is shown on the indicator rather than lost in a process
        return "failed", str(error) if isinstance(
            error, AnnotatorError
        ) else f"{type(error).__name__}: {error}"


def _serve(requests: Any, answers: Any) -> None:
    if hasattr(os, "nice"):  # background work: on a busy machine the window gets the processor first
        os.nice(10)
    while (request := requests.get()) is not None:
        answers.put(_round_or_failure(*request))


class SyncWorker:
    """Runs sync rounds in its child process, one at a time; ``run`` is called from a worker thread."""

    def __init__(self) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._child: Any = None
        self._requests: Any = None
        self._answers: Any = None

    def run(self, path: Path, annotator: str) -> SyncOutcome:
        if getattr(sys, "frozen", False):
            kind, payload = _round_or_failure(path, annotator)
        else:
            kind, payload = self._ask(path, annotator)
        if kind == "done":
            return payload  # type: ignore[no-any-return]
        raise (SyncOffline if kind == "offline" else AnnotatorError)(payload)

    def _ask(self, path: Path, annotator: str) -> tuple[str, Any]:
        if self._child is None or not self._child.is_alive():
            self._start()
        self._requests.put((path, annotator))
        while True:
            try:
                return self._answers.get(timeout=_POLL_SECONDS)  # type: ignore[no-any-return]
            except Empty:
                if not self._child.is_alive():
                    code = self._child.exitcode
                    self._child = None  # started again for the next round
                    return "failed", f"the sync process stopped unexpectedly (exit code {code})"

    def _start(self) -> None:
        self._requests, self._answers = self._context.Queue(), self._context.Queue()
        self._child = self._context.Process(
            target=_serve, args=(self._requests, self._answers), daemon=True, name="annotator-hub-sync"
        )
        self._child.start()

    def close(self) -> None:
        if self._child is not None and self._child.is_alive():
            self._requests.put(None)
            self._child.join(timeout=5)
            if self._child.is_alive():
                self._child.terminate()
        self._child = None
