"""The annotation-sessions chart in a real window: one chart per annotator, a bar per session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.services.project import Project
from annotator.ui.sessions_chart import SessionsDialog, describe
from tests.fixtures.three_annotators import fill_three_annotators
from tests.ui.conftest import WindowFactory


def test_sessions_are_charted_per_annotator_from_the_menu(
    qtbot: QtBot, empty_project: Project, make_window: WindowFactory
) -> None:
    fill_three_annotators(empty_project)
    # bob also worked the day before: a second session of his. carol's first edit was ten weeks ago,
    # before the weeks the window shows.
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="milliseconds")
    long_ago = (datetime.now(UTC) - timedelta(weeks=10)).isoformat(timespec="milliseconds")
    with empty_project.database.write() as db:
        for who, when in (("bob", yesterday), ("carol", long_ago)):
            db.execute(
                "UPDATE activity SET at = ? WHERE id = (SELECT min(id) FROM activity WHERE annotator = ?)",
                [when, who],
            )
    window = make_window(empty_project)
    action = next(
        a
        for a in window.findChildren(type(window.menuBar().actions()[0]))
        if a.text() == "Annotation &sessions…"
    )
    action.trigger()
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, SessionsDialog) and w.isVisible()
    )
    qtbot.addWidget(dialog)
    assert sorted(dialog.charts) == ["alice", "bob", "carol"]
    bob = dialog.charts["bob"]
    assert [s.spans_added for s in bob.sessions] == [1, 4]
    assert "1 spans added" in describe(bob.sessions[0])
    assert sum(s.spans_added for s in dialog.charts["carol"].sessions) == 4  # not the one ten weeks ago
    # The bars are painted: the taller one's column holds the highlight colour near the axis, the shorter
    # one's only lower down.
    image = bob.grab().toImage()
    highlight = bob.palette().color(QPalette.ColorRole.Highlight).rgb()
    (short, _), (tall, _) = bob._bars
    bottom = int(short.bottom()) - 2
    assert image.pixel(int(short.center().x()), bottom) == highlight
    assert image.pixel(int(tall.center().x()), bottom) == highlight
    middle = int(short.top() + short.height() * 0.4)
    assert image.pixel(int(tall.center().x()), middle) == highlight
    assert image.pixel(int(short.center().x()), middle) != highlight
    dialog.close()
