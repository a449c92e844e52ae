"""Training the span model in a process of its own.

Training is pure computation, much of it in compiled code that keeps Python's interpreter lock for tens
of milliseconds at a time; on a thread of the window's process that is a stalled frame each time. In a
child process the window's process only waits for messages. The child reports each pass, so progress
shows and Cancel ends the child at once. A frozen desktop build cannot start Python children the same
way, so there the training runs in the calling thread.
"""

from __future__ import annotations

import importlib
import multiprocessing
import sys
from collections.abc import Sequence
from queue import Empty
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.domain.progress import Progress
from annotator.services.child_processes import stop_child
from annotator.services.span_model import SpanModel, TrainingDocument

Found = list[list[tuple[int, int, str, float]]]

# Loaded with this module: imported at the first training, they held the window for tens of milliseconds.
for _name in (
    "multiprocessing.queues",
    "multiprocessing.popen_spawn_win32" if sys.platform == "win32" else "multiprocessing.popen_spawn_posix",
):
    importlib.import_module(_name)
_POLL_SECONDS = 0.2


def _predicted(model: SpanModel, texts: Sequence[str], minimum: float) -> Found:
    return [
        [(p.start, p.end, p.label, p.score) for p in found] for found in model.predict(texts, minimum=minimum)
    ]


def _child(
    queue: Any,
    documents: Sequence[TrainingDocument],
    labels: Sequence[str],
    longest: int,
    texts: Sequence[str],
    settings: tuple[int, float, float],
) -> None:
    epochs, seconds, minimum = settings
    try:
        model = SpanModel(labels, longest)
        ran = model.train(
            documents,
            epochs=epochs,
            seconds=seconds,
            step=lambda done, total: queue.put(("step", done, total)),
        )
        queue.put(("done", ran, _predicted(model, texts, minimum)))
    except BaseException as error:  # reported to the parent, which raises it as the user's error
        queue.put(("error", f"{type(error).__name__}: {error}"))


def train_and_predict_spans(
    documents: Sequence[TrainingDocument],
    labels: Sequence[str],
    longest: int,
    texts: Sequence[str],
    progress: Progress,
    *,
    epochs: int,
    seconds: float,
    minimum: float,
) -> tuple[int, Found]:
    """Train on ``documents`` and predict on ``texts``; returns (passes run, spans found per text)."""
    if getattr(sys, "frozen", False):
        model = SpanModel(labels, longest)
        ran = model.train(documents, epochs=epochs, seconds=seconds, step=progress.step)
        return ran, _predicted(model, texts, minimum)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(
        target=_child,
        args=(queue, list(documents), list(labels), longest, list(texts), (epochs, seconds, minimum)),
        daemon=True,
        name="annotator-model",
    )
    child.start()
    done, total = 0, epochs
    try:
        while True:
            try:
                message = queue.get(timeout=_POLL_SECONDS)
            except Empty:
                progress.step(done, total)  # raises Cancelled when the user cancelled
                if not child.is_alive() and queue.empty():
                    raise AnnotatorError(
                        f"training the model stopped unexpectedly (exit code {child.exitcode})"
                    ) from None
                continue
            if message[0] == "step":
                done, total = message[1], message[2]
                progress.step(done, total)
            elif message[0] == "done":
                return int(message[1]), message[2]
            else:
                raise AnnotatorError(f"training the model failed: {message[1]}")
    finally:
        stop_child(child, queue)
