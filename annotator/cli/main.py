"""``annotator`` entry point: no sub-command starts the GUI; sub-commands work headless."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from annotator import __version__
from annotator.cli.commands import (
    agreement,
    backup,
    check,
    exporting,
    gui,
    hub,
    importing,
    merge,
    reindex,
    restore,
    selftest,
    stats,
    update_text,
)
from annotator.cli.common import add_db_option
from annotator.domain.errors import AnnotatorError

Handler = Callable[[argparse.Namespace], int]

# Each module adds one sub-command; the order here is the order of --help.
COMMAND_MODULES = [gui, importing, exporting, merge, stats, agreement, selftest]
COMMAND_MODULES += [update_text, check, reindex, backup, restore, hub]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Highlight and tag character spans in articles; export labelled datasets.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    add_db_option(parser)
    parser.add_argument("--annotator", help="your annotator name (default: your user name)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    hub.register_sync(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = getattr(args, "handler", gui.run)
    try:
        return handler(args)
    except AnnotatorError as error:
        print(f"annotator: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted; nothing was changed", file=sys.stderr)
        return 130
