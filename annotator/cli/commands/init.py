"""``annotator init``: create a project, optionally with the sample articles."""

from __future__ import annotations

import argparse

from annotator.cli.common import add_db_option, database_path
from annotator.services.samples import open_project


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("init", help="create a project (with --samples: and the sample articles)")
    add_db_option(parser)
    parser.add_argument(
        "--samples", action="store_true", help="add the five sample articles (only to a project without any)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path = database_path(args)
    existed = path.exists()
    with open_project(path, annotator=getattr(args, "annotator", None), samples=args.samples) as project:
        from annotator.services.stats import corpus_stats

        documents = corpus_stats(project).documents
    what = "opened the existing" if existed else "created the"
    print(f"{what} project {path}: {documents:,} article{'s' * (documents != 1)}")
    return 0
