"""``annotator check``."""

from __future__ import annotations

import argparse

from annotator.cli.common import add_db_option, database_path


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "check",
        help="verify the project file: integrity, foreign keys, every span against its document's text",
    )
    add_db_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.services.integrity import check_database

    report = check_database(database_path(args))
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1
