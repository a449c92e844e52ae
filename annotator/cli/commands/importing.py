"""``annotator import``."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.cli.common import add_db_option, open_project
from annotator.formats.names import AUTO, IMPORT_FORMAT_NAMES
from annotator.formats.offset_readings import OffsetUnit

if TYPE_CHECKING:
    from annotator.services.project import Project


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "import",
        help="import documents and annotated datasets (text, Markdown, HTML, JSONL, doccano, Label Studio, "
        "CoNLL, brat, spaCy, Prodigy)",
    )
    add_db_option(parser)
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files, or folders of them")
    parser.add_argument(
        "--format",
        choices=IMPORT_FORMAT_NAMES,
        default=AUTO,
        help="file format (default: auto, from the file name and, for .jsonl, the first record)",
    )
    parser.add_argument("--encoding", default="utf-8", help="text encoding of the files (default: utf-8)")
    parser.add_argument(
        "--annotator",
        default=argparse.SUPPRESS,
        help="who made the spans when the file does not say (default: your annotator name)",
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid records and list the rejected ones (default: any bad record stops the import)",
    )
    parser.add_argument(
        "--rejected-report",
        type=Path,
        metavar="FILE",
        help="where --skip-invalid lists rejected records (default: import-rejected-TIME.jsonl here)",
    )
    parser.add_argument(
        "--offsets",
        choices=[unit.value for unit in OffsetUnit],
        default=OffsetUnit.CODE_POINTS.value,
        help="how offsets are counted in files that do not give each span's text (default: code-points; "
        "utf-16 for files from JavaScript-based tools such as older doccano)",
    )
    parser.add_argument(
        "--update-by",
        metavar="FIELD",
        help="a record field holding a stable article id (for example 'id' of an Annotator export, "
        "'meta.doc_id', or 'source' for a file's path): a record whose text changed but whose id names "
        "an article already here is a new version of it (default: every distinct text is its own article)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.services.importing import ImportOptions, import_files

    report_path = args.rejected_report
    if args.skip_invalid and report_path is None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        report_path = Path(f"import-rejected-{stamp}.jsonl")
    options = ImportOptions(
        format=args.format,
        encoding=args.encoding,
        skip_invalid=args.skip_invalid,
        offsets=OffsetUnit(args.offsets),
        rejected_report=report_path.resolve() if report_path is not None else None,
        update_by=args.update_by,
    )
    with open_project(args) as project:
        report = import_files(project, args.paths, options)
        print(report.summary(), flush=True)
        _catch_up_search_index(project)
    return 0


def _catch_up_search_index(project: Project) -> None:
    """A large import leaves its rows for the search index to take in one pass after it: done here."""
    from annotator.services.search import catch_up_index, index_backlog

    if not index_backlog(project):
        return
    started = time.perf_counter()
    shown = -1

    def progress(done: int, total: int) -> None:
        nonlocal shown
        percent = 100 * done // max(total, 1)
        if percent != shown and sys.stderr.isatty():
            shown = percent
            print(f"\rindexing for search… {percent}%", end="", file=sys.stderr, flush=True)

    indexed = catch_up_index(project, progress)
    if shown >= 0:
        print(file=sys.stderr)
    print(f"search index: {indexed:,} articles and spans indexed in {time.perf_counter() - started:.1f} s")
