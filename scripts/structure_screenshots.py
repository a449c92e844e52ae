"""Make the README's screenshots of structured annotation from the current code: the label editor's
Relation types, Attributes and Document labels tabs, and the curation view's Relations, attributes and
labels tab, on one article that two analysts annotated with relations, attributes and document labels.

    QT_QPA_PLATFORM=offscreen python scripts/structure_screenshots.py [--out docs/screenshots/structure]
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

from annotator.domain.structure import AttributeDefinition, DocumentLabelSet, RelationType
from annotator.services import adjudication, annotation, reading, relations, structure
from annotator.services.importing import import_paths
from annotator.services.project import Project
from annotator.ui.app import application
from annotator.ui.label_editor import LabelEditorDialog
from annotator.ui.main_window import MainWindow
from annotator.ui.theme import apply_theme

TEXT = (
    "Huawei supplies the Ascend 910B that iFlytek trains on. "
    "华为 reported revenue of ¥4.1 billion in Q3 2025.\n"
    "Huawei Technologies and iFlytek were named in the new export controls."
)


def at(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


def schema(project: Project) -> None:
    for relation_type in (
        RelationType(
            name="supplies",
            colour="#e53935",
            hotkey="s",
            source_labels=("strategy",),
            target_labels=("chips",),
        ),
        RelationType(name="trains_on", colour="#1e88e5", hotkey="t", target_labels=("chips", "models")),
        RelationType(name="same_company", colour="#8e24aa", hotkey="c", directed=False),
    ):
        structure.save_relation_type(project, relation_type, seen=None)
    for definition in (
        AttributeDefinition(label="financials", name="metric", kind="choice", choices=("revenue", "profit")),
        AttributeDefinition(label="financials", name="amount", kind="number"),
        AttributeDefinition(label="financials", name="period", kind="text"),
        AttributeDefinition(label="financials", name="audited", kind="boolean"),
        AttributeDefinition(label="strategy", name="company", kind="entity"),
    ):
        structure.save_attribute(project, definition)
    structure.save_document_label_set(
        project,
        DocumentLabelSet(
            name="topic",
            choices=("export controls", "earnings", "chips"),
            multiple=True,
            hotkeys=("e", "g", ""),
        ),
    )
    structure.save_document_label_set(
        project, DocumentLabelSet(name="stance", choices=("positive", "negative"), hotkeys=("p", "n"))
    )


def annotate(project: Project, document_id: str, *, full: bool) -> None:
    def tag(piece: str, label: str) -> annotation.Span:
        return annotation.tag_span(project, document_id, *at(piece), label)

    huawei, ascend, iflytek = (
        tag("Huawei", "strategy"),
        tag("Ascend 910B", "chips"),
        tag("iFlytek", "strategy"),
    )
    huawei_cn = tag("华为", "strategy")
    money = tag("revenue of ¥4.1 billion" if full else "¥4.1 billion", "financials")
    relations.add_relation(project, huawei, ascend, "supplies")
    relations.add_relation(project, iflytek, ascend, "trains_on")
    relations.add_relation(project, huawei_cn, huawei, "same_company")
    relations.set_span_attribute(project, money, "metric", "revenue", was=None)
    relations.set_span_attribute(project, money, "amount", 4.1e9, was=None)
    relations.set_span_attribute(project, huawei, "company", "Huawei", was=None)
    structure.toggle_document_label(project, document_id, "topic", "export controls")
    structure.toggle_document_label(project, document_id, "stance", "negative" if full else "positive")
    if full:
        structure.toggle_document_label(project, document_id, "topic", "earnings")
        relations.add_relation(project, tag("Huawei Technologies", "strategy"), huawei, "same_company")


def sample_project(folder: Path) -> tuple[Path, str]:
    path = folder / "structure.db"
    source = folder / "huawei.txt"
    source.write_text(TEXT, encoding="utf-8")
    with Project.open(path, annotator="alice") as project:
        schema(project)
        import_paths(project, [source])
        document_id = reading.list_documents(project)[0].id
        annotate(project, document_id, full=True)
    with Project.open(path, annotator="bob") as project:
        annotate(project, document_id, full=False)
    with Project.open(path, annotator="rita") as project:
        for piece, label in (("Huawei", "strategy"), ("Ascend 910B", "chips")):
            adjudication.add_gold(project, document_id, *at(piece), label)
    return path, document_id


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def editor_tab(index: int, select: int = 0) -> Callable[[MainWindow, QApplication, str], QWidget]:
    def shot(window: MainWindow, app: QApplication, document_id: str) -> QWidget:
        dialog = next((w for w in app.topLevelWidgets() if isinstance(w, LabelEditorDialog)), None)
        if dialog is None or not dialog.isVisible():
            dialog = window.edit_labels()
        dialog.resize(980, 600)
        dialog.tabs.setCurrentIndex(index)
        page = dialog.tabs.currentWidget()
        if index == 2:
            combo = dialog.tabs.attributes.label_combo
            combo.setCurrentIndex(combo.findText("financials"))
        list_widget = getattr(page, "list", None)
        if list_widget is not None:
            list_widget.setCurrentRow(select)
        return dialog

    return shot


def curation(window: MainWindow, app: QApplication, document_id: str) -> QWidget:
    for widget in app.topLevelWidgets():
        if isinstance(widget, LabelEditorDialog):
            widget.close()
    window.panes.open_document(document_id, window.left)
    view = window.show_curation()
    view.resize(1200, 720)
    view.tabs.setCurrentIndex(1)
    return view


SHOTS: list[tuple[str, Callable[[MainWindow, QApplication, str], QWidget]]] = [
    ("relation-types", editor_tab(1)),
    ("attributes", editor_tab(2)),
    ("document-labels", editor_tab(3)),
    ("curation-structure", curation),
]


def make_shots(out: Path) -> list[Path]:
    app = application([])
    apply_theme(app, "light")
    out.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as folder:
        path, document_id = sample_project(Path(folder))
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("annotator/name", "rita")
        with Project.open(path, annotator="rita") as project:
            window = MainWindow(project, settings)
            window.resize(1400, 860)
            window.show()
            settle(app)
            for name, shot in SHOTS:
                widget = shot(window, app, document_id)
                settle(app)
                target = out / f"{name}.png"
                widget.grab().save(str(target))
                made.append(target)
            if window.curation_view is not None:
                window.curation_view.close()
            window.close()
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots/structure"))
    for made in make_shots(parser.parse_args().out):
        print(made)


if __name__ == "__main__":
    main()
