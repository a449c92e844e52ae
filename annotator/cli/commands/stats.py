"""``annotator stats``."""

from __future__ import annotations

import argparse
import json

from annotator.cli.common import add_db_option, open_project


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("stats", help="print documents and spans per label and annotator")
    add_db_option(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--sessions",
        action="store_true",
        help="annotation sessions per annotator (five minutes without an edit ends one)",
    )
    parser.add_argument("--days", type=float, default=None, help="with --sessions: only the last DAYS days")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.sessions:
        from annotator.cli.commands.sessions_report import print_sessions

        with open_project(args) as project:
            return print_sessions(project, as_json=args.json, days=args.days)
    from annotator.services.stats import corpus_stats

    with open_project(args) as project:
        stats = corpus_stats(project)
    if args.json:
        print(json.dumps(stats.model_dump(), indent=2, ensure_ascii=False))
        return 0
    print(f"documents  {stats.documents}")
    print(f"spans      {stats.spans}")
    for title, counts in (("per label", stats.spans_per_label), ("per annotator", stats.spans_per_annotator)):
        print(f"\nspans {title}")
        for name, count in counts.items():
            print(f"  {name:<20} {count}")
    return 0
