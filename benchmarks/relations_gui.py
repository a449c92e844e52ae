"""The ``bench_gui`` rows of structured annotation: the 1 MB article with its 10,000 spans and 5,000
relations between nearby spans, opened and painted (arcs included), a relation added in the window as a
user does it, and a page scrolled with the arcs drawn."""

from __future__ import annotations

import random
from functools import partial
from itertools import pairwise
from pathlib import Path

from benchmarks import synthetic
from benchmarks.gui_steps import scroll_pages
from benchmarks.harness import Figure, Samples

WINDOW_SIZE = (1400, 860)
RELATION_TYPE = "links"


def relation_figures(workdir: Path, scale: float, runs: int) -> list[Figure]:
    from PySide6.QtCore import QSettings

    from annotator.domain.structure import Relation, RelationType
    from annotator.services.project import Project
    from annotator.storage import relations as relation_rows
    from annotator.storage import structure_schema
    from annotator.ui.app import application
    from annotator.ui.main_window import MainWindow

    app = application([])
    path = workdir / f"relations-{scale:g}.db"
    article, short_id = synthetic.article_database(path, scale)
    rng = random.Random(5)
    ordered = sorted(article.spans, key=lambda s: (s.start, s.end))
    relations = []
    reach = min(10, len(ordered) - 1)  # each relation to a span at most ten spans on
    for _ in range(len(ordered) // 2 if reach > 0 else 0):  # 5,000 at full scale
        index = rng.randrange(len(ordered) - reach)
        source, target = ordered[index], ordered[index + rng.randint(1, reach)]
        relations.append(
            Relation(
                document_id=article.document.id,
                source_id=source.id,
                target_id=target.id,
                type=RELATION_TYPE,
                annotator=source.annotator,
            )
        )
    settings_path = workdir / "bench-relations-settings.ini"
    settings_path.unlink(missing_ok=True)
    figures: list[Figure] = []
    with Project.open(path, annotator="alice") as project:
        with project.database.write():
            structure_schema.upsert_relation_type(
                project.database, RelationType(name=RELATION_TYPE, colour="#e53935", hotkey="l")
            )
            relation_rows.upsert_relations(project.database, relations)
        window = MainWindow(project, QSettings(str(settings_path), QSettings.Format.IniFormat))
        window.resize(*WINDOW_SIZE)
        window.show()
        app.processEvents()
        pane = window.left
        view = pane.view
        document_id = article.document.id

        def open_short() -> None:
            window.panes.open_document(short_id, pane)
            app.processEvents()

        def open_long() -> None:
            window.panes.open_document(document_id, pane)
            app.processEvents()
            view.viewport().grab()  # the text, the spans and the arcs over them

        opening = Samples()
        for _ in range(max(runs, 1)):
            open_short()
            opening.time(open_long)
        size = f"{len(article.document.text) / 1_000_000:.2g} MB"
        figures.append(
            opening.figure(
                f"relations: open the {size} article with {len(article.spans):,} spans and "
                f"{len(relations):,} relations",
                150,
                note="MainWindow.open_document: spans, relations, relation panel, first paint with arcs",
            )
        )
        controller = window.structure_controller
        near = [s for s in ordered if s.end < 3000]
        added = Samples()

        def add(source_id: str, target_id: str) -> None:
            controller.add_relation(pane, source_id, target_id, RELATION_TYPE)
            view.viewport().repaint()

        pairs = list(zip(near, near[3:], strict=False)) or list(pairwise(ordered))
        for first, second in pairs[: max(runs * 4, 4)]:
            added.time(partial(add, first.id, second.id))
        figures.append(
            added.figure(
                "relations: add one in the window, as a user does",
                16,
                note="StructureController.add_relation: stored, undo step, arcs and panel redrawn",
            )
        )
        scrolling = scroll_pages(view, max(runs * 6, 6))
        figures.append(scrolling.figure("relations: scroll one page there, arcs drawn", 16))
        window.close()
        window.deleteLater()
        app.processEvents()
    return figures
