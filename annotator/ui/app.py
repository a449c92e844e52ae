"""Starting the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator import __version__
from annotator.domain.errors import AnnotatorError
from annotator.paths import APP_NAME, resources_dir
from annotator.services.project import Project
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
    icon = resources_dir() / "icons" / "annotator.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def user_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)


def run_gui(db_path: Path, *, annotator: str | None = None) -> int:
    app = application()
    try:
        project = Project.open(db_path, annotator=annotator)
    except AnnotatorError as error:
        QMessageBox.critical(None, "Annotator cannot start", str(error))
        return 1
    settings = user_settings()
    apply_theme(app, str(settings.value("view/theme", "system")))
    window = MainWindow(project, settings)
    window.show()
    try:
        return app.exec()
    finally:
        project.close()
