"""Help > About."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from annotator import __version__
from annotator.services.project import Project


def show_about(parent: QWidget, project: Project) -> None:
    # The project's path and the annotator's name are the user's text: escaped, as the box reads HTML.
    QMessageBox.about(
        parent,
        "About Annotator",
        f"<h3>Annotator {__version__}</h3><p>Highlight and tag character spans in articles, review "
        "colleagues' tags and export labelled datasets.</p>"
        f"<p>Project: {escape(project.database.describe())}<br>Annotator: {escape(project.annotator)}</p>",
    )
