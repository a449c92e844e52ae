"""``annotator import``."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.common import add_db_option, open_project


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("import", help="import .txt and .md files or folders")
    add_db_option(parser)
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument("--encoding", default="utf-8", help="text encoding of the files (default: utf-8)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.services.importing import import_paths

    with open_project(args) as project:
        report = import_paths(project, args.paths, encoding=args.encoding)
    print(report.summary())
    return 0
