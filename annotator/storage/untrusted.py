"""Reading SQLite files that are not the user's own project: a colleague's project, a backup.

Such a file may come from another version of Annotator, another program, or someone with bad intent. It is
opened read-only with SQLite's protections for untrusted databases (``trusted_schema`` off, writes refused,
cell sizes checked, no memory mapping, small limits), and an authorizer refuses anything a view or trigger
of the file would run. Before a row is read, the file's schema must be exactly the one this version's
migrations make (tables, columns, indexes, triggers): a view, a trigger or a generated column of its own is
refused, never evaluated. Rows are then read from base tables by explicit column lists, and text is decoded
here, strictly, so that invalid UTF-8 is reported with the table and record it is in.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from annotator.domain.errors import InputError, StorageError
from annotator.domain.files import require_regular_file
from annotator.storage.database import read_only_connection
from annotator.storage.migrations import MIGRATION_SET, MIGRATIONS_TABLE, known_migrations, migrations
from annotator.storage.search_tokens import register_search_tokens

# A backup or a colleague's project holds articles, not multi-gigabyte values.
_LIMITS = {
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
    sqlite3.SQLITE_LIMIT_LENGTH: 256 * 1024 * 1024,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 1024 * 1024,
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 100,
    sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH: 1,
}
# SQLITE_DBCONFIG_DEFENSIVE, for sqlite3 modules that offer ``setconfig`` (Python 3.12 and later).
_DBCONFIG_DEFENSIVE = 1010


@contextmanager
def untrusted_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A hardened read-only connection to ``path``; errors name the file and say what is wrong."""
    require_regular_file(path, "project file")
    try:
        conn = read_only_connection(path)  # also a file on a read-only share, without its -shm
    except (sqlite3.Error, StorageError) as error:
        raise InputError(f"is not a readable Annotator database ({error})", path=path) from error
    with closing(conn):
        harden(conn)
        # Text arrives as bytes and is decoded here: invalid UTF-8 anywhere (the schema included) is
        # reported, never raised from inside the driver.
        conn.text_factory = bytes
        try:
            yield conn
        except (sqlite3.Error, UnicodeDecodeError) as error:
            raise InputError(f"is not a readable Annotator database ({error})", path=path) from error


def harden(conn: sqlite3.Connection) -> None:
    """Apply SQLite's protections for a database file that is not trusted."""
    for pragma in ("trusted_schema = OFF", "query_only = ON", "cell_size_check = ON", "mmap_size = 0"):
        conn.execute(f"PRAGMA {pragma}")
    setconfig = getattr(conn, "setconfig", None)
    if setconfig is not None:
        setconfig(getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", _DBCONFIG_DEFENSIVE), True)
    for limit, value in _LIMITS.items():
        conn.setlimit(limit, value)
    conn.set_authorizer(_refuse_inner_code)


def _refuse_inner_code(
    action: int, arg1: str | None, arg2: str | None, db: str | None, inner: str | None
) -> int:
    # ``inner`` names the view or trigger an access comes from: none of the file's own code is run.
    return sqlite3.SQLITE_DENY if inner is not None else sqlite3.SQLITE_OK


@dataclass(frozen=True)
class SchemaVersion:
    applied: list[str]
    unknown: list[str]  # schema steps of a newer Annotator
    pending: list[str]  # steps this version would still apply


def schema_version(conn: sqlite3.Connection, path: Path) -> SchemaVersion:
    """The Annotator schema steps the file records; refuses a file that is not an Annotator project."""
    if _object_type(conn, MIGRATIONS_TABLE) != "table":
        raise InputError("is not an Annotator project (it records no Annotator schema)", path=path)
    rows = conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", (MIGRATION_SET,))
    applied = [_decoded(row[0]) for row in rows]
    if not applied:
        raise InputError("is not an Annotator project (it records no Annotator schema)", path=path)
    known = known_migrations()
    return SchemaVersion(
        applied=applied,
        unknown=sorted(set(applied) - set(known)),
        pending=[name for name in known if name not in applied],
    )


def check_schema(conn: sqlite3.Connection, path: Path, *, current: bool) -> SchemaVersion:
    """Refuse a file whose schema is newer than this version, older when ``current``, or altered."""
    version = schema_version(conn, path)
    if version.unknown:
        raise InputError(
            f"was written by a newer version of Annotator (schema step {version.unknown[-1]}); "
            "upgrade Annotator to use it",
            path=path,
        )
    if current and version.pending:
        raise InputError(
            "was written by an older version of Annotator; open it once with this version first",
            path=path,
        )
    known = known_migrations()
    steps = known[: len(version.applied)]
    if sorted(steps) != sorted(version.applied):
        raise InputError("records Annotator schema steps out of their order; it was altered", path=path)
    expected = _expected_schema(tuple(steps))
    found = _schema(conn)
    for key in sorted(set(expected) | set(found)):
        if expected.get(key) != found.get(key):
            kind, name = key
            change = "has an unexpected" if key not in expected else "lacks or alters the"
            raise InputError(
                f"{change} {kind} '{_printable(name)}': its schema is not Annotator's, so it is not read",
                path=path,
            )
    return version


_expected_cache: dict[tuple[str, ...], dict[tuple[str, str], str]] = {}


def _expected_schema(steps: tuple[str, ...]) -> dict[tuple[str, str], str]:
    """The schema this version's migrations make, up to and including ``steps``."""
    if steps not in _expected_cache:
        db = sqlite_utils.Database(memory=True)
        register_search_tokens(db.conn)  # the search index is filled by a function of ours
        known = known_migrations()
        following = known[len(steps)] if len(steps) < len(known) else None
        migrations.apply(db, stop_before=following)
        _expected_cache[steps] = _schema(db.conn)
        db.close()
    return _expected_cache[steps]


_SPACE = re.compile(r"\s+")


def _schema(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    schema = {}
    for kind, name, table, sql in rows:
        if _decoded(name).startswith("sqlite_"):
            continue  # SQLite's own: statistics, sequences, automatic indexes
        text = _decoded(sql) if sql is not None else ""
        schema[(_decoded(kind), _decoded(name))] = f"{_decoded(table)}: {_SPACE.sub(' ', text).strip()}"
    return schema


def _object_type(conn: sqlite3.Connection, name: str) -> str | None:
    row = conn.execute("SELECT type FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return None if row is None else _decoded(row[0])


def read_rows(
    conn: sqlite3.Connection, path: Path, table: str, columns: Sequence[str], *, order: str = "rowid"
) -> Iterator[dict[str, object]]:
    """Each row of ``table`` as ``{column: value}``; bad UTF-8 names its record.

    Only the columns the file's table has are read (an older schema lacks later ones; the models' defaults
    stand in). Text is decoded here, strictly; binary data stays bytes, which the models refuse as text.
    """
    present = [column for column in columns if column in table_columns(conn, table)]
    selected = ", ".join(f'"{column}", typeof("{column}")' for column in present)
    rows = conn.execute(f"SELECT {selected} FROM {table} ORDER BY {order}")
    for number, row in enumerate(rows, 1):
        record: dict[str, object] = {}
        for index, column in enumerate(present):
            value, kind = row[2 * index], row[2 * index + 1]
            if kind == b"text" and isinstance(value, bytes):
                try:
                    value = value.decode("utf-8")
                except UnicodeDecodeError as error:
                    where = record_name(table, number, record)
                    message = f"{where}, field '{column}': invalid UTF-8 at byte {error.start}"
                    raise InputError(message, path=path) from None
            record[column] = value
        yield record


def require_sound_values(conn: sqlite3.Connection, path: Path, steps: Sequence[str]) -> None:
    """Refuse a file any of whose values breaks its column's rules, read value by value: text that is
    not UTF-8, a value of another type than its column's (SQLite's tables do not enforce them), a NULL
    where none is allowed, or a row that fails one of the schema's CHECK constraints (which SQLite's
    integrity check does not test). The constraints are taken from this version's own schema."""
    expected = _expected_schema(tuple(known_migrations()[: len(steps)]))
    for (kind, table), sql in sorted(expected.items()):
        if kind != "table" or sql.split(": ", 1)[1].upper().startswith("CREATE VIRTUAL"):
            continue
        _check_column_values(conn, path, table)
        for rule in _checks(sql):
            broken = conn.execute(f'SELECT count(*) FROM "{table}" WHERE NOT ({rule})').fetchone()[0]
            if broken:
                message = f"table {table}: {broken} record(s) break the rule CHECK ({rule})"
                raise InputError(message, path=path)


_TYPES = {"INTEGER": b"integer", "TEXT": b"text", "REAL": b"real", "BLOB": b"blob"}


def _check_column_values(conn: sqlite3.Connection, path: Path, table: str) -> None:
    info = [
        (_decoded(row[1]), _decoded(row[2]).upper(), bool(row[3]))
        for row in conn.execute(f'PRAGMA table_info("{table}")')
    ]
    if not info:
        return
    selected = ", ".join(f'"{name}", typeof("{name}")' for name, _, _ in info)
    for number, row in enumerate(conn.execute(f'SELECT {selected} FROM "{table}"'), 1):
        for index, (name, declared, not_null) in enumerate(info):
            value, kind = row[2 * index], row[2 * index + 1]
            where = f"table {table}, record {number}, field '{name}'"
            if kind == b"null":
                if not_null:
                    raise InputError(f"{where}: empty, where a value is required", path=path)
                continue
            wanted = _TYPES.get(declared)
            if wanted is not None and kind != wanted:
                found = _decoded(kind)
                raise InputError(f"{where}: holds {found}, expected {wanted.decode()}", path=path)
            if kind == b"text" and isinstance(value, bytes):
                try:
                    value.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise InputError(f"{where}: invalid UTF-8 at byte {error.start}", path=path) from None


def _checks(sql: str) -> list[str]:
    """The expressions of the CHECK constraints in one of our own CREATE TABLE statements."""
    found = []
    for match in re.finditer(r"\bCHECK\s*\(", sql, re.IGNORECASE):
        depth, position = 1, match.end()
        while depth and position < len(sql):
            depth += {"(": 1, ")": -1}.get(sql[position], 0)
            position += 1
        found.append(sql[match.end() : position - 1])
    return found


def table_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {_decoded(row[1]) for row in conn.execute(f'PRAGMA table_info("{table}")')}


def record_name(table: str, number: int, record: dict[str, object]) -> str:
    """How a message names a record: its table, its row number and its id or name when read."""
    key = record.get("id", record.get("name"))
    shown = f" ({_printable(key)!r})" if isinstance(key, str) else ""
    return f"table {table}, record {number}{shown}"


def _decoded(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _printable(value: str) -> str:
    return value.encode("unicode_escape").decode("ascii") if not value.isprintable() else value
