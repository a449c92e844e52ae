"""Schema step 0018: the search keys' look-up by span or document id is an index of its own.

The keys tables (migration 0007) declared their id column ``UNIQUE``: SQLite makes that an index it
never lets go of, so a large import into a new project added 200,000 random span ids to it one at a time
(a sixth of the import's time in SQL). As a named unique index it is dropped for such an import and built
again, sorted, at its end, like the spans' own indexes (``storage.bulk_rows.lift_indexes``).
"""

from __future__ import annotations

import sqlite_utils

from annotator.storage.migration_set import migrations

# Each keys table and the column that names the row its key stands for.
KEY_TABLES = {"document_search_keys": "document_id", "span_search_keys": "span_id"}


@migrations(name="0018_search_keys_named_index")
def _search_keys_named_index(db: sqlite_utils.Database) -> None:
    conn = db.conn
    for table, column in KEY_TABLES.items():
        # The views and triggers that name the table are made again as they were: its rows keep their
        # keys, so the full-text index (which holds keys only) stays as it is.
        dependents = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') AND sql LIKE ? "
            "ORDER BY type = 'trigger'",
            (f"%{table}%",),
        ).fetchall()
        for kind, name, _ in reversed(dependents):
            conn.execute(f'DROP {kind.upper()} "{name}"')
        conn.execute(f"CREATE TABLE {table}_new (key INTEGER PRIMARY KEY, {column} TEXT NOT NULL)")
        conn.execute(f"INSERT INTO {table}_new (key, {column}) SELECT key, {column} FROM {table}")
        conn.execute(f"DROP TABLE {table}")
        conn.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
        conn.execute(f"CREATE UNIQUE INDEX {table}_by_{column.removesuffix('_id')} ON {table}({column})")
        for _, _, sql in dependents:
            conn.execute(sql)
