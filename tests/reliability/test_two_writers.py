"""Two writers: two processes edit one database at the same time, as two windows (or the window and the
command line) would. Nothing may be lost, neither may crash, and each sees the other's work afterwards."""

from __future__ import annotations

import json
import multiprocessing
import time
from multiprocessing.context import ForkServerContext
from pathlib import Path

import pytest

from annotator.services.samples import open_project
from tests.reliability import writer_child
from tests.reliability.ledger import Ledger, read_events, read_only, span_states

EDITS_EACH = 1_000


@pytest.fixture(scope="module")
def fork_server() -> ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([writer_child.__name__])
    return context


def test_two_processes_write_concurrently_without_losing_anything(
    fork_server: ForkServerContext, db_path: Path
) -> None:
    open_project(db_path, annotator="alice", samples=True).close()
    barrier = fork_server.Barrier(2)
    names = {"alice": "bob", "bob": "alice"}
    logs = {name: db_path.with_name(f"{name}.log") for name in names}
    writers = [
        fork_server.Process(
            target=writer_child.run_edits,
            args=(str(db_path), str(logs[name]), seed, name, EDITS_EACH, barrier, other),
        )
        for seed, (name, other) in enumerate(names.items())
    ]
    started = time.perf_counter()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=300)
    seconds = time.perf_counter() - started
    assert [writer.exitcode for writer in writers] == [0, 0], "a writer crashed (its traceback is above)"

    ledger = Ledger()
    acknowledged = 0
    for log in logs.values():
        count, in_flight = ledger.apply(read_events(log))
        assert in_flight is None
        acknowledged += count
    assert acknowledged == 2 * EDITS_EACH
    ledger.verify(db_path, in_flight=None)

    lines = {name: [json.loads(line) for line in log.read_text().splitlines()] for name, log in logs.items()}
    spans = {name: [e["t"] for e in events if e["kind"] == "ack"] for name, events in lines.items()}
    overlap = min(times[-1] for times in spans.values()) - max(times[0] for times in spans.values())
    assert overlap > 0, "the writers did not run at the same time"

    with read_only(db_path) as conn:
        states = span_states(conn).values()
    for name, other in names.items():
        (seen,) = [event for event in lines[name] if event["kind"] == "seen"]
        others_spans = sum(1 for state in states if state["annotator"] == other)
        assert (seen["annotator"], seen["spans"]) == (other, others_spans)
    print(f"\n2 x {EDITS_EACH} concurrent edits in {seconds:.1f} s (writing together for {overlap:.1f} s)")
