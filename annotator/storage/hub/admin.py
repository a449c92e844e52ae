"""Setting a hub up: its schema and its members, by address (each call one connection)."""

from __future__ import annotations

from annotator.domain.errors import StorageError
from annotator.storage.hub import members, schema
from annotator.storage.hub.connection import Conn, connect, describe, hub_errors


def init(url: str) -> list[str]:
    """Create or upgrade the schema and refresh every member's grants; returns the steps applied."""
    with connect(url) as conn, hub_errors(url):
        applied = schema.migrate(conn, describe(url))
        with conn.transaction():
            members.regrant_all(conn)
    return applied


def add_member(url: str, name: str, kind: str) -> bool:
    with connect(url) as conn, hub_errors(url):
        require_schema(conn, url)
        return members.add_member(conn, name, kind)


def list_members(url: str) -> list[tuple[str, str]]:
    with connect(url) as conn, hub_errors(url):
        require_schema(conn, url)
        return members.list_members(conn)


def whoami(url: str) -> tuple[str, str] | None:
    """(name, kind) of the login the address connects as, or None when it is not a member."""
    with connect(url) as conn, hub_errors(url):
        require_schema(conn, url)
        return members.member_kind(conn)


def require_schema(conn: Conn, url: str) -> None:
    if not schema.is_current(conn):
        raise StorageError(
            f"{describe(url)} is not an Annotator hub of this version: run 'annotator hub init' on it"
        )
