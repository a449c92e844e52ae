"""``annotator restore``."""

from __future__ import annotations

import argparse

from annotator.cli.common import add_db_option, database_path


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "restore", help="bring back a backup of the project database (the current file is kept first)"
    )
    add_db_option(parser)
    parser.add_argument("--list", action="store_true", help="list the backups, newest first, and stop")
    parser.add_argument(
        "backup",
        nargs="?",
        metavar="BACKUP",
        help="a number from --list (1 is the newest), a backup's file name, or a path",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.services.backup import find_backup, list_backups, restore_backup

    path = database_path(args)
    if args.list or args.backup is None:
        backups = list_backups(path)
        if not backups:
            print(f"no backups of {path} yet")
        for number, backup in enumerate(backups, start=1):
            print(f"{number:>3}  {backup.describe()}")
        if args.backup is None and not args.list:
            print("choose one: annotator restore NUMBER")
        return 0
    chosen = find_backup(path, args.backup)
    kept = restore_backup(path, chosen)
    print(f"restored {path} from {chosen}")
    if kept is not None:
        print(f"the replaced database was kept as {kept}")
    return 0
