"""Connecting to the hub. Credentials come only through libpq's own ways (``~/.pgpass``, a service file,
``PGPASSWORD`` and the other environment variables), so the address kept in a project never holds one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import conninfo

from annotator.domain.errors import AnnotatorError, StorageError

CONNECT_TIMEOUT_S = 5
# Rows come back as tuples of whatever PostgreSQL sends; every value is checked where it is used.
Conn = psycopg.Connection[tuple[Any, ...]]


class HubUnavailable(StorageError):
    """The hub cannot be reached now (server down, network gone): work goes on and syncs later."""


class HubRefused(AnnotatorError):
    """The hub refused something as not allowed for this member."""


def check_address(url: str) -> str:
    """The address as given, refused when it is not a PostgreSQL address or carries a password."""
    try:
        parts = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        raise AnnotatorError(f"'{url}' is not a PostgreSQL address ({error})") from error
    if "password" in parts:
        raise AnnotatorError(
            "the hub address must not contain a password, which would be stored in the project: "
            "put it in ~/.pgpass (or a service file, or PGPASSWORD) and give the address without it"
        )
    return url


def describe(url: str) -> str:
    """The address for messages: without anything that looks like a secret."""
    return re.sub(r"(password=)\S+", r"\1***", url)


def connect(url: str, *, user: str | None = None) -> Conn:
    extra: dict[str, str | int] = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "annotator"}
    if user is not None:
        extra["user"] = user
    try:
        return psycopg.connect(conninfo.make_conninfo(check_address(url), **extra), autocommit=True)
    except psycopg.OperationalError as error:
        raise HubUnavailable(f"cannot reach the hub {describe(url)}: {_first_line(error)}") from error


@contextmanager
def hub_errors(url: str) -> Iterator[None]:
    """Database errors as the errors a person can act on: unreachable, refused, or the hub's own fault."""
    try:
        yield
    except psycopg.errors.InsufficientPrivilege as error:
        raise HubRefused(f"the hub {describe(url)} refused the change: {_first_line(error)}") from error
    except (psycopg.OperationalError, psycopg.InterfaceError) as error:
        raise HubUnavailable(
            f"lost the connection to the hub {describe(url)}: {_first_line(error)}"
        ) from error
    except psycopg.Error as error:
        raise StorageError(f"the hub {describe(url)} failed: {_first_line(error)}") from error


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
