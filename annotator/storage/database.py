"""Opening a project database and running write transactions on it.

Every user action is one write transaction opened with ``BEGIN IMMEDIATE``: in WAL mode a plain ``BEGIN``
takes the write lock only at the first write, and a second process then fails with "database is locked"
instead of waiting for its turn.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from annotator.domain.errors import StorageError

BUSY_TIMEOUT_MS = 10_000


class Database:
    """A project database: one SQLite file (or memory), foreign keys on, WAL on."""

    def __init__(self, path: str | Path | None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            conn = self._connect()
            self.db = sqlite_utils.Database(conn)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if self.path is not None and not read_only:
                with self.db.ensure_autocommit_on():
                    conn.execute("PRAGMA journal_mode = WAL")
                    conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as error:
            raise StorageError(f"{self.describe()}: cannot open the database ({error})") from error

    def _connect(self) -> sqlite3.Connection:
        if self.path is None:
            return sqlite3.connect(":memory:", check_same_thread=False)
        if self.read_only:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            return sqlite3.connect(uri, uri=True, check_same_thread=False)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        return sqlite3.connect(str(self.path), check_same_thread=False)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def describe(self) -> str:
        return str(self.path) if self.path is not None else "in-memory database"

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction: all of it is committed, or none of it.

        Nested calls become savepoints of the outer transaction.
        """
        if self.read_only:
            raise StorageError(f"{self.describe()} is open read-only; changes cannot be saved")
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise environment_error(error, self.describe()) from error
        try:
            yield self.db
        except sqlite3.OperationalError as error:
            self.db.rollback()
            raise environment_error(error, self.describe()) from error
        except BaseException:
            self.db.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            self.db.rollback()
            raise environment_error(error, self.describe()) from error

    def query(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list[sqlite3.Row]:
        cursor = self.conn.execute(sql, params)
        cursor.row_factory = sqlite3.Row
        return list(cursor.fetchall())


_ENVIRONMENT_MESSAGES = {
    "database is locked": "the database is in use by another program and stayed locked",
    "database or disk is full": "the disk is full",
    "attempt to write a readonly database": "the database file is read-only",
    "disk i/o error": "the disk reported an input/output error",
    "unable to open database file": "the database file cannot be opened",
}


def environment_error(error: sqlite3.OperationalError, where: str) -> Exception:
    """Split "the environment failed" (tell the user) from "our bug" (let it crash with a traceback)."""
    text = str(error).lower()
    for needle, message in _ENVIRONMENT_MESSAGES.items():
        if needle in text:
            return StorageError(f"{where}: {message}; the change was not saved")
    return error
