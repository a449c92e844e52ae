"""``annotator selftest``: check that this installation works, without touching the user's project."""

from __future__ import annotations

import argparse
import sys


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    commands.add_parser(
        "selftest",
        help="check this installation: tag a span in the window (offscreen) on a temporary project, "
        "export it and read it back; your database and settings are not used",
    ).set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.ui.selftest import run_selftest  # Qt is imported only here

    return run_selftest(sys.stdout)
