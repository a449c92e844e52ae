"""The schema, as an ordered list of migrations recorded in the database.

Never edit a migration that has shipped: add a new one. A database that records a migration this version
does not know was written by a newer Annotator and is refused rather than damaged.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

from annotator.domain.errors import StorageError

# Each step module registers its steps when imported, in this order (the order they are applied in).
from annotator.storage import (  # noqa: F401
    schema_steps_0001,
    schema_steps_0010,
    schema_steps_0014,
    schema_steps_0017,
    schema_steps_0018,
)
from annotator.storage.migration_set import MIGRATION_SET, MIGRATIONS_TABLE, migrations

__all__ = ["MIGRATIONS_TABLE", "MIGRATION_SET", "migrations"]


def known_migrations() -> list[str]:
    return [m.name for m in migrations.pending(sqlite_utils.Database(memory=True))]


def migrate(db: sqlite_utils.Database, *, where: str) -> None:
    """Bring the schema up to date, refusing databases written by a newer version."""
    refuse_newer_schema(db.conn, where)
    migrations.apply(db)


def refuse_other_programs_file(conn: sqlite3.Connection, where: str) -> None:
    """Refuse, before anything is written to it, a file that is not an Annotator project: another
    program's SQLite database must not get Annotator's tables (nor be switched to WAL)."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    ours = (
        MIGRATIONS_TABLE in tables
        and conn.execute(
            f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE migration_set = ? LIMIT 1", (MIGRATION_SET,)
        ).fetchone()
    )
    if tables and not ours:
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise StorageError(
            f"{where} is not an Annotator project but another program's SQLite database (its tables: "
            f"{shown}); it was left unchanged. Choose a new file name for a new project"
        )


def refuse_newer_schema(conn: sqlite3.Connection, where: str) -> None:
    """Refuse a database written by a newer version, reading only (nothing is created or changed)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone()
    if found is None:
        return
    rows = conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", (MIGRATION_SET,))
    unknown = sorted({str(name) for (name,) in rows} - set(known_migrations()))
    if unknown:
        raise StorageError(
            f"{where} was created by a newer version of Annotator (schema step {unknown[-1]}); "
            "upgrade Annotator to open it"
        )


def schema_is_current(db: sqlite_utils.Database) -> bool:
    return not migrations.pending(db)
