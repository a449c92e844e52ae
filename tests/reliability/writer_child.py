"""A writer process for the reliability tests: edits spans through the same services the window uses.

Before each edit it appends an ``intent`` line to its log, and after the service call returns (the commit
is done) an ``ack`` line, each with one ``write`` call, so that a parent that kills it knows every
acknowledged edit and the one edit that may have been in flight. Each line is JSON; a span's state is
the dict ``state_of`` returns.
"""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path
from typing import Any

from annotator.domain.models import Span
from annotator.services import annotation
from annotator.services.project import Project
from annotator.storage.documents import document_ids, get_document
from annotator.storage.labels import label_names
from annotator.storage.spans import spans_for_document

# Large notes make some transactions span many pages, so that kills land inside multi-page commits.
LARGE_NOTE = "长笔记 👩‍💻 " * 4_000
# Over a thousand kill cycles the project would otherwise grow without end and each cycle slow down.
MAX_SPANS = 400


def state_of(span: Span) -> dict[str, Any]:
    return {
        "document_id": span.document_id,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "text": span.text,
        "annotator": span.annotator,
        "note": span.note,
    }


class EditLog:
    def __init__(self, path: str) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, **event: Any) -> None:
        # CLOCK_MONOTONIC is system-wide on Linux: the two writers' times can be compared.
        event["t"] = time.monotonic()
        os.write(self._fd, (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8"))


class Writer:
    """Random edits on this annotator's spans: tag, relabel, note, resize, remove, restore."""

    def __init__(self, project: Project, log: EditLog, seed: int) -> None:
        self.project = project
        self.log = log
        self.rng = random.Random(seed)
        database = project.database
        self.texts = {doc: get_document(database, doc).text for doc in sorted(document_ids(database))}
        self.labels = sorted(label_names(database))
        self.spans: dict[str, Span] = {
            span.id: span
            for doc in self.texts
            for span in spans_for_document(database, doc, [project.annotator])
        }
        self.removed: list[Span] = []
        self.seq = 0

    def edit(self) -> None:
        self.seq += 1
        roll = self.rng.random()
        if len(self.spans) > MAX_SPANS:
            self._remove()
        elif not self.spans or roll < 0.3 or (roll < 0.45 and len(self.spans) < 50):
            self._tag()
        elif roll < 0.45 and self.removed:
            self._restore()
        elif roll < 0.6:
            self._relabel()
        elif roll < 0.75:
            self._note()
        elif roll < 0.85:
            self._resize()
        else:
            self._remove()

    def _pick(self) -> Span:
        return self.spans[self.rng.choice(sorted(self.spans))]

    def _range(self, document_id: str) -> tuple[int, int]:
        length = len(self.texts[document_id])
        start = self.rng.randrange(0, length - 1)
        return start, min(length, start + self.rng.randint(1, 40))

    def _tag(self) -> None:
        document_id = self.rng.choice(sorted(self.texts))
        start, end = self._range(document_id)
        label = self.rng.choice(self.labels)
        intended = {
            "document_id": document_id,
            "start": start,
            "end": end,
            "label": label,
            "text": self.texts[document_id][start:end],
            "annotator": self.project.annotator,
            "note": "",
        }
        self.log.write(kind="intent", seq=self.seq, op="tag", span_id=None, state=intended)
        span = annotation.tag_span(self.project, document_id, start, end, label)
        self.log.write(kind="ack", seq=self.seq, op="tag", span_id=span.id, state=state_of(span))
        self.spans[span.id] = span

    def _change(self, op: str, before: Span, intended: Span, call: Any) -> None:
        self.log.write(kind="intent", seq=self.seq, op=op, span_id=before.id, state=state_of(intended))
        edit = call()
        self.log.write(kind="ack", seq=self.seq, op=op, span_id=before.id, state=state_of(edit.after))
        self.spans[edit.after.id] = edit.after

    def _relabel(self) -> None:
        before = self._pick()
        label = self.rng.choice(self.labels)
        after = before.model_copy(update={"label": label})
        self._change("relabel", before, after, lambda: annotation.relabel_span(self.project, before, label))

    def _note(self) -> None:
        before = self._pick()
        note = LARGE_NOTE if self.rng.random() < 0.1 else f"note {self.seq} ✓ " * self.rng.randint(0, 30)
        after = before.model_copy(update={"note": note})
        self._change("note", before, after, lambda: annotation.set_span_note(self.project, before, note))

    def _resize(self) -> None:
        before = self._pick()
        start, end = self._range(before.document_id)
        after = before.model_copy(
            update={"start": start, "end": end, "text": self.texts[before.document_id][start:end]}
        )
        self._change(
            "resize", before, after, lambda: annotation.resize_span(self.project, before, start, end)
        )

    def _remove(self) -> None:
        span = self._pick()
        self.log.write(kind="intent", seq=self.seq, op="remove", span_id=span.id, state=None)
        removed = annotation.remove_span(self.project, span)
        self.log.write(kind="ack", seq=self.seq, op="remove", span_id=span.id, state=None)
        del self.spans[span.id]
        self.removed.append(removed)

    def _restore(self) -> None:
        span = self.removed.pop(self.rng.randrange(len(self.removed)))
        self.log.write(kind="intent", seq=self.seq, op="restore", span_id=span.id, state=state_of(span))
        annotation.restore_span(self.project, span)
        self.log.write(kind="ack", seq=self.seq, op="restore", span_id=span.id, state=state_of(span))
        self.spans[span.id] = span


def run_until_killed(db_path: str, log_path: str, seed: int, annotator: str) -> None:
    """Edit forever; the parent ends this process with SIGKILL."""
    project = Project.open(Path(db_path), annotator=annotator)
    writer = Writer(project, EditLog(log_path), seed)
    while True:
        writer.edit()


def run_edits(
    db_path: str, log_path: str, seed: int, annotator: str, edits: int, barrier: Any, other: str
) -> None:
    """Make ``edits`` edits alongside another writer, then log how many of the other's spans are seen."""
    project = Project.open(Path(db_path), annotator=annotator)
    log = EditLog(log_path)
    writer = Writer(project, log, seed)
    barrier.wait()  # start together
    for number in range(edits):
        if number == edits // 2:
            # Meet halfway: SQLite's lock is not handed out fairly, and a writer whose edits follow each
            # other with no pause could otherwise make all of them before the other's first got in.
            barrier.wait()
        writer.edit()
    barrier.wait()  # and look at the other's work once both are done
    seen = sum(len(spans_for_document(project.database, doc, [other])) for doc in writer.texts)
    log.write(kind="seen", annotator=other, spans=seen)
    project.close()
