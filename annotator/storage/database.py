"""Opening a project database and running write transactions on it.

Every user action is one write transaction opened with ``BEGIN IMMEDIATE``: in WAL mode a plain ``BEGIN``
takes the write lock only at the first write, and a second process then fails with "database is locked"
instead of waiting for its turn.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import sqlite_utils

from annotator.domain.errors import StorageError
from annotator.storage.migrations import refuse_newer_schema, refuse_other_programs_file
from annotator.storage.search_edits import has_search_edits, index_edits
from annotator.storage.search_tokens import register_search_tokens

BUSY_TIMEOUT_MS = 10_000
# Set to 1 to write to a project on a network drive anyway (at the user's own risk).
ALLOW_NETWORK_ENV = "ANNOTATOR_ALLOW_NETWORK_FS"

logger = logging.getLogger(__name__)


class Database:
    """A project database: one SQLite file (or memory), foreign keys on, WAL on."""

    def __init__(
        self,
        path: str | Path | None,
        *,
        read_only: bool = False,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.busy_timeout_ms = busy_timeout_ms
        self._read_only_requested = read_only
        # Why a database asked for writing was opened read-only (for the window to show), else None.
        self.read_only_reason = None if read_only else _reason_to_refuse_writing(self.path)
        if self.read_only_reason is not None:
            logger.warning("%s opened read-only: %s", self.describe(), self.read_only_reason)
        self.read_only = read_only or self.read_only_reason is not None
        if self.read_only_reason is not None and self.path is not None and not self.path.exists():
            reason = self.read_only_reason
            raise StorageError(f"{self.describe()}: a new project cannot be made here: {reason}")
        self._identity: tuple[int, int] | None = None
        self._writing = False
        self._has_search_edits = False
        self.db = self._open()

    def _open(self) -> sqlite_utils.Database:
        conn: sqlite3.Connection | None = None
        try:
            conn = self._connect()
            register_search_tokens(conn)
            db = sqlite_utils.Database(conn)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            refuse_other_programs_file(conn, self.describe())
            if self.path is not None and not self.read_only:
                # Before the switch to WAL, the first change to the file: a newer project stays untouched.
                refuse_newer_schema(conn, self.describe())
                with db.ensure_autocommit_on():
                    conn.execute("PRAGMA journal_mode = WAL")
                # Every commit reaches the disk before the user is told it is saved: in WAL mode NORMAL
                # can lose the last commits to a power cut or an OS crash, FULL cannot.
                conn.execute("PRAGMA synchronous = FULL")
        except (sqlite3.DatabaseError, StorageError, UnicodeDecodeError) as error:
            if conn is not None:
                conn.close()
            if isinstance(error, StorageError):
                raise
            if isinstance(error, UnicodeDecodeError):  # SQLite's message quotes a damaged schema's bytes
                message = "the database file is damaged ('annotator restore' brings back a backup)"
                raise StorageError(f"{self.describe()}: {message}") from error
            raise StorageError(f"{self.describe()}: cannot open the database ({error})") from error
        # Remembered so that a file deleted or replaced underneath us is noticed before a commit
        # (SQLite in WAL mode would otherwise accept writes into the deleted file and lose them on close).
        self._identity = _file_identity(self.path)
        return db

    def _connect(self) -> sqlite3.Connection:
        if self.path is None:
            return sqlite3.connect(":memory:", check_same_thread=False)
        if self.read_only:
            return read_only_connection(self.path)
        if self.path.parent and not self.path.parent.exists():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                message = f"{self.describe()}: cannot create its folder ({error.strerror})"
                raise StorageError(message) from error
        return sqlite3.connect(str(self.path), check_same_thread=False)

    def own_files(self) -> set[Path]:
        """The database file and its journals, resolved: files this process must never open itself."""
        if self.path is None:
            return set()
        resolved = self.path.resolve()
        return {
            resolved,
            *(resolved.with_name(resolved.name + suffix) for suffix in ("-wal", "-shm", "-journal")),
        }

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

        Nested calls become savepoints of the outer transaction. A failure of the environment (disk full,
        file read-only, locked, deleted) rolls everything back and raises StorageError.
        """
        if self.read_only:
            reason = f" ({self.read_only_reason})" if self.read_only_reason else ""
            raise StorageError(f"{self.describe()} is open read-only{reason}; the change was not saved")
        if self._writing:
            with self.db.atomic():
                yield self.db
            return
        if self.conn.in_transaction:
            # A transaction nobody opened through here (the driver's implicit BEGIN before a stray write)
            # would take this one's statements into it and leave them uncommitted.
            raise RuntimeError(f"{self.describe()}: a transaction is open that write() did not begin")
        self._execute_or_fail("BEGIN IMMEDIATE")
        self._writing = True
        try:
            yield self.db
            self._index_noted_edits()
            self._check_file_is_still_there()
        except sqlite3.DatabaseError as error:
            self._rollback_quietly()
            mapped = environment_error(error, self.describe())
            if mapped is error:
                raise
            raise mapped from error
        except BaseException:
            self._rollback_quietly()
            raise
        finally:
            self._writing = False
        self._execute_or_fail("COMMIT")

    def _index_noted_edits(self) -> None:
        # The search index's triggers note changed rows; their tokens are worked out here, once per
        # transaction (storage.search_edits). Projects before migration 0017 have no such notes.
        if not self._has_search_edits:
            self._has_search_edits = has_search_edits(self.conn)
        if self._has_search_edits:
            index_edits(self.conn)

    @contextmanager
    def checkpoint_later(self) -> Iterator[None]:
        """Commits made meanwhile leave their pages in the write-ahead log, for ``checkpoint`` to copy into
        the project file later.

        SQLite copies the log into the file after any commit that leaves it over 4 MB, before the commit
        returns: after a large import that copy took as long as a fifth of the import, while the import's
        rows were already safe in the log (and seen by every reader)."""
        before = int(self.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {before}")

    def checkpoint(self) -> None:
        """Copy what the write-ahead log holds into the project file, without waiting for readers or
        writers (they keep working meanwhile; what they still use is copied by a later checkpoint)."""
        if not self.read_only:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def joined(self) -> sqlite_utils.Database:
        """The database inside the caller's write transaction: what storage functions write through.

        Storage never opens a transaction of its own; the service that owns the user's action does, reads
        what it will change inside it, and commits once. A write outside one is a bug, caught here.
        """
        if not self._writing:
            raise RuntimeError("storage writes join the caller's transaction: open one with write()")
        return self.db

    def _execute_or_fail(self, statement: str) -> None:
        try:
            self.conn.execute(statement)
        except sqlite3.DatabaseError as error:
            self._rollback_quietly()
            mapped = environment_error(error, self.describe())
            if mapped is error:
                raise
            raise mapped from error

    def _rollback_quietly(self) -> None:
        # A rollback that fails too (I/O error) must not hide the error that caused it; SQLite has then
        # rolled the transaction back itself or will on the next statement.
        with suppress(sqlite3.Error):
            self.db.rollback()

    def _check_file_is_still_there(self) -> None:
        if self.path is None or self._identity is None:
            return
        identity = _file_identity(self.path)
        if identity is None:
            raise StorageError(
                f"{self.describe()}: the database file was deleted or moved while open; "
                "the change was not saved (put the file back, or restore a backup)"
            )
        if identity != self._identity:
            raise StorageError(
                f"{self.describe()}: the database file was replaced by another file while open; "
                "the change was not saved (open the project again to work on the new file)"
            )

    def query(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list[sqlite3.Row]:
        try:
            cursor = self.conn.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            return list(cursor.fetchall())
        except sqlite3.DatabaseError as error:
            mapped = environment_error(error, self.describe(), outcome="it could not be read")
            if mapped is error:
                raise
            raise mapped from error


# SQLite's extended result code names, most specific first (``startswith`` picks the first match).
_ENVIRONMENT_CODES = (
    ("SQLITE_READONLY_DBMOVED", "the database file was moved or deleted while open"),
    ("SQLITE_READONLY", "the database file is read-only"),
    ("SQLITE_BUSY", "the database is in use by another program and stayed locked"),
    ("SQLITE_LOCKED", "the database is in use by another program and stayed locked"),
    ("SQLITE_FULL", "the disk is full"),
    ("SQLITE_IOERR", "the disk reported an input/output error"),
    ("SQLITE_CANTOPEN", "the database file cannot be opened"),
    ("SQLITE_PERM", "permission to use the database file was denied"),
    ("SQLITE_CORRUPT", "the database file is damaged ('annotator restore' brings back a backup)"),
    ("SQLITE_NOTADB", "the file is not an Annotator database, or it is damaged"),
)
# For errors raised without a code name (older Pythons, the driver's own errors).
_ENVIRONMENT_MESSAGES = {
    "database is locked": "the database is in use by another program and stayed locked",
    "database or disk is full": "the disk is full",
    "attempt to write a readonly database": "the database file is read-only",
    "disk i/o error": "the disk reported an input/output error",
    "unable to open database file": "the database file cannot be opened",
    "database disk image is malformed": "the database file is damaged",
    "file is not a database": "the file is not an Annotator database, or it is damaged",
}


def environment_error(
    error: sqlite3.Error, where: str, *, outcome: str = "the change was not saved"
) -> Exception:
    """Split "the environment failed" (tell the user) from "our bug" (let it crash with a traceback).

    Returns a StorageError for the first kind and ``error`` itself for the second.
    """
    code = getattr(error, "sqlite_errorname", "") or ""
    for prefix, message in _ENVIRONMENT_CODES:
        if code.startswith(prefix):
            return StorageError(f"{where}: {message}; {outcome}")
    text = str(error).lower()
    for needle, message in _ENVIRONMENT_MESSAGES.items():
        if needle in text:
            return StorageError(f"{where}: {message}; {outcome}")
    return error


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A read-only connection, also where SQLite cannot create the WAL's shared-memory (-shm) file.

    In a read-only folder (a read-only filesystem, a CD, a locked-down share) a WAL project without its
    -shm cannot be read normally. With no write-ahead log content beside it, nothing can change the file,
    and it is read as immutable; with one, its content cannot be read safely and the user is told why.
    """
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except UnicodeDecodeError as error:  # SQLite's message quotes a damaged schema's bytes
        conn.close()
        raise StorageError(f"{path}: the database file is damaged (its schema is not UTF-8)") from error
    except sqlite3.DatabaseError as error:
        conn.close()
        if getattr(error, "sqlite_errorname", "") != "SQLITE_CANTOPEN":
            raise
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StorageError(
            f"{path}: its write-ahead log ({wal.name}) cannot be read, because its shared-memory file "
            f"({path.name}-shm) is missing and cannot be made in this read-only folder; copy the project "
            "with its -wal file to a writable folder to open it"
        )
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def _file_identity(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _reason_to_refuse_writing(path: Path | None) -> str | None:
    """Why writing to ``path`` must not be tried, or None. Checked once, when the database is opened."""
    if path is None:
        return None
    filesystem = network_filesystem(path)
    if filesystem is not None and os.environ.get(ALLOW_NETWORK_ENV) != "1":
        # SQLite's locking is unreliable over network filesystems: two writers there can corrupt the file.
        return (
            f"it is on a network drive ({filesystem}), where two writers can corrupt it; "
            f"copy it to a local disk to edit it, or set {ALLOW_NETWORK_ENV}=1 to write anyway"
        )
    if path.exists() and not os.access(path, os.W_OK):
        return "the database file is read-only"
    if path.exists() and not os.access(path.parent, os.W_OK | os.X_OK):
        return "its folder is read-only (SQLite writes its journal beside the file)"
    return None


# Where Linux lists mounted filesystems: "device mount-point type options dump pass" per line.
MOUNTS_FILE = Path("/proc/mounts")
# Filesystem types (as /proc/mounts names them) whose file locking SQLite cannot rely on.
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "coda",
        "davfs",
        "glusterfs",
        "sshfs",
        "fuse.sshfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.glusterfs",
    }
)


def network_filesystem(path: Path, mounts: str | None = None) -> str | None:
    """The network filesystem type ``path`` lives on, or None when it is local (or cannot be told).

    ``mounts`` is the text of /proc/mounts; ``MOUNTS_FILE`` is read when not given. On Windows only
    UNC paths (``\\\\server\\share``) are recognised.
    """
    if mounts is None:
        if sys.platform == "win32":
            return "smb" if str(path).startswith(("\\\\", "//")) else None
        try:
            mounts = MOUNTS_FILE.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = _absolute(path)
    best: tuple[int, str] | None = None
    for mount_point, fstype in parse_mounts(mounts):
        if _is_within(target, mount_point) and (best is None or len(mount_point) >= best[0]):
            best = (len(mount_point), fstype)
    if best is None:
        return None
    return best[1] if best[1] in NETWORK_FILESYSTEMS else None


_OCTAL_ESCAPE = re.compile(r"\\([0-7]{3})")


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, filesystem type) pairs from /proc/mounts text, in order (later mounts win)."""
    pairs = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            # /proc/mounts writes space, tab, newline and backslash in paths as octal escapes.
            mount_point = _OCTAL_ESCAPE.sub(lambda match: chr(int(match.group(1), 8)), fields[1])
            pairs.append((mount_point, fields[2]))
    return pairs


def _absolute(path: Path) -> str:
    # The file may not exist yet: resolve the nearest folder that does (following symlinks).
    path = Path(os.path.abspath(path))
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return str(existing.resolve() / path.relative_to(existing))


def _is_within(target: str, mount_point: str) -> bool:
    if mount_point == "/":
        return target.startswith("/")
    return target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
