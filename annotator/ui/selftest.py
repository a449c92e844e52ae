"""``annotator selftest``: prove that an installation (a checkout, a wheel or a frozen bundle) works.

It drives the real main window on Qt's offscreen platform against a temporary project and a temporary
settings file: it tags a span after an emoji (so a UTF-16 / code-point mix-up would show), exports the
corpus and reads the export back. The user's database and settings are never opened: the project lives in
a temporary folder and every Qt settings path points into it too.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QEventLoop, QMessageLogContext, QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from annotator.domain.spans import snap_to_words
from annotator.services import reading
from annotator.services.exporting import export_jsonl
from annotator.services.importing import import_paths
from annotator.services.project import Project
from annotator.services.samples import open_project
from annotator.ui.app import application
from annotator.ui.main_window import MainWindow

# The article the span is tagged in: astral characters before the target shift UTF-16 positions away
# from code points, so a wrong conversion anywhere between the widget and the database changes the span.
TEST_ARTICLE = "Selftest article 👩‍💻 𠀀 讯飞星火.\nHuawei trains the model on Ascend 910B accelerators.\n"
TARGET = "Ascend 910B"
ANNOTATOR = "selftest"
WINDOW_TIMEOUT_SECONDS = 20.0
# Qt messages the offscreen platform prints for every window; they say nothing about the installation.
OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints",)


class SelftestFailure(Exception):
    """A check did not hold; the message says what was expected and what was found."""


@dataclass(frozen=True)
class Step:
    title: str
    action: Callable[[], str]  # returns a short detail for the report line


def run_steps(steps: Sequence[Step], out: TextIO) -> int:
    """Run ``steps`` in order, printing one line each; stop at the first failure. Returns the exit code."""
    started = time.perf_counter()
    for number, step in enumerate(steps, start=1):
        prefix = f"[{number}/{len(steps)}] {step.title}"
        try:
            detail = step.action()
        except Exception as error:
            print(f"FAIL {prefix}: {error}", file=out, flush=True)
            if not isinstance(error, SelftestFailure):
                print("".join(traceback.format_exception(error)), file=out, flush=True)
            print("selftest FAILED", file=out, flush=True)
            return 1
        elapsed = time.perf_counter() - started
        suffix = f": {detail}" if detail else ""
        print(f"ok   {prefix}{suffix} ({elapsed:.2f} s)", file=out, flush=True)
    print("selftest passed", file=out, flush=True)
    return 0


def run_selftest(out: TextIO) -> int:
    previous = qInstallMessageHandler(_drop_offscreen_noise)
    try:
        with tempfile.TemporaryDirectory(prefix="annotator-selftest-") as folder:
            selftest = GuiSelftest(Path(folder))
            try:
                return run_steps(selftest.steps(), out)
            finally:
                selftest.close()
    finally:
        qInstallMessageHandler(previous)


def _drop_offscreen_noise(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if not message.startswith(OFFSCREEN_NOISE):
        print(f"qt: {message}", file=sys.stderr, flush=True)


class GuiSelftest:
    """The checks, in order; each step uses what the previous ones set up."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.settings_path = folder / "settings.ini"
        self.export_path = folder / "export.jsonl"
        self.project: Project | None = None
        self.window: MainWindow | None = None
        self.document_id = ""
        self.label = ""
        self.expected: tuple[int, int] = (0, 0)

    def steps(self) -> list[Step]:
        return [
            Step("open a temporary project", self.open_project),
            Step("import a test article", self.import_article),
            Step("window shown offscreen", self.show_window),
            Step("tag a span in the window", self.tag_span),
            Step("export the dataset", self.export),
            Step("read the export back", self.read_export),
            Step("compute agreement", self.agreement),
            Step("close the window", self.close_window),
        ]

    def open_project(self) -> str:
        self.project = open_project(self.folder / "selftest.db", annotator=ANNOTATOR, samples=True)
        articles = len(reading.list_documents(self.project))
        labels = reading.list_labels(self.project)
        if not articles:
            raise SelftestFailure("the sample articles (seeds/) were not imported")
        if not labels:
            raise SelftestFailure("the default labels (resources/labels.json) were not loaded")
        self.label = labels[0].name
        return f"{articles} sample articles, {len(labels)} labels"

    def import_article(self) -> str:
        project = self._project()
        source = self.folder / "selftest-article.txt"
        source.write_text(TEST_ARTICLE, encoding="utf-8")
        import_paths(project, [source])
        document = next((d for d in reading.list_documents(project) if d.source == str(source)), None)
        if document is None:
            raise SelftestFailure(f"{source} was not imported")
        self.document_id = document.id
        astral = sum(ord(char) > 0xFFFF for char in TEST_ARTICLE)
        # ASCII only: a Windows console may not be able to print the article's emoji.
        return f"{len(TEST_ARTICLE)} code points, {astral} of them outside the BMP"

    def show_window(self) -> str:
        if QApplication.instance() is None:
            # Offscreen whatever the desktop is, so the check also runs over SSH and in CI.
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        # Any settings object created without an explicit file lands in the temporary folder too.
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(QSettings.Format.IniFormat, scope, str(self.folder / "qsettings"))
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        app = application()
        settings = QSettings(str(self.settings_path), QSettings.Format.IniFormat)
        self.window = MainWindow(self._project(), settings)
        self.window.show()
        deadline = time.monotonic() + WINDOW_TIMEOUT_SECONDS
        while not self._exposed():
            if time.monotonic() > deadline:
                raise SelftestFailure(f"the window was not shown within {WINDOW_TIMEOUT_SECONDS:.0f} s")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if app.windowIcon().pixmap(64, 64).isNull():
            raise SelftestFailure("the application icon (resources/icons/annotator.svg) cannot be drawn")
        return f"platform {app.platformName()}"

    def tag_span(self) -> str:
        window = self._window()
        window.panes.open_document(self.document_id, window.left)
        text = window.left.view.document_record.text if window.left.view.document_record else ""
        if TARGET not in text:
            raise SelftestFailure(f"the article shown in the left pane does not contain {TARGET!r}")
        start = text.index(TARGET)
        self.expected = snap_to_words(text, start, start + len(TARGET))
        window.left.view.select_range(start, start + len(TARGET))
        if window.left.view.selected_range() != (start, start + len(TARGET)):
            raise SelftestFailure(
                f"selecting [{start}, {start + len(TARGET)}) selected {window.left.view.selected_range()}"
            )
        window.span_ops.apply_label(self.label)
        if window.last_error is not None:
            raise SelftestFailure(f"tagging failed: {window.last_error}")
        spans = reading.document_spans(self._project(), self.document_id, [ANNOTATOR])
        stored = [(s.start, s.end, s.label, s.text) for s in spans]
        wanted = (*self.expected, self.label, text[self.expected[0] : self.expected[1]])
        if stored != [wanted]:
            raise SelftestFailure(f"expected the stored span {wanted}, found {stored}")
        if window.left.view.index.get(spans[0].id) is None:
            raise SelftestFailure("the span was stored but is not shown in the article pane")
        return f"{self.label} [{self.expected[0]}, {self.expected[1]}) {wanted[3]!r}"

    def export(self) -> str:
        count = export_jsonl(self._project(), self.export_path)
        return f"{count} documents to {self.export_path.name}"

    def read_export(self) -> str:
        lines = self.export_path.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
        record = next((r for r in records if r.get("id") == self.document_id), None)
        if record is None:
            raise SelftestFailure(f"the test article {self.document_id} is missing from the export")
        start, end = self.expected
        found = [(s["start"], s["end"], s["label"], s.get("text")) for s in record["spans"]]
        wanted = (start, end, self.label, record["text"][start:end])
        if found != [wanted] or wanted[3] != TARGET:
            raise SelftestFailure(f"expected the exported span {wanted} over {TARGET!r}, found {found}")
        return f"{len(records)} records, span {wanted[3]!r} intact"

    def agreement(self) -> str:
        """Two annotators who agree on the tagged span: the batch engine (NumPy) must say so."""
        from annotator.metrics.agreement import compute_agreement
        from annotator.metrics.model import AnnotatedDocument

        text = reading.load_document(self._project(), self.document_id).text
        span = (*self.expected, self.label)
        report = compute_agreement([AnnotatedDocument(self.document_id, text, {"a": [span], "b": [span]})])
        if report.mean_pairwise_f1 != 1.0 or report.tokens.krippendorff_alpha is None:
            raise SelftestFailure(f"two identical annotations gave F1 {report.mean_pairwise_f1}")
        return f"F1 {report.mean_pairwise_f1:.2f}, token alpha {report.tokens.krippendorff_alpha:.2f}"

    def close_window(self) -> str:
        window = self._window()
        window.close()
        window.deleteLater()
        self.window = None
        if not self.settings_path.is_file():
            raise SelftestFailure("closing the window did not save its state to the temporary settings")
        return "window state saved to the temporary settings"

    def close(self) -> None:
        """Release everything before the temporary folder is removed (Windows cannot delete open files)."""
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
        if self.project is not None:
            self.project.close()
            self.project = None

    def _exposed(self) -> bool:
        handle = self._window().windowHandle()
        return handle is not None and handle.isExposed()

    def _project(self) -> Project:
        if self.project is None:
            raise SelftestFailure("no project is open")
        return self.project

    def _window(self) -> MainWindow:
        if self.window is None:
            raise SelftestFailure("the window is not open")
        return self.window
