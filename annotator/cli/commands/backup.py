"""``annotator backup``."""

from __future__ import annotations

import argparse

from annotator.cli.common import add_db_option, database_path


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "backup", help="copy the project database into the backups folder beside it (keeps the last N)"
    )
    add_db_option(parser)
    parser.add_argument(
        "--keep", type=_positive, default=None, metavar="N", help="rolling backups to keep (default: 10)"
    )
    parser.set_defaults(handler=run)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("keep at least one backup")
    return number


def run(args: argparse.Namespace) -> int:
    from annotator.domain.errors import StorageError
    from annotator.services.backup import DEFAULT_KEEP, take_rolling_backup

    path = database_path(args)
    backup = take_rolling_backup(path, keep=args.keep or DEFAULT_KEEP)
    if backup is None:
        raise StorageError(f"{path} does not exist; there is nothing to back up")
    print(backup)
    return 0
