"""Members of a hub: each a PostgreSQL role, with what its kind may do granted table by table.

Row-level security (schema.py) decides which rows a role may write; the grants here decide which tables
and columns it may touch at all. Nobody but the hub's owner may delete a row or set a version.
"""

from __future__ import annotations

import re

from psycopg import sql

from annotator.domain.errors import AnnotatorError
from annotator.storage.hub.connection import Conn
from annotator.storage.hub.tables import TABLES, Writer

KINDS = ("annotator", "curator", "reviewer")
# Role names double as annotator names: plain lower-case identifiers need no quoting in any tool.
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def check_member_name(name: str) -> str:
    if not _ROLE.match(name):
        raise AnnotatorError(
            f"'{name}' cannot be a hub member: use lower-case letters, digits and _ "
            "(starting with a letter, at most 63), as PostgreSQL role names"
        )
    return name


def add_member(conn: Conn, name: str, kind: str) -> bool:
    """Make ``name`` a member of kind ``kind`` (creating its login role if needed); True if the role is new.

    Adding again changes the kind: an annotator becomes a curator, a curator an annotator.
    """
    check_member_name(name)
    if kind not in KINDS:
        raise AnnotatorError(f"unknown member kind '{kind}' (one of {', '.join(KINDS)})")
    role = sql.Identifier(name)
    with conn.transaction():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
        conn.execute(
            "INSERT INTO hub_members (name, role, kind) VALUES (%s, %s, %s) "
            "ON CONFLICT (name) DO UPDATE SET kind = excluded.kind",
            (name, name, kind),
        )
        grant_member(conn, name, kind)
    return not exists


def grant_member(conn: Conn, name: str, kind: str) -> None:
    """Exactly the privileges of ``kind``: everything else is revoked first."""
    role = sql.Identifier(name)
    conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role))
    conn.execute(sql.SQL("GRANT SELECT ON hub_members, hub_migrations TO {}").format(role))
    for table in TABLES:
        target = sql.Identifier(table.name)
        conn.execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(target, role))
        conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(target, role))
        may_write = kind != "reviewer" and (table.writer is Writer.OWNER or kind == "curator")
        if not may_write:
            continue
        added = sql.SQL(", ").join(map(sql.Identifier, table.keys + table.fixed + table.writable))
        conn.execute(sql.SQL("GRANT INSERT ({}) ON {} TO {}").format(added, target, role))
        if table.writable:
            changed = sql.SQL(", ").join(map(sql.Identifier, table.writable))
            conn.execute(sql.SQL("GRANT UPDATE ({}) ON {} TO {}").format(changed, target, role))


def regrant_all(conn: Conn) -> None:
    """After a schema change: every member's grants for the tables as they are now."""
    for name, kind in conn.execute("SELECT name, kind FROM hub_members ORDER BY name").fetchall():
        grant_member(conn, str(name), str(kind))


def member_kind(conn: Conn) -> tuple[str, str] | None:
    """(name, kind) of the connected role, or None when it is not a member."""
    row = conn.execute("SELECT name, kind FROM hub_members WHERE role = current_user").fetchone()
    return (str(row[0]), str(row[1])) if row else None


def list_members(conn: Conn) -> list[tuple[str, str]]:
    return [(str(n), str(k)) for n, k in conn.execute("SELECT name, kind FROM hub_members ORDER BY name")]
