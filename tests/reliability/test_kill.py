"""Killed mid-write: a writer process is SIGKILLed at random moments, again and again, on one database.

After every kill the file must pass SQLite's integrity and foreign-key checks, hold every acknowledged
edit, and show the edit that was in flight either wholly applied or not at all. Writers are started from
a fork server that has already imported Annotator, so a kill cycle costs milliseconds, not an interpreter
start.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest

from annotator.domain.models import Span
from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.services.samples import open_project
from tests.reliability import writer_child
from tests.reliability.ledger import Event, Ledger, read_events, read_only, span_states

KILLS = 50
SLOW_KILLS = 1_000
# Most kills come this long after the writer's first edit began; some while it is still opening the project.
KILL_AFTER_SECONDS = (0.0, 0.1)
KILLS_WHILE_STARTING = 0.1


@pytest.fixture(scope="module")
def fork_server() -> ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([writer_child.__name__])
    return context


@pytest.fixture
def seeded_db(db_path: Path) -> Iterator[Path]:
    open_project(db_path, annotator="alice", samples=True).close()
    yield db_path


@dataclass
class KillFigures:
    kills: int = 0
    kills_while_editing: int = 0
    acknowledged: int = 0
    in_flight_applied: int = 0
    in_flight_lost: int = 0
    retries: int = 0


def kill_and_verify(context: ForkServerContext, db_path: Path, kills: int, seed: int) -> KillFigures:
    rng = random.Random(seed)
    ledger = Ledger()
    figures = KillFigures()
    for cycle in range(kills):
        log = db_path.with_name(f"cycle-{cycle}.log")
        writer = context.Process(
            target=writer_child.run_until_killed, args=(str(db_path), str(log), rng.randrange(2**32), "alice")
        )
        writer.start()
        if rng.random() >= KILLS_WHILE_STARTING:
            wait_for_first_edit(writer, log)
        time.sleep(rng.uniform(*KILL_AFTER_SECONDS))
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        assert writer.exitcode == -signal.SIGKILL, f"the writer ended by itself (exit code {writer.exitcode})"

        acknowledged, in_flight = ledger.apply(read_events(log))
        applied = ledger.verify(db_path, in_flight)
        figures.kills += 1
        figures.kills_while_editing += acknowledged > 0 or in_flight is not None
        figures.acknowledged += acknowledged
        if in_flight is not None:
            figures.in_flight_applied += applied
            figures.in_flight_lost += not applied
            if retry_in_flight(db_path, in_flight):
                ledger.expected[in_flight.span_id or ""] = in_flight.state
                figures.retries += 1
        log.unlink(missing_ok=True)
    return figures


def wait_for_first_edit(writer: BaseProcess, log: Path) -> None:
    deadline = time.monotonic() + 30
    while not (log.exists() and log.stat().st_size):
        assert writer.is_alive(), f"the writer stopped before editing (exit code {writer.exitcode})"
        assert time.monotonic() < deadline, "the writer did not start editing within 30 s"
        time.sleep(0.001)


def retry_in_flight(db_path: Path, edit: Event) -> bool:
    """Do the interrupted edit again, as undo/redo would: an upsert by UUID, so never a duplicate."""
    if edit.op not in {"restore", "relabel"} or edit.span_id is None or edit.state is None:
        return False
    with read_only(db_path) as conn:
        before = span_states(conn)
    with Project.open(db_path, annotator="alice") as project:
        if edit.op == "restore" and edit.span_id not in before:  # its commit did not land: redo it
            annotation.restore_span(project, Span(id=edit.span_id, **edit.state))
        elif edit.op == "relabel":
            seen = reading.get_span(project, edit.span_id)
            annotation.relabel_span(project, seen, edit.state["label"])
    with read_only(db_path) as conn:
        after = span_states(conn)
    assert after[edit.span_id] == edit.state
    assert set(after) == set(before) | {edit.span_id}, "the retried edit added or lost other spans"
    return True


def report(figures: KillFigures, seconds: float) -> None:
    print(
        f"\n{figures.kills} kills ({figures.kills_while_editing} while editing) in {seconds:.1f} s: "
        f"{figures.acknowledged} acknowledged edits all present; in-flight edits found applied "
        f"{figures.in_flight_applied}, absent {figures.in_flight_lost}; {figures.retries} retried without "
        "duplicates"
    )


def test_every_acknowledged_edit_survives_repeated_kills(
    fork_server: ForkServerContext, seeded_db: Path
) -> None:
    started = time.perf_counter()
    figures = kill_and_verify(fork_server, seeded_db, KILLS, seed=6)
    report(figures, time.perf_counter() - started)
    # The kills must hit a writer at work, not only while it starts.
    assert figures.kills_while_editing >= KILLS // 2
    assert figures.acknowledged > KILLS


@pytest.mark.slow
def test_a_thousand_kills(fork_server: ForkServerContext, seeded_db: Path) -> None:
    started = time.perf_counter()
    figures = kill_and_verify(fork_server, seeded_db, SLOW_KILLS, seed=1_000)
    report(figures, time.perf_counter() - started)
    assert figures.kills_while_editing >= SLOW_KILLS // 2
