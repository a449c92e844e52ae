"""One analyst in two windows (or a window and the command line) editing the *same* spans, notes and
statuses at the same time. Every edit either stands in the file's history or was refused to its writer:
none is silently overwritten by an edit made on an older view."""

from __future__ import annotations

import json
import multiprocessing
from collections import Counter
from pathlib import Path
from typing import Any

from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.services.samples import open_project
from tests.reliability import shared_writer_child
from tests.reliability.shared_writer_child import span_key, span_state

EDITS_EACH = 400


def current_states(db_path: Path, document_ids: list[str]) -> dict[str, Any]:
    with Project.open(db_path, annotator="alice") as project:
        states: dict[str, Any] = {}
        for document_id in document_ids:
            document = reading.document_summary(project, document_id)
            states[f"note:{document_id}"] = reading.load_document(project, document_id).note
            states[f"status:{document_id}"] = document.status.value
            for span in reading.document_spans(project, document_id):
                states[span_key(span)] = span_state(span)
    return states


def freeze(value: Any) -> str:
    return json.dumps(value)


def test_edits_of_the_same_things_from_two_processes_stand_or_are_refused(db_path: Path) -> None:
    with open_project(db_path, annotator="alice", samples=True) as project:
        document_ids = [d.id for d in reading.list_documents(project)][:2]
        for document_id in document_ids:
            for start in range(10, 210, 20):
                annotation.tag_span(project, document_id, start, start + 8, "chips")
    initial = current_states(db_path, document_ids)

    context = multiprocessing.get_context("forkserver")
    barrier = context.Barrier(2)
    logs = [db_path.with_name(f"writer-{n}.log") for n in range(2)]
    writers = [
        context.Process(
            target=shared_writer_child.run, args=(str(db_path), str(log), n, f"w{n}", EDITS_EACH, barrier)
        )
        for n, log in enumerate(logs)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=300)
    assert [writer.exitcode for writer in writers] == [0, 0], "a writer crashed (its traceback is above)"

    events = [json.loads(line) for log in logs for line in log.read_text(encoding="utf-8").splitlines()]
    kinds = Counter(event["kind"] for event in events)
    assert kinds["ack"] + kinds["refused"] == 2 * EDITS_EACH
    assert kinds["refused"] > 0, "the writers never edited the same thing at once: the test proves nothing"
    final = current_states(db_path, document_ids)

    # Per thing, the acknowledged edits must chain from its first state to its last, each starting from
    # the state the one before it left: a path through every edit exactly once (an Euler path).
    acknowledged: dict[str, list[tuple[str, str]]] = {}
    for event in events:
        if event["kind"] == "ack":
            acknowledged.setdefault(event["key"], []).append(
                (freeze(event["before"]), freeze(event["after"]))
            )
    for key, edges in acknowledged.items():
        assert chains(freeze(initial[key]), freeze(final[key]), edges), (
            f"an acknowledged edit of {key} was lost"
        )
    for key in set(initial) | set(final):
        if key not in acknowledged:
            assert initial[key] == final[key], f"{key} changed without an acknowledged edit"
    print(
        f"\n2 x {EDITS_EACH} edits of the same 20 spans, 2 notes and 2 statuses: {kinds['ack']} stood, "
        f"{kinds['refused']} refused to their writer"
    )


def chains(start: str, end: str, edges: list[tuple[str, str]]) -> bool:
    """Whether the edges form one path from ``start`` to ``end`` that uses each edge once."""
    out: dict[str, list[str]] = {}
    balance: Counter[str] = Counter()
    for before, after in edges:
        out.setdefault(before, []).append(after)
        balance[before] += 1
        balance[after] -= 1
    balance[start] -= 1
    balance[end] += 1
    if any(balance.values()):
        return False
    # Hierholzer's walk from the start must use every edge.
    stack, used = [start], 0
    while stack:
        node = stack[-1]
        if out.get(node):
            stack.append(out[node].pop())
            used += 1
        else:
            stack.pop()
    return used == len(edges)
