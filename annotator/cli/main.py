"""``annotator`` entry point: no sub-command starts the GUI; sub-commands work headless."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from annotator import __version__
from annotator.domain.errors import AnnotatorError
from annotator.paths import default_database_path
from annotator.services.project import Project

Handler = Callable[[argparse.Namespace], int]


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        help="project database (default: $ANNOTATOR_DB, else annotator.db in your user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Highlight and tag character spans in articles; export labelled datasets.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    _db_option(parser)
    parser.add_argument("--annotator", help="your annotator name (default: your user name)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", help="start the desktop app (the default)")
    _db_option(gui)

    imp = commands.add_parser("import", help="import .txt and .md files or folders")
    _db_option(imp)
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.add_argument("--encoding", default="utf-8", help="text encoding of the files (default: utf-8)")
    imp.set_defaults(handler=_import)

    exp = commands.add_parser("export", help="export the corpus as a labelled JSONL dataset")
    _db_option(exp)
    exp.add_argument("out", type=Path, metavar="OUT.jsonl")
    exp.set_defaults(handler=_export)

    stats = commands.add_parser("stats", help="print documents and spans per label and annotator")
    _db_option(stats)
    stats.add_argument("--json", action="store_true", help="print JSON instead of a table")
    stats.set_defaults(handler=_stats)
    return parser


def _open(args: argparse.Namespace, *, seed: bool = True) -> Project:
    path = getattr(args, "db", None) or default_database_path()
    return Project.open(path, annotator=args.annotator, seed=seed)


def _import(args: argparse.Namespace) -> int:
    from annotator.services.importing import import_paths

    with _open(args) as project:
        report = import_paths(project, args.paths, encoding=args.encoding)
    print(report.summary())
    return 0


def _export(args: argparse.Namespace) -> int:
    from annotator.services.exporting import export_jsonl

    with _open(args) as project:
        count = export_jsonl(project, args.out)
    print(f"exported {count} document(s) to {args.out}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from annotator.services.stats import corpus_stats

    with _open(args) as project:
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


def _gui(args: argparse.Namespace) -> int:
    from annotator.ui.app import run_gui

    path = getattr(args, "db", None) or default_database_path()
    return run_gui(path, annotator=args.annotator)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = getattr(args, "handler", _gui)
    try:
        return handler(args)
    except AnnotatorError as error:
        print(f"annotator: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted; nothing was changed", file=sys.stderr)
        return 130
