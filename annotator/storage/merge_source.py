"""Reading a colleague's project file, read-only, for merging. Nothing here writes to it.

Their file is untrusted (see ``untrusted``): every row goes through the same models and rules as an
import, and the first one that breaks them ends the merge with a message naming the file and the record,
before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from annotator.domain.errors import InputError
from annotator.domain.models import Document, Label, Span
from annotator.domain.sessions import Activity
from annotator.storage.merge_structure import STRUCTURE_MIGRATION, StructureSource
from annotator.storage.untrusted import (
    check_schema,
    read_rows,
    record_name,
    require_sound_values,
    untrusted_connection,
)

Model = TypeVar("Model", bound=BaseModel)

_LABEL_COLUMNS = ("name", "colour", "hotkey", "description", "position")
_DOCUMENT_COLUMNS = ("id", "title", "source", "text", "sha256", "created", "note")
_SPAN_COLUMNS = (
    "id",
    "document_id",
    "start",
    "end",
    "label",
    "text",
    "annotator",
    "note",
    "created",
    "updated",
)


SESSIONS_MIGRATION = "0013_annotation_sessions"
_ACTIVITY_COLUMNS = ("annotator", "document_id", "at", "action", "spans_added", "spans_removed")


class MergeSource:
    """Everything a merge needs from another project database, loaded once and checked."""

    def __init__(self, path: Path, *, current: bool = True) -> None:
        """``current``: the file must have this version's schema (a merge reads it as it is); otherwise
        an older one is accepted (a backup is brought up to date when it is opened), and every value in
        it must keep its column's rules."""
        with untrusted_connection(path) as conn:
            version = check_schema(conn, path, current=current)
            if not current:
                # A backup becomes the project: every value in it is read by something, some day.
                require_sound_values(conn, path, version.applied)
            self.labels = _models(Label, read_rows(conn, path, "labels", _LABEL_COLUMNS), path, "labels")
            self.documents = _models(
                Document, read_rows(conn, path, "documents", _DOCUMENT_COLUMNS), path, "documents"
            )
            rows = read_rows(conn, path, "spans", _SPAN_COLUMNS, order='document_id, start, "end", id')
            self.spans = _models(Span, rows, path, "spans")
            self.activity = (
                _models(Activity, read_rows(conn, path, "activity", _ACTIVITY_COLUMNS), path, "activity")
                if SESSIONS_MIGRATION in version.applied
                else []  # a backup from before sessions were recorded
            )
            self._check_span_labels(path)
            # A file from before relations, attributes and document labels has none of them.
            self.structure = (
                StructureSource(conn, path, self.spans) if STRUCTURE_MIGRATION in version.applied else None
            )

    def _check_span_labels(self, path: Path) -> None:
        names = {label.name for label in self.labels}
        for number, span in enumerate(self.spans, 1):
            if span.label not in names:
                where = record_name("spans", number, {"id": span.id})
                message = f"{where}, field 'label': label '{span.label}' is not one of the file's labels"
                raise InputError(message, path=path)


def _models(model: type[Model], rows: Iterable[dict[str, object]], path: Path, table: str) -> list[Model]:
    built = []
    for number, row in enumerate(rows, 1):
        try:
            # Strict: a number where text belongs (or the reverse) is refused, never converted.
            built.append(model.model_validate(row, strict=True))
        except ValidationError as error:
            problem = error.errors()[0]
            field = ".".join(str(part) for part in problem["loc"]) or None
            message = str(problem["msg"]).removeprefix("Value error, ")
            where = record_name(table, number, row) + (f", field '{field}'" if field else "")
            raise InputError(f"{where}: {message}", path=path) from None
    return built
