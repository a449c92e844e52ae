"""``annotator gui`` (also what ``annotator`` with no command does)."""

from __future__ import annotations

import argparse

from annotator.cli.common import add_db_option, database_path


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("gui", help="start the desktop app (the default)")
    add_db_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.ui.app import run_gui  # Qt is imported only here

    return run_gui(database_path(args), annotator=getattr(args, "annotator", None))
