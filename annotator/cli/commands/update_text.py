"""``annotator update-text``."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.common import add_db_option, open_project


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "update-text",
        help="replace a document's text with a new version; spans move exactly or are flagged for review",
    )
    add_db_option(parser)
    parser.add_argument("document_id", metavar="DOC_ID", help="the document to update")
    parser.add_argument("file", type=Path, metavar="FILE", help="the new version of its text")
    parser.add_argument("--encoding", default="utf-8", help="text encoding of FILE (default: utf-8)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.services.revisions import update_document_text

    text = read_text(args.file, args.encoding)
    with open_project(args) as project:
        report = update_document_text(project, args.document_id, text, source=str(args.file))
    print(report.summary())
    for outcome in report.flagged:
        print(
            f"  flagged {outcome.label} {outcome.text!r} by {outcome.owner} "
            f"(was at {outcome.old_start}): {outcome.reason}"
        )
    return 0


def read_text(path: Path, encoding: str) -> str:
    from annotator.domain.errors import InputError
    from annotator.domain.files import require_regular_file

    require_regular_file(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path=path) from error
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputError(f"is not valid {encoding} text", path=path, line=line) from error
    except LookupError as error:
        raise InputError(f"unknown encoding '{encoding}'", path=path) from error
