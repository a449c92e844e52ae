"""Importing files in any supported format.

Every file is read and every record checked first; then all of it is stored in one transaction. A bad
record stops the import before anything is written, unless ``skip_invalid`` is set, in which case the
valid records are imported and the rejected ones listed (in the report, and in a file when asked).
Long imports report progress and can be cancelled; cancelling rolls the transaction back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path

from annotator.domain.collector import collector_paused
from annotator.domain.errors import Cancelled, InputError
from annotator.domain.files import require_writable_target
from annotator.formats.offset_readings import OffsetUnit
from annotator.formats.records import ReadResult, Rejection
from annotator.formats.registry import AUTO, Format, inputs
from annotator.formats.strict_json import count_lines
from annotator.services.importing_records import CheckSettings, checked_records
from annotator.services.importing_report import ImportReport, write_rejections
from annotator.services.importing_resolve import ResolvedDocument
from annotator.services.importing_store import BATCH, ImportStore
from annotator.services.project import Project

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


@dataclass(frozen=True)
class ImportOptions:
    format: str = AUTO
    encoding: str = "utf-8"
    # Whose spans these are when the file does not say; None means the project's annotator.
    annotator: str | None = None
    skip_invalid: bool = False
    # How offsets are counted in files that give no span text to check them against.
    offsets: OffsetUnit = OffsetUnit.CODE_POINTS
    # Where ``skip_invalid`` lists the rejected records (JSON Lines); None writes no file.
    rejected_report: Path | None = None
    # A record field carrying a stable article id (``id`` of our own export, ``meta.doc_id``, ``source``):
    # a record whose text changed but whose id names an article here is a new version of it. Without
    # it, every distinct text is its own article, whatever its metadata says.
    update_by: str | None = None


def import_files(
    project: Project,
    paths: Sequence[Path],
    options: ImportOptions = ImportOptions(),
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport:
    """Import ``paths`` (files, or folders standing for their files) into the project.

    ``progress(done, total)`` is called as files are read and then as documents are stored (the total
    changes between the two phases); ``cancelled()`` returning True stops the import and changes nothing.
    """
    with collector_paused():  # records, drafts and rows form no cycles; see collector_paused
        return _import(project, paths, options, progress, cancelled)


def _import(
    project: Project,
    paths: Sequence[Path],
    options: ImportOptions,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> ImportReport:

    def step(done: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("the import")
        if progress is not None:
            progress(done, total)

    if options.rejected_report is not None:
        # Checked before importing: a report that cannot be written must not follow a committed import.
        options = replace(options, rejected_report=require_writable_target(options.rejected_report))
    report = ImportReport()
    rejected: list[Rejection] = []
    annotator = (options.annotator or "").strip() or project.annotator
    _refuse_own_files(project, paths)
    sources = inputs(list(paths), options.format)
    _refuse_own_files(project, [path for path, _ in sources])
    settings = CheckSettings(options.encoding, annotator, options.offsets, options.update_by)
    # Files are read, checked and stored a batch at a time in one transaction: a rejected record (without
    # skip_invalid) or a cancel rolls all of it back, so nothing is imported unless everything is.
    with ImportStore(project, report, settings.stamp) as sink:
        for number, (path, chosen) in enumerate(sources):
            step(number, len(sources))
            result = ReadResult()
            try:
                read, with_spans, problems = _store_file(
                    (path, chosen, settings), result, sink, options, rejected, step, progress is not None
                )
            except InputError as error:
                # A file that cannot be read at all is refused whole (a reader raises only before its
                # first document); one that fails after some of it was stored fails the import.
                if not options.skip_invalid or sink.stored_from(path):
                    raise
                rejected.append(Rejection(Path(error.path or path), error.line, error.detail, error.field))
                report.records_read += 1
                continue
            rejected += result.rejections + problems
            report.notes += result.notes
            for where, counts in result.dropped.items():
                report.dropped.update(counts)
                shown = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
                report.notes.append(f"{where}: not imported: {shown}")
            report.records_read += read + len(result.rejections)
            if chosen.has_spans and read and not with_spans:
                report.notes.append(
                    f"{path}: no span found in its {read} record(s) read as {chosen.name}; "
                    "its texts are imported without spans (if the file has spans, check --format)"
                )
        step(len(sources), len(sources))
        if rejected and not options.skip_invalid:
            first = rejected[0].as_error()
            if len(rejected) > 1:
                first = InputError(
                    f"{first.detail} (and {len(rejected) - 1} more problem(s); nothing was imported: fix "
                    "them, or use --skip-invalid to import the valid records)",
                    path=first.path,
                    line=first.line,
                    field=first.field,
                )
            raise first
    report.rejected = rejected
    if rejected and options.rejected_report is not None:
        write_rejections(rejected, options.rejected_report)
        report.rejected_report = options.rejected_report
    return report


def _store_file(
    source: tuple[Path, Format, CheckSettings],
    result: ReadResult,
    sink: ImportStore,
    options: ImportOptions,
    rejected: list[Rejection],
    step: ProgressCallback,
    shown: bool,
) -> tuple[int, bool, list[Rejection]]:
    """Store one file's checked records a batch at a time; returns how many were read, whether any had
    spans, and the problems found. Once any record was rejected (without skip_invalid) nothing more is
    stored: the import will fail, but the rest is still checked, to count the problems. ``rejected`` are
    earlier files' problems; ``result`` gathers the reader's own as it reads. The file's lines (the
    progress total) are counted only when progress is ``shown``: a tenth of a second for 150 MB."""
    problems: list[Rejection] = []
    batch: list[ResolvedDocument] = []
    read, with_spans = 0, False
    path, chosen, settings = source
    total: int | None = None  # the file's lines, counted once the reading has started (its child too)

    def progressed() -> None:  # the records read so far, of the file's lines (or of its records once read)
        nonlocal total
        if total is None:
            total = count_lines(path) if shown and chosen.stream is not None else 0
        step(read, max(total, len(result.documents), read))

    records = checked_records(path, chosen, settings, result, progressed)
    with closing(records):  # a cancel or a failure while storing stops the reading (and its child) at once
        for outcome, has_spans in records:
            progressed()
            with_spans = with_spans or has_spans
            if isinstance(outcome, Rejection):
                read += 1
                problems.append(outcome)
                continue
            read += outcome.records
            sink.report.offset_readings += outcome.readings
            sink.report.unchecked_spans += outcome.unchecked
            failing = not options.skip_invalid and (problems or rejected or result.rejections)
            if failing:
                continue
            batch.append(outcome)
            if len(batch) >= BATCH:
                sink.add_batch(batch)
                batch = []
    if batch and (options.skip_invalid or not (problems or rejected or result.rejections)):
        sink.add_batch(batch)
    progressed()
    return read, with_spans, problems


def _refuse_own_files(project: Project, paths: Sequence[Path]) -> None:
    # Reading the project's own files would also close them, which drops this process's SQLite locks on
    # the project (POSIX locks belong to the process): another program could then delete its journal.
    own = project.database.own_files()
    for path in paths:
        if path.resolve() in own:
            raise InputError(
                "is this project's own database file; it cannot be imported into itself", path=path
            )


def import_paths(project: Project, paths: list[Path], *, encoding: str = "utf-8") -> ImportReport:
    """Import documents and datasets, telling formats apart by their names (and first record)."""
    return import_files(project, paths, ImportOptions(encoding=encoding))
