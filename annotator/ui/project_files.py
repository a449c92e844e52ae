"""Project files and long work: open or switch projects (and the recent list), import, export, merge a
colleague's project, rebuild the search index. Long work runs on a worker with progress and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu

from annotator.domain.errors import Cancelled
from annotator.domain.progress import NO_PROGRESS, Progress
from annotator.services import reading
from annotator.services import search as search_service
from annotator.services.project import Project
from annotator.ui.context import WindowContext
from annotator.ui.errors import info_box
from annotator.ui.plain_text import literal_ampersands
from annotator.ui.tasks import BackgroundTask, Work

if TYPE_CHECKING:
    from annotator.services.exporting import ExportFilter

RECENT_LIMIT = 8
PROJECT_FILES = "Annotator projects (*.db *.sqlite);;All files (*)"


def count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


class ProjectFiles(QObject):
    dataChanged = Signal()  # articles, spans or labels were added from outside: read everything again
    searchIndexRebuilt = Signal()
    aboutToSwitch = Signal()  # the open project is about to close: save what belongs to it

    def __init__(self, context: WindowContext, failed: Callable[[Exception, str], None]) -> None:
        super().__init__(context)
        self.context = context
        self.failed = failed  # shows the error and puts the screen back in step
        self.tasks: list[BackgroundTask] = []
        self.last_report = ""
        self.recent_menu = QMenu("Open &recent project")

    # -- projects -----------------------------------------------------------------------------------------

    def choose_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.context.window, "Open or create a project", "", PROJECT_FILES
        )
        if name:
            self.switch_project(Path(name))

    def switch_project(self, path: Path) -> bool:
        try:
            project = Project.open(path, annotator=self.context.project.annotator)
        except Exception as error:
            self.context.show_error(error, f"open {path}")
            return False
        self.aboutToSwitch.emit()
        self.context.project.close()
        self.context.set_project(project)
        self.remember_recent(path)
        return True

    def remember_recent(self, path: Path) -> None:
        resolved = str(path.resolve())
        recent = [resolved] + [p for p in self.recent() if p != resolved]
        self.context.settings.setValue("recent/projects", recent[:RECENT_LIMIT])
        self.rebuild_recent_menu()

    def recent(self) -> list[str]:
        value = self.context.settings.value("recent/projects", [])
        return [str(v) for v in value] if isinstance(value, list) else ([str(value)] if value else [])

    def rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.recent():
            self.recent_menu.addAction(literal_ampersands(path), partial(self.switch_project, Path(path)))
        self.recent_menu.setEnabled(bool(self.recent()))

    # -- long work ----------------------------------------------------------------------------------------

    def run_task(self, title: str, work: Work, on_done: Callable[[Any], None]) -> BackgroundTask | None:
        """Run long work on a worker with a progress dialog; errors and cancellation come back here."""
        project = self.context.project
        action = title.rstrip("…").lower()
        if project.database.path is None:  # an in-memory project cannot be shared with a worker
            try:
                on_done(work(project, NO_PROGRESS))
            except Exception as error:
                self.failed(error, action)
            return None

        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                self.context.message(str(error), 6000)
            else:
                self.failed(error if isinstance(error, Exception) else RuntimeError(error), action)

        task = BackgroundTask(
            self.context.window, title, project.database.path, project.annotator, work, on_done, failed
        )
        self.tasks.append(task)
        task.destroyed.connect(lambda: self.tasks.remove(task) if task in self.tasks else None)
        return task.start()

    def _finished(self, title: str, summary: str, *, box: bool) -> None:
        self.last_report = summary
        self.context.message(summary.splitlines()[0], 8000)
        if box:
            info_box(self.context.window, title, summary)

    def merge_colleague(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.context.window, "Merge a colleague's project", "", PROJECT_FILES
        )
        if name:
            self.merge_from(Path(name))

    def merge_from(self, path: Path) -> BackgroundTask | None:
        from annotator.services.merge import MergeReport, merge_project

        def done(report: MergeReport) -> None:
            self.dataChanged.emit()
            self.last_report = report.summary()
            info_box(self.context.window, "Merge finished", f"Merged {path.name}:\n\n{report.summary()}")

        return self.run_task(
            "Merging a colleague's project…", lambda p, progress: merge_project(p, path, progress), done
        )

    def import_files(self) -> None:
        from annotator.formats.registry import FORMATS  # (every reader: loaded when first needed)

        suffixes = sorted({suffix for f in FORMATS.values() for suffix in f.suffixes})
        patterns = " ".join(f"*{suffix}" for suffix in suffixes)
        names, _ = QFileDialog.getOpenFileNames(
            self.context.window,
            "Import articles or annotations",
            "",
            f"Everything Annotator reads ({patterns});;All files (*)",
        )
        if names:
            self.import_paths([Path(name) for name in names])

    def import_paths(self, paths: list[Path]) -> BackgroundTask | None:
        """Import files of any supported format (detected from each file) on a worker."""
        from annotator.services.importing import import_files
        from annotator.services.importing_report import ImportReport

        def done(report: ImportReport) -> None:
            self.dataChanged.emit()
            box = bool(report.spans_added or report.notes or report.offset_readings)
            self._finished("Import finished", report.summary(), box=box)

        def work(project: Project, progress: Progress) -> ImportReport:
            return import_files(project, paths, progress=progress.step)

        return self.run_task("Importing…", work, done)

    def export_dataset(self, labels: list[str]) -> None:
        from annotator.ui.export_dialog import ExportDialog  # (every writer: loaded when first needed)

        path = self.context.project.database.path
        folder = path.parent if path else Path.home()
        annotators = reading.list_annotators(self.context.project)
        dialog = ExportDialog(annotators, labels, folder, self.context.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.export_to(dialog.target(), dialog.chosen_format(), dialog.filters())

    def export_to(self, out: Path, format_name: str, filters: ExportFilter) -> BackgroundTask | None:
        from annotator.services.exporting import ExportReport, export_dataset

        def done(report: ExportReport) -> None:
            self._finished("Export finished", report.summary(), box=bool(report.notes))

        def work(project: Project, progress: Progress) -> ExportReport:
            return export_dataset(project, out, format_name, filters, progress=progress.step)

        return self.run_task("Exporting…", work, done)

    def rebuild_search_index(self) -> BackgroundTask | None:
        """Index every article and span again, on a worker with progress and Cancel (which changes nothing).
        Only needed when another program changed the file without keeping the index in step."""

        def work(project: Project, progress: Progress) -> tuple[int, int]:
            return search_service.rebuild_index(project, progress.step)

        def done(counts: tuple[int, int]) -> None:
            articles, spans = counts
            self.context.message(
                f"Search index rebuilt: {count(articles, 'article')}, {count(spans, 'span')}.", 8000
            )
            self.searchIndexRebuilt.emit()

        return self.run_task("Rebuilding the search index…", work, done)
