"""Make the README's pictures of the curation view and the annotation-sessions chart from the current code.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/curation_and_sessions.py

Builds a throwaway project from the sample articles in which alice, bob and carol tag the same article,
opens the window as dana (the curator), and saves docs/images/curation.png and docs/images/sessions.png.
The sessions are real edits made through the services; their times are then spread over a week, since a
script cannot wait for days (they are set to last week's).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.ui.main_window import MainWindow
from annotator.ui.sessions_chart import SessionsDialog

IMAGES = Path(__file__).resolve().parents[1] / "images"

# Who tags what in the first sample article: (annotator, quote, label).
READINGS = [
    *((name, "iFlytek", "strategy") for name in ("alice", "bob", "carol")),
    ("alice", "heavy losses", "financials"),
    ("bob", "heavy losses", "financials"),
    ("carol", "R&D spending led to heavy losses", "financials"),
    ("alice", "Chinese tech giant Huawei", "chips"),
    ("bob", "Huawei", "chips"),
    ("carol", "Huawei", "strategy"),
    ("alice", "monetize its AI", "strategy"),
    ("carol", "monetize its AI", "financials"),
    *((name, "Chinese government subsidy", "financials") for name in ("alice", "bob", "carol")),
    ("bob", "enterprise AI products", "models"),
]


def tag(project: Project, document_id: str, quote: str, label: str, nth: int = 0) -> None:
    text = reading.load_document(project, document_id).text
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    annotation.tag_span(project, document_id, start, start + len(quote), label)


def fill(path: Path) -> str:
    with Project.open(path, annotator="dana", samples=True) as project:
        documents = [d.id for d in reading.list_documents(project)]
        first = documents[0]
        for name, quote, label in READINGS:
            tag(Project(project.database, name), first, quote, label)
        # A week of work: each annotator tags capitalised words across the other articles, one edit per
        # step of their plan below; the edits' times are then set to the plan's.
        places = [
            (document_id, match.start(), match.end())
            for document_id in documents[1:]
            for match in re.finditer(r"\b[A-Z][a-z]{3,}\b", reading.load_document(project, document_id).text)
        ]
        for offset, person in enumerate(PLAN):
            as_person = Project(project.database, person)
            edits = sum(count for _, _, count, _ in PLAN[person])
            for document_id, start, end in places[offset * 7 : offset * 7 + edits]:
                annotation.tag_span(as_person, document_id, start, end, "strategy")
        spread_over_a_week(project)
        return first


# annotator -> sessions of (day of the week from 0, hour, edits, minutes between edits)
PLAN = {
    "alice": [
        (0, 9, 24, 1.5),
        (0, 14, 30, 1.0),
        (1, 10, 18, 2.0),
        (2, 9, 40, 0.8),
        (3, 15, 22, 1.2),
        (4, 9, 26, 1.0),
    ],
    "bob": [(0, 11, 12, 3.0), (1, 9, 20, 2.5), (2, 13, 16, 2.0), (4, 10, 28, 1.5)],
    "carol": [(1, 8, 30, 0.7), (1, 13, 14, 1.8), (2, 10, 22, 1.1), (3, 9, 35, 0.9), (4, 14, 12, 2.2)],
}


def spread_over_a_week(project: Project) -> None:
    """Give each annotator's sample edits the times of their plan: a working week of sessions."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    monday = today - timedelta(days=today.weekday() + 7)  # last week, so that the window's chart shows it
    with project.database.write() as db:
        for person, plan in PLAN.items():
            rows = [
                r[0] for r in db.execute("SELECT id FROM activity WHERE annotator = ? ORDER BY id", [person])
            ]
            times = [
                monday + timedelta(days=day, hours=hour, minutes=n * pace)
                for day, hour, count, pace in plan
                for n in range(count)
            ]
            # Their tags in the first article (the curation picture's) open Monday's first session.
            early = [times[0] - timedelta(minutes=n + 1) for n in range(len(rows) - len(times))]
            for row, when in zip(rows, [*reversed(early), *times], strict=True):
                db.execute(
                    "UPDATE activity SET at = ? WHERE id = ?", [when.isoformat(timespec="milliseconds"), row]
                )


def main() -> int:
    IMAGES.mkdir(exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "curation.db"
        first = fill(path)
        with Project.open(path, annotator="dana") as project:
            settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
            window = MainWindow(project, settings)
            window.resize(1300, 800)
            window.show()
            window.open_document(first, window.left)
            dialog = SessionsDialog(project, window)
            dialog.resize(820, 660)
            dialog.show()
            app.processEvents()
            dialog.grab().save(str(IMAGES / "sessions.png"))
            dialog.close()
            view = window.show_curation()
            view.resize(1150, 700)
            assert view.shown is not None
            row = next(n for n, p in enumerate(view.shown.places) if p.readings[0].text == "heavy losses")
            view.places.setCurrentRow(row)
            view.take(0)  # the curator takes the reading two of three gave; the picture shows its provenance
            view.places.setCurrentRow(row)
            app.processEvents()
            view.grab().save(str(IMAGES / "curation.png"))
            view.close()
            window.close()
    print(f"wrote {IMAGES / 'curation.png'} and {IMAGES / 'sessions.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
