"""Setting up a team hub and connecting a project to it (the sync itself is in services/sync.py).

The hub's driver (psycopg, the optional extra ``hub``) is imported only when a hub is used: a window or
a command that never touches one neither waits for it nor needs it installed.
"""

from __future__ import annotations

from importlib.util import find_spec

from annotator.domain.errors import AnnotatorError
from annotator.services.project import Project
from annotator.storage import hub_local


def require_driver() -> None:
    if find_spec("psycopg") is None:
        raise AnnotatorError("the team hub needs PostgreSQL's driver: pip install 'annotator[hub]'")


def init_hub(url: str) -> list[str]:
    """Create (or bring up to date) the hub's schema; run by its owner. Returns the steps applied."""
    require_driver()
    from annotator.storage.hub import admin

    return admin.init(url)


def add_member(url: str, name: str, kind: str = "annotator") -> bool:
    """Make ``name`` a member (its own PostgreSQL role); True when the role was created."""
    require_driver()
    from annotator.storage.hub import admin

    return admin.add_member(url, name, kind)


def list_members(url: str) -> list[tuple[str, str]]:
    require_driver()
    from annotator.storage.hub import admin

    return admin.list_members(url)


def connect_project(project: Project, url: str) -> str:
    """Connect the project to the hub at ``url``; returns the member's kind. Everything local will be sent.

    The project's annotator name must be the member's name: its layer is the one the hub lets it write.
    """
    require_driver()
    from annotator.storage.hub import admin
    from annotator.storage.hub.connection import HubRefused, describe

    me = admin.whoami(url)
    if me is None:
        raise HubRefused(f"the hub {describe(url)} does not know this login as a member; ask its curator")
    name, kind = me
    if kind != "reviewer" and name != project.annotator:
        raise AnnotatorError(
            f"the hub knows you as '{name}' but this project's annotator is '{project.annotator}': "
            f"use --annotator {name}, or connect with {name}'s login"
        )
    from annotator.storage.hub.tables import TABLES, Writer

    # What this member may write; the rest is only received.
    kinds = [
        t.name for t in TABLES if kind == "curator" or (kind == "annotator" and t.writer is Writer.OWNER)
    ]
    with project.database.write():
        hub_local.connect(project.database, url, kinds)
    return kind


def disconnect_project(project: Project) -> None:
    with project.database.write():
        hub_local.disconnect(project.database)


def hub_address(project: Project) -> str | None:
    return hub_local.hub_url(project.database)


def waiting_changes(project: Project) -> int:
    """How many changes made here have not reached the hub yet (sent by the next sync that gets through)."""
    return hub_local.pending_count(project.database)


def hub_unreachable(error: BaseException) -> bool:
    """Whether a failed sync failed because the hub could not be reached (try again later), rather than
    for a reason someone must look at."""
    from annotator.storage.hub.connection import HubUnavailable

    return isinstance(error, HubUnavailable)
