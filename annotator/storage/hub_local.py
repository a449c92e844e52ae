"""A project's side of the hub sync: the address, what changed here since it was sent, the hub's version
of each row, and how far the hub's changes have been read. The triggers of migration 0011 fill
``hub_pending``; nothing here talks to the hub.

Keys are per kind: a span's or gold span's id, a label's name, a rename's id, a document's id (for
``documents``, the annotator's own ``notes`` and ``review_statuses``), ``document id + U+001F +
annotator`` for ``statuses``, and document id, start, end and label joined by U+001F for
``gold_rejections``. Of the structure (migration 0015): a relation's id, span id + name for
``span_attributes``, document id, annotator, label set and value for ``document_labels``, a relation
type's or label set's name, label + name for ``label_attributes``, and an ``activity`` row's number. Of
the gold structure (migration 0016): a gold relation's id, gold span id + name for
``gold_span_attributes``, and document id, label set and value for ``gold_document_labels``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from annotator.domain.models import utc_now
from annotator.storage.database import Database
from annotator.storage.settings import get_setting

URL_KEY = "hub.url"
CURSOR_KEY = "hub.cursor"
STATUS_KEY_SEPARATOR = "\x1f"
_KEYS = "(SELECT value FROM json_each(?))"

# Everything that syncs, as (kind, SELECT of its keys): marked pending when a project connects.
_EVERYTHING = (
    ("documents", "SELECT id FROM documents"),
    ("labels", "SELECT name FROM labels"),
    ("spans", "SELECT id FROM spans"),
    ("statuses", "SELECT document_id || char(31) || annotator FROM document_status"),
    ("notes", "SELECT id FROM documents WHERE note != ''"),
    ("gold_spans", "SELECT id FROM gold_spans"),
    (
        "gold_rejections",
        'SELECT document_id || char(31) || start || char(31) || "end" || char(31) || label '
        "FROM gold_rejections",
    ),
    ("review_statuses", "SELECT document_id FROM review_status"),
    ("relation_types", "SELECT name FROM relation_types"),
    ("label_attributes", "SELECT label || char(31) || name FROM label_attributes"),
    ("document_label_sets", "SELECT name FROM document_label_sets"),
    ("relations", "SELECT id FROM relations"),
    ("span_attributes", "SELECT span_id || char(31) || name FROM span_attributes"),
    (
        "document_labels",
        "SELECT document_id || char(31) || annotator || char(31) || label_set || char(31) || value "
        "FROM document_labels",
    ),
    ("gold_relations", "SELECT id FROM gold_relations"),
    ("gold_span_attributes", "SELECT span_id || char(31) || name FROM gold_span_attributes"),
    (
        "gold_document_labels",
        "SELECT document_id || char(31) || label_set || char(31) || value FROM gold_document_labels",
    ),
    ("activity", "SELECT CAST(id AS TEXT) FROM activity"),
)


def hub_url(database: Database) -> str | None:
    return get_setting(database, URL_KEY) or None


def connect(database: Database, url: str, kinds: Iterable[str]) -> None:
    """Remember the hub; everything here of ``kinds`` is to be sent. Another hub's versions are forgotten."""
    db = database.joined()
    if hub_url(database) != url:
        _forget(database)
    _set(database, URL_KEY, url)
    wanted = set(kinds)
    for kind, keys in (entry for entry in _EVERYTHING if entry[0] in wanted):
        db.execute(f"INSERT OR IGNORE INTO hub_pending (kind, key) SELECT ?, t.* FROM ({keys}) AS t", [kind])


def disconnect(database: Database) -> None:
    database.joined()
    _forget(database)
    database.conn.execute("DELETE FROM settings WHERE key = ?", (URL_KEY,))


def _forget(database: Database) -> None:
    database.conn.execute("DELETE FROM hub_pending")
    database.conn.execute("DELETE FROM hub_versions")
    database.conn.execute("DELETE FROM settings WHERE key = ?", (CURSOR_KEY,))


# A sync changes rows spread over the whole project: 10,000 spans among 500,000 touch tens of thousands
# of pages, and with SQLite's default 2 MB cache the transaction spilled pages to disk and read them back
# (receiving 10,000 changed spans took twice as long). Memory is taken only as pages are read.
SYNC_CACHE_KIB = 131_072


def widen_cache(database: Database) -> None:
    """Give this connection a cache large enough for a sync's batches (per connection, not stored)."""
    database.conn.execute(f"PRAGMA cache_size = -{SYNC_CACHE_KIB}")


def cursor(database: Database) -> int:
    return int(get_setting(database, CURSOR_KEY, "0"))


def set_cursor(database: Database, value: int) -> None:
    database.joined()
    _set(database, CURSOR_KEY, str(value))


def _set(database: Database, key: str, value: str) -> None:
    database.conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def pending(database: Database, kind: str, limit: int, after: str = "") -> list[tuple[str, int]]:
    """Up to ``limit`` (key, edits) of ``kind`` after ``after``, changed here and not yet accepted."""
    rows = database.conn.execute(
        "SELECT key, edits FROM hub_pending WHERE kind = ? AND key > ? ORDER BY key LIMIT ?",
        (kind, after, limit),
    ).fetchall()
    return [(str(key), int(edits)) for key, edits in rows]


def pending_keys(database: Database, kind: str, keys: Iterable[str]) -> set[str]:
    rows = database.conn.execute(
        f"SELECT key FROM hub_pending WHERE kind = ? AND key IN {_KEYS}", (kind, json.dumps(list(keys)))
    )
    return {str(row[0]) for row in rows}


def pending_count(database: Database) -> int:
    return int(database.conn.execute("SELECT COUNT(*) FROM hub_pending").fetchone()[0])


def versions(database: Database, kind: str, keys: Iterable[str]) -> dict[str, int]:
    rows = database.conn.execute(
        f"SELECT key, version FROM hub_versions WHERE kind = ? AND key IN {_KEYS}",
        (kind, json.dumps(list(keys))),
    )
    return {str(key): int(version) for key, version in rows}


def record_versions(database: Database, kind: str, items: Sequence[tuple[str, int]]) -> None:
    """The hub's versions of these rows, now held here; they are no longer pending."""
    db = database.joined()
    db.conn.executemany(
        "INSERT INTO hub_versions (kind, key, version) VALUES (?, ?, ?) "
        "ON CONFLICT (kind, key) DO UPDATE SET version = excluded.version",
        [(kind, key, version) for key, version in items],
    )
    db.conn.executemany(
        "DELETE FROM hub_pending WHERE kind = ? AND key = ?", [(kind, key) for key, _ in items]
    )


def acknowledge(database: Database, kind: str, items: Sequence[tuple[str, int, int]]) -> None:
    """(key, edits sent, version): the hub accepted them. A key edited again since stays pending."""
    db = database.joined()
    db.conn.executemany(
        "INSERT INTO hub_versions (kind, key, version) VALUES (?, ?, ?) "
        "ON CONFLICT (kind, key) DO UPDATE SET version = excluded.version",
        [(kind, key, version) for key, _, version in items],
    )
    db.conn.executemany(
        "DELETE FROM hub_pending WHERE kind = ? AND key = ? AND edits = ?",
        [(kind, key, edits) for key, edits, _ in items],
    )


def forget_versions(database: Database, kind: str, keys: Iterable[str]) -> None:
    """Rows the hub turned out not to have: they will be sent as new."""
    db = database.joined()
    db.conn.executemany("DELETE FROM hub_versions WHERE kind = ? AND key = ?", [(kind, key) for key in keys])


def drop_pending(database: Database, kind: str, keys: Iterable[str]) -> None:
    """Changes that are not this member's to send (a colleague's span from a merge, say)."""
    db = database.joined()
    db.conn.executemany("DELETE FROM hub_pending WHERE kind = ? AND key = ?", [(kind, key) for key in keys])


def note_rename(database: Database, old: str, new: str) -> None:
    """A label renamed here: when connected, the rename is sent, named so that renames sort as made."""
    now = utc_now()
    record_rename(database, f"{now}/{uuid.uuid4().hex[:12]}", old, new, now)


def record_rename(database: Database, rename_id: str, old: str, new: str, renamed_at: str) -> None:
    """A label renamed here while connected (or a rename the hub sent): every project renames it too."""
    db = database.joined()
    db.execute(
        "INSERT OR IGNORE INTO hub_label_renames (id, old_name, new_name, renamed_at) "
        "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM settings WHERE key = ?)",
        [rename_id, old, new, renamed_at, URL_KEY],
    )


def renames(database: Database) -> dict[str, str]:
    """Old name -> the name it was last renamed to, over every rename known here."""
    rows = database.conn.execute("SELECT old_name, new_name FROM hub_label_renames ORDER BY id")
    return {str(old): str(new) for old, new in rows}


@contextmanager
def relabelling(database: Database, annotator: str, others_send: Iterable[str] = ()) -> Iterator[None]:
    """A label's rename reaches rows that are not this project's to send: colleagues' spans (each sends
    their own), and ``others_send`` kinds (a rename that came from the hub: its curator sent those). The
    marks the rename leaves on them are dropped; what was waiting to be sent before it still is."""
    before = _marks(database)
    yield
    echoes = _marks(database) - before
    spans = [key for kind, key in echoes if kind == "spans"]
    rows = database.conn.execute(
        f"SELECT id FROM spans WHERE id IN {_KEYS} AND annotator != ?", (json.dumps(spans), annotator)
    )
    theirs = {("spans", str(row[0])) for row in rows}
    dropped = {(kind, key) for kind, key in echoes if kind in set(others_send)} | theirs
    database.joined().conn.executemany("DELETE FROM hub_pending WHERE kind = ? AND key = ?", dropped)


def _marks(database: Database) -> set[tuple[str, str]]:
    return {(str(kind), str(key)) for kind, key in database.conn.execute("SELECT kind, key FROM hub_pending")}


@contextmanager
def not_sent(database: Database, kinds: Iterable[str]) -> Iterator[None]:
    """Changes made inside that are not this project's to send (rows that went with a colleague's span
    the hub removed): their new marks of ``kinds`` are dropped."""
    wanted = set(kinds)
    before = _marks(database)
    yield
    echoes = [(kind, key) for kind, key in _marks(database) - before if kind in wanted]
    database.joined().conn.executemany("DELETE FROM hub_pending WHERE kind = ? AND key = ?", echoes)
