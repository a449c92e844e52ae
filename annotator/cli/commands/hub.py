"""``annotator hub``: set up a team hub and connect this project to it."""

from __future__ import annotations

import argparse
import os

from annotator.cli.common import add_db_option, open_project
from annotator.domain.errors import AnnotatorError

HUB_ENV = "ANNOTATOR_HUB"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "hub", help="set up a team hub on PostgreSQL, or connect this project to one"
    )
    actions = parser.add_subparsers(dest="hub_command", metavar="ACTION", required=True)

    init = actions.add_parser("init", help="create (or upgrade) the hub's schema in a PostgreSQL database")
    init.add_argument("url", help="the hub's address, e.g. postgresql://lead@host/annotation (no password)")
    init.set_defaults(handler=run_init)

    for name, kind_help in (
        ("add-annotator", "add an annotator (a PostgreSQL login role) who writes their own layer"),
        ("add-reviewer", "add a reviewer who reads everything and writes nothing"),
    ):
        member = actions.add_parser(name, help=kind_help)
        member.add_argument("name", help="the member's annotator name, also their PostgreSQL role")
        if name == "add-annotator":
            member.add_argument(
                "--curator",
                action="store_true",
                help="may also write the gold layer, the labels and articles",
            )
        _add_hub_option(member)
        member.set_defaults(handler=run_add_member, kind="reviewer" if name == "add-reviewer" else None)

    members = actions.add_parser("members", help="list the hub's members and what each may do")
    _add_hub_option(members)
    members.set_defaults(handler=run_members)

    connect = actions.add_parser("connect", help="connect this project to a hub and send everything in it")
    connect.add_argument("url", help="the hub's address (credentials from ~/.pgpass, a service file or PG*)")
    add_db_option(connect)
    connect.set_defaults(handler=run_connect)

    disconnect = actions.add_parser("disconnect", help="stop syncing this project with its hub")
    add_db_option(disconnect)
    disconnect.set_defaults(handler=run_disconnect)


def _add_hub_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--hub", help=f"the hub's address (default: ${HUB_ENV}, else the hub this project is connected to)"
    )
    add_db_option(parser)


def _hub(args: argparse.Namespace) -> str:
    from annotator.services.hub import hub_address

    url = args.hub or os.environ.get(HUB_ENV)
    if not url:
        with open_project(args) as project:
            url = hub_address(project)
    if not url:
        raise AnnotatorError(f"which hub? give --hub URL or set {HUB_ENV}")
    return url


def run_init(args: argparse.Namespace) -> int:
    from annotator.services.hub import init_hub

    applied = init_hub(args.url)
    print(f"hub schema: {len(applied)} step(s) applied" if applied else "hub schema already up to date")
    return 0


def run_add_member(args: argparse.Namespace) -> int:
    from annotator.services.hub import add_member

    kind = args.kind or ("curator" if args.curator else "annotator")
    created = add_member(_hub(args), args.name, kind)
    role = "new login role" if created else "existing role"
    print(f"{args.name} is a {kind} of the hub ({role}; set its password with psql's \\password {args.name})")
    return 0


def run_members(args: argparse.Namespace) -> int:
    from annotator.services.hub import list_members

    for name, kind in list_members(_hub(args)):
        print(f"{name}\t{kind}")
    return 0


def run_connect(args: argparse.Namespace) -> int:
    from annotator.services.hub import connect_project

    with open_project(args) as project:
        kind = connect_project(project, args.url)
        print(f"connected as {project.annotator} ({kind}); run 'annotator sync' or open the window to sync")
    return 0


def run_disconnect(args: argparse.Namespace) -> int:
    from annotator.services.hub import disconnect_project

    with open_project(args) as project:
        disconnect_project(project)
    print("disconnected; the project keeps everything it has")
    return 0


def register_sync(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("sync", help="sync this project with its team hub (send, then receive)")
    add_db_option(parser)
    parser.set_defaults(handler=run_sync)


def run_sync(args: argparse.Namespace) -> int:
    from annotator.services.hub import hub_unreachable, waiting_changes
    from annotator.services.sync import sync

    with open_project(args) as project:
        try:
            report = sync(project)
        except AnnotatorError as error:
            if not hub_unreachable(error):
                raise
            # Work goes on offline: say what is still to be sent.
            waiting = waiting_changes(project)
            raise AnnotatorError(
                f"{error}\n{waiting:,} change(s) made here wait for the next sync"
            ) from error
    print(report.summary())
    return 0
