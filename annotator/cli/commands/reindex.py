"""``annotator reindex``."""

from __future__ import annotations

import argparse
import sys

from annotator.cli.common import add_db_option, open_project


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
        shown = -1

        def progress(done: int, total: int) -> None:
            nonlocal shown
            percent = 100 * done // max(total, 1)
            if percent != shown and sys.stderr.isatty():
                shown = percent
                print(f"\rindexing… {percent}%", end="", file=sys.stderr, flush=True)

        articles, spans = rebuild_index(project, progress)
        if shown >= 0:
            print(file=sys.stderr)
        print(f"search index rebuilt: {articles:,} articles, {spans:,} spans")
    return 0
