"""Opening a project: the database, its schema, default labels and, on first start, the sample articles."""

from __future__ import annotations

import getpass
from pathlib import Path

from annotator.domain.adjudication import check_annotator_name
from annotator.domain.errors import StorageError
from annotator.domain.models import Label
from annotator.formats.label_schema import read_schema_file
from annotator.paths import resources_dir
from annotator.storage import labels as label_rows
from annotator.storage.database import Database
from annotator.storage.migrations import migrate, schema_is_current


def default_annotator() -> str:
    try:
        name = getpass.getuser().strip()
    except Exception:  # getuser raises several types when no user name is configured
        name = ""
    return name or "analyst"


def default_labels() -> list[Label]:
    return read_schema_file(resources_dir() / "labels.json")


class Project:
    """An open project database and the analyst working in it."""

    def __init__(self, database: Database, annotator: str) -> None:
        self.database = database
        self.annotator = annotator

    @classmethod
    def open(cls, path: str | Path | None, *, annotator: str | None = None) -> Project:
        """Open (creating if needed) a project; a new one gets the default labels. (The sample articles
        are added by ``services.samples``.)"""
        name = check_annotator_name(annotator or default_annotator())
        database = Database(path)
        try:
            project = cls(database, name)
            if database.read_only:
                # A network drive or a read-only file: show the project, write nothing (not even the schema).
                if not schema_is_current(database.db):
                    raise StorageError(
                        f"{database.describe()} needs upgrading by this version of Annotator, but it is "
                        f"read-only ({database.read_only_reason})"
                    )
                return project
            migrate(database.db, where=database.describe())
            if not label_rows.list_labels(database):
                with database.write():
                    for label in default_labels():
                        label_rows.upsert_label(database, label)
        except BaseException:
            database.close()
            raise
        return project

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def set_annotator(project: Project, name: str) -> None:
    """Work under another annotator name from now on (the name is recorded with every new span)."""
    from annotator.storage.annotators import ensure_annotator

    check_annotator_name(name)
    with project.database.write():
        ensure_annotator(project.database, name)
    project.annotator = name
