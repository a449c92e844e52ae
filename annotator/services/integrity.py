"""``annotator check``: is a project file sound, and does every span still match its document's text?

The check only reads: it opens the file read-only and never upgrades or repairs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.errors import StorageError
from annotator.storage import maintenance
from annotator.storage.maintenance import FlaggedSpan, SpanProblem


@dataclass
class CheckReport:
    path: Path
    problems: list[str] = field(default_factory=list)
    span_problems: list[SpanProblem] = field(default_factory=list)
    # Spans flagged for review after a text change: expected not to match, listed but not a failure.
    flagged: list[FlaggedSpan] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.span_problems

    def lines(self) -> list[str]:
        """The report as a person reads it."""
        out = [f"checked {self.path}"]
        out += [f"problem: {problem}" for problem in self.problems]
        out += [
            f"problem: {p.table} {p.span_id} in document {p.document_id} [{p.start}, {p.end}): {p.problem}"
            for p in self.span_problems
        ]
        out += [f"note: {note}" for note in self.notes]
        if self.flagged:
            count = len(self.flagged)
            out.append(f"note: {count} span(s) wait for review after their article's text changed")
            out += [f"  {f.table} {f.span_id} in document {f.document_id}: {f.reason}" for f in self.flagged]
        out.append("ok" if self.ok else f"{len(self.problems) + len(self.span_problems)} problem(s) found")
        return out


def check_database(path: Path) -> CheckReport:
    """SQLite's integrity and foreign-key checks, then every span against its document's text."""
    if not path.is_file():
        raise StorageError(f"{path} does not exist")
    report = CheckReport(path=path)
    try:
        report.problems += maintenance.integrity_problems(path)
    except StorageError as error:
        report.problems.append(str(error))
        return report
    schema = maintenance.schema_state(path)
    if schema.newer:
        report.problems.append(
            f"the file was written by a newer version of Annotator (schema step {schema.unknown[-1]})"
        )
    elif schema.pending:
        report.notes.append(
            f"the file uses an older schema ({len(schema.pending)} upgrade step(s) pending); "
            "opening it with Annotator upgrades it"
        )
    try:
        report.span_problems, report.flagged = maintenance.span_problems(path)
    except StorageError as error:
        # A file too damaged to read its tables: the integrity problems above already say why.
        report.problems.append(str(error))
    return report
