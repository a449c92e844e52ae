"""Starting the desktop app."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from annotator import __version__
from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.errors import AnnotatorError
from annotator.paths import APP_ID, APP_NAME, builtin_database_path, log_file_path, resources_dir
from annotator.services.backup import take_rolling_backup
from annotator.services.project import Project, default_annotator
from annotator.ui.crash import install_crash_reporting
from annotator.ui.main_window import MainWindow
from annotator.ui.theme import apply_theme


def application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)  # Wayland matches the window to its menu entry and icon by this
    icon = resources_dir() / "icons" / "annotator.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def user_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)


class StartupBackup(QObject):
    """A rolling backup of the project taken at start, on a thread of its own so that a large project
    opens at once. The copy is one consistent snapshot (SQLite's backup API, its own connections)."""

    finished = Signal(str)  # "" when it worked, else what went wrong

    def __init__(self, path: Path, window: MainWindow) -> None:
        super().__init__(window)
        self.path = path
        self.window = window
        self.finished.connect(self._report)
        self.worker = threading.Thread(target=self._run, name="annotator-backup", daemon=True)

    def start(self, delay_ms: int = 300) -> None:
        """Start copying once the window has had ``delay_ms`` to show itself: reading a large project
        beside the first paint slowed the start by a third."""
        QTimer.singleShot(delay_ms, self.begin)

    def begin(self) -> None:
        """Start copying now, unless it has started already."""
        if not self.worker.is_alive() and self.worker.ident is None:
            self.worker.start()

    def _run(self) -> None:
        try:
            take_rolling_backup(self.path, automatic=True)
        except (AnnotatorError, OSError) as error:
            self.finished.emit(str(error))
        else:
            self.finished.emit("")

    def _report(self, problem: str) -> None:
        if problem:
            self.window.statusBar().showMessage(f"No backup was taken at start: {problem}", 15000)


def annotator_name(settings: QSettings) -> str:
    """The name this machine's user annotates under: asked once, on first start, then remembered."""
    saved = str(settings.value("annotator/name", "") or "").strip()
    if saved:
        return saved
    name, ok = QInputDialog.getText(
        None,
        "Welcome to Annotator",
        "Your spans are recorded under your annotator name, so colleagues can review each other's work.\n"
        "Your name:",
        text=default_annotator(),
    )
    name = name.strip() if ok else ""
    name = name if name and name != GOLD_LAYER else default_annotator()
    settings.setValue("annotator/name", name)
    return name


def run_gui(db_path: Path, *, annotator: str | None = None) -> int:
    app = application()
    install_crash_reporting(log_file_path())
    settings = user_settings()
    apply_theme(app, str(settings.value("view/theme", "system")))
    name = annotator or annotator_name(settings)
    # Only the app's own default project starts with the sample articles, and only on its first start.
    first_start = db_path == builtin_database_path() and not db_path.exists()
    try:
        project = Project.open(db_path, annotator=name, samples=first_start)
    except AnnotatorError as error:
        box = QMessageBox(QMessageBox.Icon.Critical, "Annotator cannot start", str(error))
        box.setTextFormat(Qt.TextFormat.PlainText)  # the message names the file, which may look like HTML
        box.exec()
        return 1
    window = MainWindow(project, settings)
    window.show()
    backup = StartupBackup(db_path, window)
    backup.start()
    try:
        return app.exec()
    finally:
        project.close()
