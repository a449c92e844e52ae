"""GUI figures on Qt's offscreen platform: open and paint the long article, tag and untag a span there,
scroll a page, and start the app on the large corpus (time to an interactive window, resident memory).

    python -m benchmarks.bench_gui [--scale 1] [--runs 5]

Start-up is measured in fresh processes, from the moment the process is launched (interpreter and
imports included) to the end of the first pass of the event loop after the window is shown.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import synthetic
from benchmarks.gui_steps import scroll_pages
from benchmarks.harness import Figure, Samples, options, report, spread
from benchmarks.relations_gui import relation_figures

WINDOW_SIZE = (1400, 860)


def article_figures(workdir: Path, scale: float, runs: int) -> list[Figure]:
    from PySide6.QtCore import QSettings

    from annotator.domain.models import Document, Span
    from annotator.services import annotation, reading
    from annotator.services.project import Project
    from annotator.ui.app import application
    from annotator.ui.main_window import MainWindow

    app = application([])
    path = workdir / f"article-{scale:g}.db"
    article, short_id = synthetic.article_database(path, scale)
    settings_path = workdir / "bench-gui-settings.ini"
    settings_path.unlink(missing_ok=True)
    figures: list[Figure] = []
    with Project.open(path, annotator="alice") as project:
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
            # Queued work runs (layouts, the window repainting), then the article is painted, spans and all.
            app.processEvents()
            view.viewport().grab()

        size = f"{len(article.document.text) / 1_000_000:.2g} MB"
        opening = Samples()
        for _ in range(max(runs, 1)):
            open_short()
            opening.time(open_long)
        figures.append(
            opening.figure(
                f"open the {size} article with its {len(article.spans):,} spans and paint it",
                150,
                note="MainWindow.open_document: database, span list, view, first paint",
            )
        )
        spans = reading.document_span_rows(project, document_id, [project.annotator])
        document = reading.load_document(project, document_id)

        def show(record: Document) -> None:
            view.show_document(record, spans)
            app.processEvents()
            view.viewport().grab()

        show_long = partial(show, document)

        showing = Samples()
        for _ in range(max(runs, 1)):
            open_short()
            showing.time(show_long)
        figures.append(
            showing.figure(
                "the same, view only",
                150,
                note="ArticleView.show_document with spans already loaded, then the first paint",
            )
        )
        # The same text as one paragraph (no line breaks at all), as some scraped articles come: Qt lays
        # out a paragraph as one unit, so the view shows very long ones in pieces.
        flat = document.model_copy(update={"text": document.text.replace("\n", " ")})
        flattened = Samples()
        for _ in range(max(runs, 1)):
            open_short()
            flattened.time(partial(show, flat))
        figures.append(
            flattened.figure(
                "the same article as one paragraph, view only",
                150,
                note=f"no line break in {size}; 1 MB took about 40 s before the view split long paragraphs",
            )
        )
        show_long()  # the article as it is again, for the figures below

        # Tag and untag words in the first screenful, so the repaint really draws the changed block.
        text = article.document.text
        words = [i + 1 for i in range(len(text) - 9) if text[i] == " " and text[i + 1 : i + 8].isalpha()]
        added, removed = Samples(), Samples()
        tagged: list[Span] = []

        def tag(start: int) -> None:
            span = annotation.tag_span(project, document_id, start, start + 7, synthetic.LABELS[0].name)
            view.add_span(span)
            view.viewport().repaint()
            tagged.append(span)

        def untag() -> None:
            span = tagged.pop()
            annotation.remove_span(project, span)
            view.remove_span(span.id)
            view.viewport().repaint()

        for start in [w for w in words if w < 3000][: max(runs * 4, 4)]:
            added.time(partial(tag, start))
            removed.time(untag)
        figures.append(added.figure("add one span there, committed and repainted", 16))
        figures.append(removed.figure("remove one span there, committed and repainted", 16))

        # The same as a user does it: select, press a label's key, Delete. Besides storing and repainting,
        # the window records the undo step, moves the span list and updates the article list's counts.
        label = synthetic.LABELS[0].name

        # The other pane shows another article, as when comparing two side by side (with the same article
        # in both, both repaint the new span: about 2 ms more).
        window.panes.open_document(short_id, window.right, focus=False)
        window.panes.set_active_pane(pane)
        app.processEvents()

        def tag_in_window(start: int) -> None:
            window.span_ops.apply_label(label)
            view.viewport().repaint()

        def untag_in_window() -> None:
            window.span_ops.delete_selected_span()
            view.viewport().repaint()

        added, removed = Samples(), Samples()
        for start in [w for w in words if w < 3000][: max(runs * 4, 4)]:
            view.select_range(start, start + 7)  # selecting (and painting the selection) is the user's part
            app.processEvents()
            added.time(partial(tag_in_window, start))
            removed.time(untag_in_window)
            app.processEvents()
        figures.append(
            added.figure("add one span in the window, as a user does", 16, note="MainWindow.apply_label")
        )
        figures.append(
            removed.figure(
                "remove one span in the window, as a user does", 16, note="MainWindow.delete_selected_span"
            )
        )

        scrolling = scroll_pages(view, max(runs * 6, 6))
        figures.append(scrolling.figure("scroll one page in that article", 16))
        window.close()
        window.deleteLater()
        app.processEvents()
    return figures


def _start_runs(
    workdir: Path, database: Path, runs: int, runtime_only: bool, backup: bool = False
) -> list[dict[str, float]]:
    # Bytecode is cached (as an installed app's is) outside the repository, and one uncounted run fills it.
    cache = Path(tempfile.gettempdir()) / "annotator-bench-pycache"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPYCACHEPREFIX": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    settings = workdir / "bench-start-settings.ini"

    def start(*mode: str) -> dict[str, float]:
        settings.unlink(missing_ok=True)
        command = [sys.executable, "-m", "benchmarks.start_child", str(database), str(time.time())]
        command += [str(settings), *mode]
        output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
        settings.unlink(missing_ok=True)
        return dict(json.loads(output.strip().splitlines()[-1]))

    results = []
    for run in range(runs + 1):
        mode = "runtime" if runtime_only else "dev"
        if backup:
            # Each run really copies (a project unchanged since its last backup is not copied again). The
            # copy pushes the project out of the file cache, so a plain start first puts it back, as it is
            # for the figure without the backup, once the copy's writes are on disk.
            shutil.rmtree(database.parent / "backups", ignore_errors=True)
            os.sync()
            start(mode)
        result = start(mode, "backup") if backup else start(mode)
        if run:
            results.append(result)
    return results


def user_start_runs(workdir: Path, database: Path, runs: int) -> list[dict[str, object]]:
    """Starts through ``run_gui`` with a restored window (two panes open, the dark theme): the first,
    uncounted, chooses the theme and saves the window's state."""
    config = workdir / "bench-user-config"
    shutil.rmtree(config, ignore_errors=True)
    cache = Path(tempfile.gettempdir()) / "annotator-bench-pycache"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPYCACHEPREFIX": str(cache)}
    env["XDG_CONFIG_HOME"] = str(config)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    results: list[dict[str, object]] = []
    for run in range(runs + 1):
        command = [sys.executable, "-m", "benchmarks.start_user", str(database), str(time.time())]
        if not run:
            command.append("prepare")
        output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
        if run:
            results.append(dict(json.loads(output.strip().splitlines()[-1])))
    shutil.rmtree(config, ignore_errors=True)
    shutil.rmtree(database.parent / "backups", ignore_errors=True)
    return results


def start_figures(workdir: Path, scale: float, runs: int) -> list[Figure]:
    database = synthetic.corpus_database(workdir, scale)
    as_user = user_start_runs(workdir, database, max(runs, 1))
    user_seconds = [float(str(r["seconds"])) for r in as_user]
    restored = f"{as_user[0]['panes_open']} panes open, theme {as_user[0]['theme']}"
    results = _start_runs(workdir, database, max(runs, 1), runtime_only=True)
    with_pandas = _start_runs(workdir, database, max(runs // 2, 1), runtime_only=False)
    # ``annotator gui`` also copies the database into a rolling backup, on a thread beside the window,
    # when it changed since the last one; measured apart, since the figure above is defined without it.
    # The backups made here (in the benchmark's own folder) are removed.
    with_backup = _start_runs(workdir, database, max(runs // 2, 1), runtime_only=True, backup=True)
    shutil.rmtree(database.parent / "backups", ignore_errors=True)
    rows = int(results[0]["rows"])
    imports = statistics.median(r["imports"] for r in results)
    dev = statistics.median(r["seconds"] for r in with_pandas)
    return [
        spread(
            f"start as a user starts it (`annotator`, its window restored: {restored}), {rows:,} articles",
            user_seconds,
            1.5,
            "s",
        ),
        Figure(
            f"start to an interactive window on the {rows:,}-article database",
            statistics.median(r["seconds"] for r in results),
            1.5,
            "s",
            len(results),
            note=f"imports {imports:.2f} s of it; {dev:.2f} s where the test extras make sqlite-utils "
            "import pandas",
            cpu=statistics.median(r["cpu"] for r in results),
        ),
        Figure(
            "the same with the rolling backup `annotator gui` takes beside the window",
            statistics.median(r["seconds"] for r in with_backup),
            1.5,
            "s",
            len(with_backup),
            cpu=statistics.median(r["cpu"] for r in with_backup),
            note=f"database {database.stat().st_size / 2**20:,.0f} MB",
        ),
        Figure(
            f"resident memory with the {rows:,}-article database open",
            statistics.median(r["rss_mb"] for r in results),
            400,
            "MB",
            len(results),
        ),
    ]


def filter_figures(workdir: Path, scale: float, runs: int) -> list[Figure]:
    """Typing into the article list's title filter on the large corpus, one keystroke at a time."""
    from PySide6.QtCore import QSettings

    from annotator.services.project import Project
    from annotator.ui.app import application
    from annotator.ui.main_window import MainWindow

    app = application([])
    database = synthetic.corpus_database(workdir, scale)
    settings_path = workdir / "bench-filter-settings.ini"
    settings_path.unlink(missing_ok=True)
    typing = Samples()
    with Project.open(database, annotator="alice") as project:
        window = MainWindow(project, QSettings(str(settings_path), QSettings.Format.IniFormat))
        window.resize(*WINDOW_SIZE)
        window.show()
        app.processEvents()
        box = window.panes.document_panel.filter_box
        rows = window.panes.documents.rowCount()

        def type_text(text: str) -> None:
            box.setText(text)
            app.processEvents()  # the list filtered, laid out and painted

        for _ in range(max(runs, 1)):
            for length in range(1, len("Article 12") + 1):
                typing.time(partial(type_text, "Article 12"[:length]))
            type_text("")

        def step() -> None:
            window.panes.step_document(1)  # Ctrl+Right: the next article of the list, opened and painted
            app.processEvents()

        def next_unfinished() -> None:
            window.panes.open_next_unfinished()  # Ctrl+J
            app.processEvents()

        def label_filter(position: int) -> None:
            window.panes.document_panel.label_filter.setCurrentIndex(position)
            app.processEvents()

        stepping, unfinished, labelled = Samples(), Samples(), Samples()
        for _ in range(max(runs * 2, 2)):
            stepping.time(step)
            unfinished.time(next_unfinished)
        for _ in range(max(runs, 1)):
            labelled.time(partial(label_filter, 1))  # "Has <the first label>"
            label_filter(0)
        window.close()
        window.deleteLater()
        app.processEvents()
    settings_path.unlink(missing_ok=True)
    return [
        typing.figure(
            f"filter the {rows:,}-article list by title, per keystroke",
            100,
            note="our own target: the list keeps up with typing",
        ),
        stepping.figure("open the next article of that list (Ctrl+Right)", 150, note="our own target"),
        unfinished.figure("open the next unfinished article (Ctrl+J)", 150, note="our own target"),
        labelled.figure(
            "narrow that list to the articles with a span of one label",
            1000,
            note="our own target",
        ),
    ]


def main(argv: list[str] | None = None) -> None:
    args = options(__doc__ or "", argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    figures = article_figures(args.workdir, args.scale, args.runs)
    figures += relation_figures(args.workdir, args.scale, args.runs)
    figures += start_figures(args.workdir, args.scale, args.runs)
    figures += filter_figures(args.workdir, args.scale, args.runs)
    report(figures, args)


if __name__ == "__main__":
    main()
