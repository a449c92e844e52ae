"""View > Agreement: the agreement panel as a window of its own beside the main one, computed on a worker
as soon as it opens, and a drill-down that brings the review in front of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from annotator.domain.progress import Progress
from annotator.services import reading
from annotator.services.project import Project
from annotator.ui.agreement_panel import AgreementPanel
from annotator.ui.context import WindowContext
from annotator.ui.project_files import ProjectFiles

if TYPE_CHECKING:
    from annotator.metrics.report import AgreementReport


class AgreementWindow(QObject):
    def __init__(
        self,
        context: WindowContext,
        files: ProjectFiles,
        review_pair: Callable[[str, str, str], None],
    ) -> None:
        super().__init__(context)
        self.context = context
        self.files = files
        labels = [label.name for label in reading.list_labels(context.project)]
        # No parent: a dialog owned by the main window always stays above it, and the drill-down must
        # bring the review in front.
        self.panel = AgreementPanel(reading.list_annotators(context.project), labels, None)
        self.panel.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.panel.computeRequested.connect(self.compute)
        self.panel.reviewRequested.connect(review_pair)
        context.destroyed.connect(self.panel.close)
        self._computed_once = False

    def show(self) -> AgreementPanel:
        self.panel.show()
        self.panel.raise_()
        self.panel.activateWindow()
        if not self._computed_once:
            self._computed_once = True
            self.panel.request()  # figures at once for everyone and every label; narrow down after
        return self.panel

    def compute(self, annotators: list[str], labels: list[str]) -> None:
        from annotator.services.agreement import agreement_report

        self.panel.show_computing()

        def work(project: Project, progress: Progress) -> AgreementReport:
            progress.step(0, 1)
            return agreement_report(project, annotators=annotators or None, labels=labels or None)

        self.files.run_task("Computing agreement…", work, self.panel.show_report)

    def close(self) -> None:
        self.panel.close()
