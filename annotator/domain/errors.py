"""Typed errors carrying a message a person can act on.

The UI and the CLI show ``str(error)``; nothing else is needed to understand what went wrong.
"""

from __future__ import annotations

from pathlib import Path


class AnnotatorError(Exception):
    """Base class for every error the user is meant to read."""


class InputError(AnnotatorError):
    """Bad input: names the file and, when known, the line, the field and what was expected."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.detail = message
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f", line {self.line}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        field = f"field '{self.field}': " if self.field else ""
        return f"{where}{field}{self.detail}"


class SpanError(AnnotatorError):
    """A span that does not fit its document (out of range, empty, text mismatch)."""


class NotFoundError(AnnotatorError):
    """A document, span or label that does not exist (any more)."""


class StorageError(AnnotatorError):
    """The environment failed: disk full, read-only file, database locked or unreadable."""


class Cancelled(AnnotatorError):
    """The user cancelled a long operation; everything it did was rolled back."""

    def __init__(self, what: str = "the operation") -> None:
        super().__init__(f"{what} was cancelled; nothing was changed")


class ConflictError(AnnotatorError):
    """An edit based on what the user saw, which has changed or vanished since (another window, the
    command line): refused rather than written over the newer state."""


class NotAllowedError(AnnotatorError):
    """A change the project's rules forbid: another annotator's layer, a reserved name, gold outside
    adjudication."""
