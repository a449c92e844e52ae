"""The records of one import file, read and checked, in this process or in a process of its own.

Reading and checking (the JSON, the record models, every span's offsets) is pure computation on the file;
storing is SQLite's work in the import's transaction. For a large file of a format read a record at a
time, the reading runs in a child process while this one stores what it has read, so that on two cores an
import takes about the longer of the two instead of their sum. The child is a few batches ahead at most
(``_AHEAD``): then it waits for this process to take one, so neither holds more than a few of the file.

A small file is read here (starting the child costs more than it saves), and so is every file in a frozen
desktop build, which cannot start Python children the same way.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import sys
import threading
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain.collector import collector_paused
from annotator.domain.errors import AnnotatorError, InputError
from annotator.domain.models import utc_now
from annotator.formats.offset_readings import OffsetUnit
from annotator.formats.records import ParsedDocument, ReadOptions, ReadResult, Rejection
from annotator.formats.registry import FORMATS, Format
from annotator.services import importing_wire as wire
from annotator.services import pipe_frames
from annotator.services.child_processes import stop_child
from annotator.services.importing_resolve import ResolvedDocument, resolve
from annotator.services.importing_rows import ready_rows
from annotator.services.importing_runs import Checked, checked_runs

# Files from this size on are read in a child process (when their format is read a record at a time).
# Starting the child and loading the readers there took 0.45-0.6 s; reading and checking took about
# 0.033 s per MB here, so the child saves time from about 15 MB on.
CHILD_FROM_BYTES = 16_000_000
# Records sent to this process at a time.
CHILD_BATCH = 250
# Batches the child may have ready before the parent takes them.
_AHEAD = 4
_POLL_SECONDS = 0.2


@dataclass(frozen=True)
class CheckSettings:
    """What checking a record needs besides the record (sent to the child as it is)."""

    encoding: str
    # Whose spans these are when the file does not say.
    annotator: str
    unit: OffsetUnit
    # The record field naming a stable article id (``--update-by``), if any.
    update_by: str | None = None
    # When the import happened: the created and updated time of every span row it makes.
    stamp: str = field(default_factory=utc_now)


def checked_records(
    path: Path,
    chosen: Format,
    settings: CheckSettings,
    result: ReadResult,
    waiting: Callable[[], None],
) -> Generator[Checked, None, None]:
    """Every record of ``path`` read as ``chosen`` and checked, in the file's order.

    The reader's own rejections, notes and dropped content are added to ``result`` as they become known
    (all of them by the end). ``waiting()`` is called while a child reads ahead of this process, every
    fraction of a second: raising there (``Cancelled``) stops the child. An ``InputError`` of the reader
    is raised here as the reader raised it.
    """
    if chosen.stream is None or getattr(sys, "frozen", False) or _size(path) < CHILD_FROM_BYTES:
        yield from _checked_here(path, chosen, settings, result)
    else:
        yield from _checked_in_child(path, chosen, settings, result, waiting)


def start_method() -> str:
    """How the reading child starts: forked from a process whose only thread is its main one (the
    command line), else spawned (the window).

    A forked child starts at once, with this process's modules already loaded; a spawned one imports them
    again first, which put its first record 0.2-0.3 s after the start of a 20,000-article import. Forking
    copies the calling thread only, so a lock another thread held (Qt's, a library's) would stay held
    in the child for good: with any other thread, and where threads cannot be counted, the child is
    spawned. The child never touches this process's database connection (SQLite forbids it)."""
    try:
        threads = len(os.listdir("/proc/self/task"))  # every thread of the process, Qt's included
    except OSError:
        return "spawn"
    return "fork" if threads == 1 else "spawn"


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader says what is wrong with it


def _checked_here(
    path: Path, chosen: Format, settings: CheckSettings, result: ReadResult
) -> Iterator[Checked]:
    options = ReadOptions(encoding=settings.encoding)
    if chosen.stream is not None:
        documents: Iterator[ParsedDocument] = chosen.stream(path, options, result)
    else:
        result.extend(chosen.read(path, options))
        documents = iter(result.documents)
    yield from checked_runs(documents, lambda parsed: _checked(parsed, settings), join=not settings.update_by)


def _checked(parsed: ParsedDocument, settings: CheckSettings) -> ResolvedDocument | Rejection:
    outcome = resolve(parsed, annotator=settings.annotator, unit=settings.unit)
    if isinstance(outcome, Rejection):
        return outcome
    if settings.update_by:
        outcome.stable_id = parsed.field_value(settings.update_by)
        if outcome.stable_id is None:
            return Rejection(
                parsed.path,
                parsed.line,
                f"has no field {settings.update_by!r} to tell which article it is (--update-by)",
                settings.update_by,
            )
    outcome.ready = ready_rows(outcome, parsed.id, settings.stamp)
    if outcome.ready is not None:
        outcome.spans = []  # the rows hold them (``importing_rows.drafts_of`` makes them again)
    return outcome


def _checked_in_child(
    path: Path,
    chosen: Format,
    settings: CheckSettings,
    result: ReadResult,
    waiting: Callable[[], None],
) -> Iterator[Checked]:
    forked = start_method() == "fork"
    context = multiprocessing.get_context("fork") if forked else multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_read_in_child,
        args=(sender, path, chosen.name, settings),
        daemon=True,
        name="annotator-import-reader",
    )
    child.start()
    sender.close()  # this process's copy: the child's end closing is then seen here as the end
    frames = pipe_frames.Receiver(receiver)
    try:
        while True:
            while not receiver.poll(_POLL_SECONDS):
                waiting()
            try:
                message = wire.loads(frames.receive())
            except (EOFError, OSError):  # the child ended between messages, or in the middle of one
                child.join(timeout=5)
                raise AnnotatorError(
                    f"{path}: reading the file stopped unexpectedly (exit code {child.exitcode})"
                ) from None
            kind = message[0]
            if kind == "records":
                _, records, rejections = message
                result.rejections += [wire.rejection_from_wire(item, path) for item in rejections]
                for item, has_spans in records:
                    yield wire.from_wire(item, path), has_spans
            elif kind == "end":
                notes, dropped = wire.unpickled(message[1])
                result.notes += notes
                for where, counts in dropped.items():
                    result.drop(where, counts)
                return
            elif kind == "input-error":
                detail, where, line, field = wire.unpickled(message[1])
                raise InputError(detail, path=where, line=line, field=field)
            else:
                raise AnnotatorError(f"{path}: reading the file failed: {message[1]}")
    finally:
        stop_child(child, receiver)


def _read_in_child(sender: Any, path: Path, format_name: str, settings: CheckSettings) -> None:
    """The child's work: every record checked, sent a batch at a time, then what the reader noted.

    A thread of the child sends while its main thread reads on: sending waits until the parent takes the
    batch, which it does between two of its own batches, and reading would otherwise wait with it."""
    outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=_AHEAD)

    def send(*message: object) -> None:
        outbox.put(wire.dumps(message))

    def sending() -> None:
        while (data := outbox.get()) is not None:
            pipe_frames.send(sender, data)

    courier = threading.Thread(target=sending, name="annotator-import-sender")
    courier.start()
    try:
        with collector_paused():  # records form no cycles; see collector_paused
            result = ReadResult()
            batch: list[tuple[wire.Wire, bool]] = []
            sent = 0  # the reader's rejections already sent

            def rejections() -> list[wire.Wire]:
                return [wire.to_wire(rejection, path) for rejection in result.rejections[sent:]]

            for outcome, has_spans in _checked_here(path, FORMATS[format_name], settings, result):
                batch.append((wire.to_wire(outcome, path), has_spans))
                if len(batch) >= CHILD_BATCH:
                    send("records", batch, rejections())
                    sent, batch = len(result.rejections), []
            send("records", batch, rejections())
            send("end", wire.pickled((result.notes, result.dropped)))
    except InputError as error:
        send("input-error", wire.pickled((error.detail, error.path, error.line, error.field)))
    except BaseException as error:  # reported to the parent, which raises it as the user's error
        send("failed", f"{type(error).__name__}: {error}")
    finally:
        outbox.put(None)
        courier.join()
        sender.close()
