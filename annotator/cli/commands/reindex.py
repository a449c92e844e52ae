"""``annotator reindex``."""

from __future__ import annotations

import argparse

from annotator.cli.common import add_db_option, open_project
from annotator.cli.terminal import PercentLine


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "reindex",
        help="rebuild the full-text search index of every article and span (one transaction)",
    )
    add_db_option(parser)
    parser.add_argument(
        "--if-needed", action="store_true", help="only when the index no longer matches the project"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.services.search import index_is_sound, rebuild_index

    with open_project(args) as project:
        if args.if_needed and index_is_sound(project):
            print("the search index matches the project; nothing to do")
            return 0
        progress = PercentLine("indexing… ")
        articles, spans = rebuild_index(project, progress)
        progress.finish()
        print(f"search index rebuilt: {articles:,} articles, {spans:,} spans")
    return 0
