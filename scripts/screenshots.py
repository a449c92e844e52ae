"""Make the README's screenshots from the current code: the window in light and dark, review mode, the
curation view and the agreement panel, on the sample articles tagged by three analysts.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [--out docs/screenshots]

Each shot is one function in ``SHOTS``: a new view (curation, say) adds its own function there.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.services.samples import open_project
from annotator.ui.app import application
from annotator.ui.main_window import MainWindow
from annotator.ui.theme import apply_theme

SIZE = (1400, 860)
# What three analysts tagged in the first sample article: (needle, alice's, bob's and carol's label).
TAGS = [
    ("iFlytek", "strategy", "strategy", "strategy"),
    ("homegrown artificial-intelligence models", "models", "models", "models"),
    ("Huawei", "chips", "chips", None),
    ("heavy losses", "financials", "strategy", "financials"),
    ("make money from it", "financials", None, "financials"),
    ("enterprise AI products", "strategy", "models", "models"),
    ("lucrative government contracts", "financials", "financials", None),
    ("Chinese government subsidy", None, "financials", "financials"),
]
ANNOTATORS = ("alice", "bob", "carol")


def tag(project: Project, document_id: str, needle: str, label: str) -> None:
    text = reading.load_document(project, document_id).text
    start = text.index(needle)
    annotation.tag_span(project, document_id, start, start + len(needle), label)


def sample_project(folder: Path) -> tuple[Path, str]:
    path = folder / "screenshots.db"
    with open_project(path, annotator="alice", samples=True) as project:
        document_id = reading.list_documents(project)[0].id
    for column, who in enumerate(ANNOTATORS, start=1):
        with Project.open(path, annotator=who) as project:
            for row in TAGS:
                label = row[column]
                if label:
                    tag(project, document_id, str(row[0]), label)
    return path, document_id


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def main_light(window: MainWindow, app: QApplication, document_id: str) -> QWidget:
    apply_theme(app, "light")
    window.set_theme("light")
    window.panes.open_document(document_id, window.left)
    view = window.left.view
    span = next(s for s in view.index.spans() if s.text == "Huawei")
    view.select_span(span.id)
    return window


def main_dark(window: MainWindow, app: QApplication, document_id: str) -> QWidget:
    window.set_theme("dark")
    window.panes.open_document(document_id, window.left)
    return window


def review(window: MainWindow, app: QApplication, document_id: str) -> QWidget:
    window.set_theme("light")
    window.review.left_layer, window.review.right_layer = "alice", "bob"
    window.commands["view.review"].setChecked(True)
    window.review.open(document_id)
    window.review_panel.list.setCurrentRow(1)
    return window


def curation(window: MainWindow, app: QApplication, document_id: str) -> QWidget:
    window.commands["view.review"].setChecked(False)
    window.panes.open_document(document_id, window.left)
    view = window.show_curation()
    view.resize(1200, 760)
    return view


def agreement(window: MainWindow, app: QApplication, document_id: str) -> QWidget:
    window.commands["view.review"].setChecked(False)
    panel = window.show_agreement()
    panel.resize(1000, 720)
    while panel.report is None:
        app.processEvents()
    return panel


# name -> how to set the window up and what to photograph. A new view adds its own (name, function).
SHOTS: list[tuple[str, Callable[[MainWindow, QApplication, str], QWidget]]] = [
    ("window-light", main_light),
    ("window-dark", main_dark),
    ("review", review),
    ("curation", curation),
    ("agreement", agreement),
]


def make_shots(out: Path) -> list[Path]:
    app = application([])
    out.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as folder:
        path, document_id = sample_project(Path(folder))
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("annotator/name", "alice")
        with Project.open(path, annotator="alice") as project:
            window = MainWindow(project, settings)
            window.resize(*SIZE)
            window.show()
            settle(app)
            for name, shot in SHOTS:
                widget = shot(window, app, document_id)
                settle(app)
                target = out / f"{name}.png"
                widget.grab().save(str(target))
                made.append(target)
            window.close()
            for other in (window.agreement, window.curation_view):
                if other is not None:
                    other.close()
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    for made in make_shots(parser.parse_args().out):
        print(made)


if __name__ == "__main__":
    main()
