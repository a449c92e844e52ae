"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.domain.files import require_regular_file
from annotator.paths import default_database_path
from annotator.services.project import Project


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        help="project database (default: $ANNOTATOR_DB, else annotator.db in your user data folder)",
    )


def database_path(args: argparse.Namespace) -> Path:
    path: Path = getattr(args, "db", None) or default_database_path()
    if path.exists():
        require_regular_file(path, "project file")  # a pipe or a device is no project
    return path


def open_project(args: argparse.Namespace) -> Project:
    """The project named by ``--db`` (created empty when new: commands never add the sample articles)."""
    return Project.open(database_path(args), annotator=getattr(args, "annotator", None))
