"""A writer for the same-spans test: one analyst in two windows (or a window and the command line).

Each process keeps its own view of a shared set of spans, notes and statuses, as a window does, and edits
them through the services the window uses, naming what it saw. An edit the service refuses (someone else
changed the thing since) is logged as refused, and the view of that thing is read again, as the window
reloads. Every line of the log is JSON written with one ``write`` call: ``ack`` with the state before and
after the edit, or ``refused``.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.domain.errors import ConflictError
from annotator.domain.models import DocumentStatus, Span
from annotator.services import annotation, documents, reading
from annotator.services.project import Project


def span_key(span: Span) -> str:
    return f"span:{span.id}"


def span_state(span: Span | None) -> Any:
    return None if span is None else [span.start, span.end, span.label, span.note, span.updated]


class SharedWriter:
    def __init__(self, project: Project, log_path: str, seed: int, name: str) -> None:
        self.project = project
        self.name = name
        self.rng = random.Random(seed)
        self._fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.document_ids = [d.id for d in reading.list_documents(project)][:2]
        self.labels = [label.name for label in reading.list_labels(project)]
        self.seq = 0
        self.reload()

    def reload(self) -> None:
        self.spans = {s.id: s for d in self.document_ids for s in reading.document_spans(self.project, d)}
        self.notes = {d: reading.load_document(self.project, d).note for d in self.document_ids}
        self.statuses = {d: reading.document_summary(self.project, d).status for d in self.document_ids}

    def _log(self, **event: Any) -> None:
        os.write(self._fd, (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8"))

    def _try(self, key: str, before: Any, edit: Callable[[], Any]) -> None:
        try:
            after = edit()
        except ConflictError:
            self._log(kind="refused", key=key, before=before)
            self.reload()
            return
        self._log(kind="ack", key=key, before=before, after=after)

    def edit(self) -> None:
        self.seq += 1
        roll = self.rng.random()
        document_id = self.rng.choice(self.document_ids)
        if roll < 0.15:
            seen_note = self.notes[document_id]
            note = f"{self.name} {self.seq}"

            def set_note() -> str:
                documents.set_document_note(self.project, document_id, note, seen=seen_note)
                self.notes[document_id] = note
                return note

            self._try(f"note:{document_id}", seen_note, set_note)
        elif roll < 0.3:
            seen_status = self.statuses[document_id]
            status = self.rng.choice([s for s in DocumentStatus if s is not seen_status])

            def set_status() -> str:
                documents.set_status(self.project, document_id, status, seen=seen_status)
                self.statuses[document_id] = status
                return status.value

            self._try(f"status:{document_id}", seen_status.value, set_status)
        else:
            span = self.spans[self.rng.choice(sorted(self.spans))]
            self._try(span_key(span), span_state(span), lambda: self._span_edit(span, roll))

    def _span_edit(self, seen: Span, roll: float) -> Any:
        if roll < 0.5:
            edit = annotation.set_span_note(self.project, seen, f"{self.name} {self.seq}")
        elif roll < 0.75:
            label = self.rng.choice([name for name in self.labels if name != seen.label])
            edit = annotation.relabel_span(self.project, seen, label)
        else:
            start = max(0, seen.start + self.rng.choice([-1, 1]))
            edit = annotation.resize_span(self.project, seen, start, seen.end)
        self.spans[seen.id] = edit.after
        return span_state(edit.after)


def run(db_path: str, log_path: str, seed: int, name: str, edits: int, barrier: Any) -> None:
    project = Project.open(Path(db_path), annotator="alice")
    writer = SharedWriter(project, log_path, seed, name)
    barrier.wait()  # start together
    for _ in range(edits):
        writer.edit()
        # A pause between edits, as between a person's keystrokes: without it one process would take the
        # write lock again before the other's busy handler wakes, and they would take turns in long runs.
        time.sleep(writer.rng.uniform(0, 0.003))
    project.close()
