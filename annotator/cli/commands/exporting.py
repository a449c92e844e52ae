"""``annotator export``."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.common import add_db_option, open_project
from annotator.formats.names import EXPORT_FORMAT_NAMES


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("export", help="export the corpus as a labelled dataset")
    add_db_option(parser)
    parser.add_argument("out", type=Path, metavar="OUT", help="the file to write (a new folder for brat)")
    parser.add_argument(
        "--format", choices=EXPORT_FORMAT_NAMES, default="jsonl", help="dataset format (default: jsonl)"
    )
    parser.add_argument(
        "--annotator",
        dest="export_annotators",
        action="append",
        default=[],
        metavar="NAME",
        help="only this annotator's spans (repeat for several; default: everyone's)",
    )
    parser.add_argument(
        "--label",
        dest="export_labels",
        action="append",
        default=[],
        metavar="LABEL",
        help="only spans with this label (repeat for several; default: all labels)",
    )
    parser.add_argument(
        "--status",
        dest="export_statuses",
        action="append",
        default=[],
        choices=["todo", "in_progress", "done"],
        help="only documents with this status for the chosen annotators, or anyone (repeatable)",
    )
    parser.add_argument(
        "--layer",
        metavar="LAYER",
        help="'gold' for the adjudicated layer (with each span's provenance), or one annotator's name",
    )
    parser.add_argument(
        "--offsets",
        choices=["code-points", "utf-16"],
        default="code-points",
        help="label-studio only: count offsets in code points (Label Studio 1.x, the default) or in UTF-16 "
        "code units (older versions)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from annotator.formats.offset_readings import OffsetUnit
    from annotator.services.exporting import ExportFilter, export_dataset

    filters = ExportFilter(
        annotators=tuple(args.export_annotators),
        labels=tuple(args.export_labels),
        statuses=tuple(args.export_statuses),
        layer=args.layer,
    )
    with open_project(args) as project:
        report = export_dataset(project, args.out, args.format, filters, offsets=OffsetUnit(args.offsets))
    print(report.summary())
    return 0
