"""``annotator merge``: bring a colleague's project file in (it is only read)."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.common import add_db_option, open_project


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "merge",
        help="merge a colleague's project file into yours",
        description="Articles are matched by their text; colleagues' spans are added or updated; your own "
        "spans are never changed. Merging the same file again changes nothing.",
    )
    add_db_option(parser)
    parser.add_argument("other", type=Path, metavar="OTHER.db", help="the colleague's project file")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.services.merge import merge_project

    with open_project(args) as project:
        report = merge_project(project, args.other)
    print(report.summary())
    return 0
