"""Whole-file work on a project database: copies with SQLite's backup API, and integrity checks.

Copies use the backup API rather than copying bytes: it reads one consistent snapshot even while another
program writes (the write-ahead log included), and writing into a live database takes its locks properly.
Nothing here creates a database that does not exist.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from annotator.domain.errors import StorageError
from annotator.storage.database import BUSY_TIMEOUT_MS, environment_error, read_only_connection
from annotator.storage.migrations import known_migrations, migrations
from annotator.storage.untrusted import harden


@contextmanager
def _connection(path: Path, *, read_only: bool) -> Iterator[sqlite3.Connection]:
    if not path.is_file():
        raise StorageError(f"{path} does not exist")
    try:
        if read_only:
            conn = read_only_connection(path)  # also a backup on a read-only disk, without its -shm
        else:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True)
    except sqlite3.Error as error:
        raise _storage_error(error, path) from error
    with closing(conn):
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if read_only:
            harden(conn)  # the file may be a backup or a colleague's: read, never run, what it holds
        try:
            yield conn
        except sqlite3.DatabaseError as error:
            raise _storage_error(error, path) from error
        except UnicodeDecodeError as error:  # text that is not UTF-8: a damaged or altered file
            raise StorageError(f"{path}: holds text that is not valid UTF-8 ({error.reason})") from error


def _storage_error(error: sqlite3.Error, path: Path) -> Exception:
    mapped = environment_error(error, str(path), outcome="nothing was changed")
    return mapped if mapped is not error else StorageError(f"{path}: {error}")


def copy_database(source: Path, target: Path) -> None:
    """Write a consistent copy of ``source`` to ``target`` (a new file, put in place only when complete)."""
    _refuse_stale_journal(target)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with _connection(source, read_only=True) as src, closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise _storage_error(error, target) from error
    except OSError as error:
        raise StorageError(f"{target}: cannot write the copy ({error.strerror})") from error
    finally:
        partial.unlink(missing_ok=True)


def _refuse_stale_journal(target: Path) -> None:
    # A new file put where a deleted database was would inherit that database's write-ahead log, which
    # SQLite would then read as part of the new file: a corrupt mix of the two.
    if target.exists():
        return
    for suffix in ("-wal", "-shm"):
        journal = target.with_name(target.name + suffix)
        if journal.exists():
            raise StorageError(
                f"{journal} still exists: Annotator may still have the deleted {target.name} open. Close it "
                f"first; if no Annotator is running, delete {target.name}-wal and {target.name}-shm"
            )


def copy_into(source: Path, target: Path) -> None:
    """Replace the content of the existing database ``target`` with that of ``source``, in one step.

    Programs that have ``target`` open see the new content on their next read.
    """
    with _connection(source, read_only=True) as src, _connection(target, read_only=False) as dst:
        src.backup(dst)


def damage(path: Path) -> str | None:
    """What SQLite's quick check finds wrong with the file (or why it cannot be read), or None."""
    try:
        with _connection(path, read_only=True) as conn:
            problems = [row[0] for row in conn.execute("PRAGMA quick_check") if row[0] != "ok"]
    except StorageError as error:
        return str(error)
    return problems[0] if problems else None


def move_aside(path: Path, target: Path) -> None:
    """Rename the database and its journal files to ``target`` (and its -wal, -shm): kept byte for byte."""
    try:
        for suffix in ("-wal", "-shm", ""):
            source = path.with_name(path.name + suffix)
            if source.exists():
                os.replace(source, target.with_name(target.name + suffix))
    except OSError as error:
        raise StorageError(f"{path}: cannot move the damaged file aside ({error.strerror})") from error


def integrity_problems(path: Path) -> list[str]:
    """What SQLite's own checks find wrong with the file: page structure, indexes, foreign keys."""
    with _connection(path, read_only=True) as conn:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"row {rowid} of table {table} refers to a missing row of {parent}")
    return problems


@dataclass(frozen=True)
class SpanProblem:
    table: str
    span_id: str
    document_id: str
    start: int
    end: int
    problem: str


@dataclass(frozen=True)
class FlaggedSpan:
    table: str
    span_id: str
    document_id: str
    reason: str


def span_problems(path: Path) -> tuple[list[SpanProblem], list[FlaggedSpan]]:
    """Spans whose offsets do not fit their document or whose text differs from it; and flagged ones.

    Spans flagged for review after a text change are expected not to match, so they are listed apart.
    Works on every schema since the first (the review columns came later).
    """
    problems: list[SpanProblem] = []
    flagged: list[FlaggedSpan] = []
    with _connection(path, read_only=True) as conn:
        tables = [name for name in ("spans", "gold_spans") if _columns(conn, name)]
        for document_id, text in conn.execute("SELECT id, text FROM documents ORDER BY id"):
            for table in tables:
                reviewed = "needs_review" in _columns(conn, table)
                extra = ", needs_review, review_reason" if reviewed else ", 0, ''"
                rows = conn.execute(
                    f'SELECT id, start, "end", text{extra} FROM {table} WHERE document_id = ? '
                    'ORDER BY start, "end", id',
                    (document_id,),
                )
                for span_id, start, end, span_text, needs_review, reason in rows:
                    if needs_review:
                        flagged.append(FlaggedSpan(table, span_id, document_id, reason))
                        continue
                    problem = _mismatch(text, start, end, span_text)
                    if problem:
                        problems.append(SpanProblem(table, span_id, document_id, start, end, problem))
    return problems, flagged


def _mismatch(text: str, start: int, end: int, span_text: str) -> str:
    if not 0 <= start < end <= len(text):
        return f"offsets [{start}, {end}) do not fit the document's {len(text)} characters"
    if text[start:end] != span_text:
        return f"the document has {text[start:end]!r} there, the span says {span_text!r}"
    return ""


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


@dataclass(frozen=True)
class SchemaState:
    pending: list[str]
    unknown: list[str]

    @property
    def newer(self) -> bool:
        return bool(self.unknown)


def schema_state(path: Path) -> SchemaState:
    """Which migrations the file still needs, and which it has that this version does not know."""
    with _connection(path, read_only=True) as conn:
        db = sqlite_utils.Database(conn)
        applied = {m.name for m in migrations.applied(db)}
    known = known_migrations()
    return SchemaState(
        pending=[name for name in known if name not in applied],
        unknown=sorted(applied - set(known)),
    )
