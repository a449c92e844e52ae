"""Sending changes to the hub and reading its changes: the hub's side of a sync.

A push is one transaction per batch: the rows go into a temporary table by COPY, a change is applied only
where the hub still has the version it was made from, a new row only where none exists, and whatever was
refused comes back as the hub has it. Retrying a batch that was applied but never acknowledged is refused
the same way, and the client then finds its own change already there: nothing is applied twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from psycopg import sql

from annotator.storage.hub import members
from annotator.storage.hub.admin import require_schema
from annotator.storage.hub.connection import Conn, connect, hub_errors
from annotator.storage.hub.tables import BY_NAME, TABLES, HubTable, Writer

Key = tuple[str, ...]
PAGE = 1_000  # rows per query when reading the hub's changes


@dataclass(frozen=True)
class Outgoing:
    """A change to send: the row as this project has it (None: removed here), and the hub version it was
    made from (0: a new row)."""

    key: Key
    row: dict[str, Any] | None
    base: int


@dataclass(frozen=True)
class HubRow:
    """A row as the hub has it."""

    table: str
    values: dict[str, Any]
    version: int
    seq: int

    def key(self) -> Key:
        return tuple(str(self.values[column]) for column in BY_NAME[self.table].keys)


@dataclass
class PushResult:
    accepted: dict[Key, int] = field(default_factory=dict)  # key -> the hub's new version
    refused: list[HubRow] = field(default_factory=list)  # the hub's newer rows
    missing: list[Key] = field(default_factory=list)  # changes to rows the hub does not have


def _ids(columns: Sequence[str]) -> sql.Composable:
    return sql.SQL(", ").join(map(sql.Identifier, columns))


def _match(table: HubTable, left: str, right: str) -> sql.Composable:
    return sql.SQL(" AND ").join(
        sql.SQL("{}.{} = {}.{}").format(
            sql.Identifier(left), sql.Identifier(k), sql.Identifier(right), sql.Identifier(k)
        )
        for k in table.keys
    )


class HubSession:
    """One connection to the hub as one member: who am I, push a batch, pull what changed."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.conn: Conn = connect(url)
        with hub_errors(url):
            require_schema(self.conn, url)
            self.member = members.member_kind(self.conn)

    def close(self) -> None:
        self.conn.close()

    def push(self, table_name: str, changes: Sequence[Outgoing]) -> PushResult:
        table = BY_NAME[table_name]
        with hub_errors(self.url), self.conn.transaction():
            return _push(self.conn, table, changes)

    def pull(self, after: int, limit: int) -> list[HubRow]:
        """The first ``limit`` changes after change number ``after``, in order, from one snapshot."""
        with hub_errors(self.url), self.conn.transaction():
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            found: list[HubRow] = []
            for table in TABLES:
                query = sql.SQL(
                    "SELECT {}, version, seq FROM {} WHERE seq > %s ORDER BY seq LIMIT %s"
                ).format(_ids(table.columns), sql.Identifier(table.name))
                found += self._pages(table, query, after, limit)
        found.sort(key=lambda row: row.seq)
        return found[:limit]

    def _pages(self, table: HubTable, query: sql.Composed, after: int, limit: int) -> list[HubRow]:
        """Up to ``limit`` rows, read a page at a time: the driver turns a whole result into rows while
        holding the interpreter, which a window syncing in the background would feel as a frozen frame."""
        rows: list[HubRow] = []
        while len(rows) < limit:
            page = self.conn.execute(query, (after, min(PAGE, limit - len(rows)))).fetchall()
            rows += [
                HubRow(table.name, dict(zip(table.columns, values, strict=True)), version, seq)
                for *values, version, seq in page
            ]
            if len(page) < PAGE:
                break
            after = rows[-1].seq
        return rows

    def rows(self, table_name: str, keys: Sequence[Key]) -> list[HubRow]:
        """The hub's current rows for these keys."""
        table = BY_NAME[table_name]
        with hub_errors(self.url), self.conn.transaction():
            return _current(self.conn, table, keys)

    def explain_pull(self, after: int) -> list[str]:
        """The plans of a pull's queries (for the benchmark: they must use the change-number index)."""
        plans = []
        with hub_errors(self.url):
            for table in TABLES:
                query = sql.SQL(
                    "EXPLAIN SELECT {}, version, seq FROM {} WHERE seq > %s ORDER BY seq LIMIT 5000"
                ).format(_ids(table.columns), sql.Identifier(table.name))
                plans.append("\n".join(str(row[0]) for row in self.conn.execute(query, (after,))))
        return plans


def _push(conn: Conn, table: HubTable, changes: Sequence[Outgoing]) -> PushResult:
    target = sql.Identifier(table.name)
    columns = _ids(table.columns)
    conn.execute(
        sql.SQL("CREATE TEMP TABLE incoming ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA").format(
            columns, target
        )
    )
    conn.execute("ALTER TABLE incoming ADD COLUMN base bigint, ADD COLUMN gone boolean")
    with conn.cursor().copy(sql.SQL("COPY incoming ({}, base, gone) FROM STDIN").format(columns)) as copy:
        for change in changes:
            values = change.row if change.row is not None else dict(zip(table.keys, change.key, strict=True))
            copy.write_row([values.get(c) for c in table.columns] + [change.base, change.row is None])
    result = PushResult()
    keys = _ids(table.keys)
    returning = sql.SQL(", ").join(sql.SQL("t.{}").format(sql.Identifier(k)) for k in table.keys)
    # Only one's own rows are changed: a colleague's row named in a batch (removed here by a label's
    # removal, say) is refused like a stale one, and comes back, instead of failing the whole batch.
    own = sql.SQL(" AND t.annotator = (SELECT hub_me())" if table.writer is Writer.OWNER else "")
    if table.writable:
        # A row sent as present is present on the hub again (a document label set, removed, set again).
        assignments = sql.SQL(", ").join(
            [sql.SQL("{} = i.{}").format(sql.Identifier(c), sql.Identifier(c)) for c in table.fields]
            + ([sql.SQL("deleted = false")] if table.tombstones else [])
        )
        statements = [
            sql.SQL(
                "UPDATE {} AS t SET {} FROM incoming i WHERE {} AND i.base > 0 AND NOT i.gone "
                "AND t.version = i.base{} RETURNING {}, t.version"
            ).format(target, assignments, _match(table, "t", "i"), own, returning)
        ]
        if table.tombstones:
            statements.append(
                sql.SQL(
                    "UPDATE {} AS t SET deleted = true FROM incoming i WHERE {} AND i.base > 0 AND i.gone "
                    "AND t.version = i.base{} RETURNING {}, t.version"
                ).format(target, _match(table, "t", "i"), own, returning)
            )
        for statement in statements:
            for *key, version in conn.execute(statement):
                result.accepted[tuple(map(str, key))] = version
    added = sql.SQL(
        "INSERT INTO {} AS t ({}) SELECT {} FROM incoming i WHERE i.base = 0 AND NOT i.gone "
        "ON CONFLICT ({}) DO NOTHING RETURNING {}, t.version"
    ).format(target, columns, columns, keys, returning)
    for *key, version in conn.execute(added):
        result.accepted[tuple(map(str, key))] = version
    # A removal of a row the hub never had, made before it was sent, needs nothing.
    unsent = {c.key for c in changes if c.row is None and c.base == 0}
    refused = [c.key for c in changes if c.key not in result.accepted and c.key not in unsent]
    current = _current(conn, table, refused)
    result.refused = current
    found = {row.key() for row in current}
    result.missing = [key for key in refused if key not in found]
    return result


def _current(conn: Conn, table: HubTable, keys: Sequence[Key]) -> list[HubRow]:
    if not keys:
        return []
    # Keys travel as text; a number column is compared as a number, so that its index is used.
    arrays = [
        [int(key[i]) if column in table.integers else key[i] for key in keys]
        for i, column in enumerate(table.keys)
    ]
    query = sql.SQL("SELECT {}, version, seq FROM {} WHERE ({}) IN (SELECT * FROM unnest({}))").format(
        _ids(table.columns),
        sql.Identifier(table.name),
        _ids(table.keys),
        sql.SQL(", ").join(
            sql.SQL("%s::bigint[]" if column in table.integers else "%s::text[]") for column in table.keys
        ),
    )
    return [
        HubRow(table.name, dict(zip(table.columns, values, strict=True)), version, seq)
        for *values, version, seq in conn.execute(query, arrays)
    ]
