"""Checked records as plain values, for their trip from the reading child to the storing process.

Copied without what storing never reads again (the record's raw text, its parsed spans, its fields) and
pickled as the dataclasses they are, 20,000 articles cost the child about 1 s; as plain values, half that.
The plain values are then written with ``marshal`` rather than ``pickle``: tuples, lists, text and numbers
are all a batch holds, and marshal wrote the benchmark's Prodigy batches in less than half the time. What
marshal cannot write (relations, document labels and the drafts of a record that has them, the reader's
notes) is pickled inside the message; most records have none. Both processes run the same Python, which
is all marshal's format needs.

The file's path is not sent with every record: a record from the file being read (nearly all) travels
with ``None`` in its place.
"""

from __future__ import annotations

import marshal
import pickle
from pathlib import Path
from typing import Any

from annotator.formats.records import ParsedDocument, Rejection
from annotator.services.importing_resolve import ReadyRows, ResolvedDocument

Wire = tuple[Any, ...]
# A rejected record's wire: (path, line, message, field); a checked one's is longer.
_REJECTION_LENGTH = 4


def dumps(message: tuple[Any, ...]) -> bytes:
    """A message of plain values (records' wires among them) as bytes."""
    return marshal.dumps(message)


def loads(data: bytes | memoryview) -> Any:
    return marshal.loads(data)


def pickled(value: Any) -> bytes:
    """What marshal cannot write (the reader's notes, an error's path), inside a message."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def unpickled(data: bytes) -> Any:
    return pickle.loads(data)


def to_wire(outcome: ResolvedDocument | Rejection, path: Path) -> Wire:
    """``outcome`` of a record of the file at ``path`` as plain values."""
    if isinstance(outcome, Rejection):
        return (_path(outcome.path, path), outcome.line, outcome.message, outcome.field)
    p, ready = outcome.parsed, outcome.ready
    return (
        (
            _path(p.path, path),
            p.line,
            p.title,
            p.source,
            p.id,
            p.note,
            p.span_text_flattens_newlines,
            p.statuses,
            _objects(p.relations),
            _objects(p.document_labels),
        ),
        outcome.text,
        outcome.sha256,
        _objects(outcome.spans),
        outcome.readings,
        outcome.unchecked,
        outcome.stable_id,
        _objects(outcome.relations),
        _objects(outcome.document_labels),
        None
        if ready is None
        else (ready.document_id, ready.rows, ready.gold_refused, ready.repeated, ready.ids_replaced),
        outcome.joined,
    )


def from_wire(item: Wire, path: Path) -> ResolvedDocument | Rejection:
    """The outcome ``to_wire(outcome, path)`` was made from."""
    if len(item) == _REJECTION_LENGTH:
        return rejection_from_wire(item, path)
    parsed, text, sha256, spans, readings, unchecked, stable_id, relations, labels, ready, joined = item
    where, line, title, source, file_id, note, flattens, statuses, parsed_relations, parsed_labels = parsed
    return ResolvedDocument(
        ParsedDocument(
            path=_path_back(where, path),
            line=line,
            text="",
            title=title,
            source=source,
            id=file_id,
            note=note,
            span_text_flattens_newlines=flattens,
            statuses=statuses,
            relations=tuple(_objects_back(parsed_relations)),
            document_labels=tuple(_objects_back(parsed_labels)),
        ),
        text,
        sha256,
        _objects_back(spans),
        readings,
        unchecked,
        stable_id,
        _objects_back(relations),
        _objects_back(labels),
        None if ready is None else ReadyRows(*ready),
        joined,
    )


def rejection_from_wire(item: Wire, path: Path) -> Rejection:
    where, line, message, field = item
    return Rejection(_path_back(where, path), line, message, field)


def _path(value: Path, path: Path) -> str | None:
    return None if value is path or value == path else str(value)


def _path_back(value: str | None, path: Path) -> Path:
    return path if value is None else Path(value)


def _objects(values: tuple[Any, ...] | list[Any]) -> bytes | None:
    # Relations, document labels and span drafts: dataclasses and named tuples, which marshal cannot write.
    return pickled(list(values)) if values else None


def _objects_back(data: bytes | None) -> list[Any]:
    return [] if data is None else unpickled(data)
