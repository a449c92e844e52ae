"""``annotator`` entry point: no sub-command starts the GUI; sub-commands work headless."""

from __future__ import annotations

import argparse
import os
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
    init,
    merge,
    reindex,
    restore,
    selftest,
    stats,
    suggest,
    update_text,
)
from annotator.cli.common import add_db_option
from annotator.cli.terminal import TerminalSafe
from annotator.domain.errors import AnnotatorError

Handler = Callable[[argparse.Namespace], int]

# Each module adds one sub-command; the order here is the order of --help.
COMMAND_MODULES = [gui, init, importing, exporting, merge, stats, agreement, selftest]
COMMAND_MODULES += [update_text, check, reindex, backup, restore, suggest, hub]


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
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafe(stdout), TerminalSafe(stderr)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = getattr(args, "handler", gui.run)
    try:
        status = handler(args)
        sys.stdout.flush()  # here, so that a reader that stopped early is noticed while we can say so
        return status
    except AnnotatorError as error:
        print(f"annotator: error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # ``annotator stats | head``: the reader stopped. Nothing more can reach it; the rest of what
        # would be printed is dropped, so that the interpreter's own final flush does not fail again.
        _silence_stdout()
        print("annotator: error: the output was closed before everything was printed", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted; nothing was changed", file=sys.stderr)
        return 130


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # no file descriptor (a test's captured output): nothing is flushed to a closed pipe
