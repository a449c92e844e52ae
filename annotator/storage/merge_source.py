"""Reading a colleague's project file, read-only, for merging. Nothing here writes to it."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.errors import InputError, StorageError
from annotator.domain.models import Document, Label, Span
from annotator.storage.database import Database
from annotator.storage.migrations import schema_is_current


class MergeSource:
    """Everything a merge needs from another project database, loaded once."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise InputError("no such project file", path=path)
        try:
            database = Database(path, read_only=True)
        except StorageError as error:
            raise InputError(f"cannot be opened as an Annotator project ({error})", path=path) from error
        try:
            rows = database.query("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not {"documents", "spans", "labels"} <= {row["name"] for row in rows}:
                raise InputError(
                    "is not an Annotator project (it has no documents, spans and labels)", path=path
                )
            if not schema_is_current(database.db):
                raise InputError(
                    "was written by another version of Annotator; open it once with this version first",
                    path=path,
                )
            self.documents = [
                Document(**dict(row))
                for row in database.query(
                    "SELECT id, title, source, text, sha256, created, note FROM documents"
                )
            ]
            self.labels = [Label(**dict(row)) for row in database.query("SELECT * FROM labels")]
            self.spans = [
                Span(**dict(row))
                for row in database.query(
                    'SELECT id, document_id, start, "end", label, text, annotator, note, created, updated '
                    "FROM spans ORDER BY document_id, start"
                )
            ]
        finally:
            database.close()
