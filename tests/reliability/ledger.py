"""What writer processes acknowledged, and checks of a database file against it (plain sqlite3: the test
reads the file as any other program would, not through Annotator's storage layer)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

State = dict[str, Any]


@dataclass
class Event:
    kind: str
    seq: int
    op: str
    span_id: str | None
    state: State | None


def read_events(path: Path) -> list[Event]:
    """Complete lines only: a line cut short by the kill was never acknowledged."""
    if not path.exists():
        return []
    events = []
    for line in path.read_bytes().split(b"\n")[:-1]:
        data = json.loads(line)
        if data["kind"] in {"intent", "ack"}:
            events.append(Event(data["kind"], data["seq"], data["op"], data["span_id"], data["state"]))
    return events


@dataclass
class Ledger:
    """The expected state of every span a writer has touched (None: deleted)."""

    expected: dict[str, State | None] = field(default_factory=dict)

    def apply(self, events: list[Event]) -> tuple[int, Event | None]:
        """Record the acknowledged edits; return their number and the edit in flight, if any."""
        acked = {event.seq for event in events if event.kind == "ack"}
        in_flight = None
        for event in events:
            if event.kind == "ack":
                assert event.span_id is not None
                self.expected[event.span_id] = event.state
            elif event.seq not in acked:
                assert in_flight is None, "a writer makes one edit at a time"
                in_flight = event
        return len(acked), in_flight

    def verify(self, db_path: Path, in_flight: Event | None) -> bool:
        """Check the file; return whether the edit in flight was committed. Accepts what it finds for it."""
        with read_only(db_path) as conn:
            check_sqlite_integrity(conn)
            actual = span_states(conn)
            check_spans_match_their_documents(conn)
            check_tags_set_their_status(conn)
        extra = set(actual) - set(self.expected)
        in_flight_applied = False
        if in_flight is not None and in_flight.op == "tag":
            assert len(extra) <= 1, f"more than one unacknowledged span appeared: {extra}"
            if extra:
                (span_id,) = extra
                assert actual[span_id] == in_flight.state, "the unacknowledged tag is not what was asked"
                self.expected[span_id] = actual[span_id]
                in_flight_applied = True
        else:
            assert not extra, f"spans appeared that nobody acknowledged: {extra}"
        for span_id, state in self.expected.items():
            found = actual.get(span_id)
            if in_flight is not None and span_id == in_flight.span_id and found != state:
                assert found == in_flight.state, f"span {span_id} is neither before nor after the edit"
                self.expected[span_id] = found
                in_flight_applied = True
                continue
            assert found == state, f"acknowledged span {span_id} is {found}, expected {state}"
        return in_flight_applied


@contextmanager
def read_only(db_path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        yield conn


def check_sqlite_integrity(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def span_states(conn: sqlite3.Connection) -> dict[str, State]:
    columns = ("document_id", "start", "end", "label", "text", "annotator", "note")
    rows = conn.execute('SELECT id, document_id, start, "end", label, text, annotator, note FROM spans')
    return {row[0]: dict(zip(columns, row[1:], strict=True)) for row in rows}


def check_spans_match_their_documents(conn: sqlite3.Connection) -> None:
    texts = dict(conn.execute("SELECT id, text FROM documents"))
    for span_id, document_id, start, end, text in conn.execute(
        'SELECT id, document_id, start, "end", text FROM spans'
    ):
        assert texts[document_id][start:end] == text, f"span {span_id} does not match its document"


def check_tags_set_their_status(conn: sqlite3.Connection) -> None:
    # tag_span writes the span and the annotator's "in progress" status in one transaction.
    missing = conn.execute(
        "SELECT DISTINCT s.document_id, s.annotator FROM spans s LEFT JOIN document_status st "
        "ON st.document_id = s.document_id AND st.annotator = s.annotator WHERE st.status IS NULL"
    ).fetchall()
    assert missing == [], f"spans without their status row (a half-applied tag): {missing}"
