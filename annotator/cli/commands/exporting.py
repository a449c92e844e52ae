"""``annotator export``."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.common import add_db_option, open_project


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("export", help="export the corpus as a labelled JSONL dataset")
    add_db_option(parser)
    parser.add_argument("out", type=Path, metavar="OUT.jsonl")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.services.exporting import export_jsonl

    with open_project(args) as project:
        count = export_jsonl(project, args.out)
    print(f"exported {count} document(s) to {args.out}")
    return 0
