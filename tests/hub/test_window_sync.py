"""The window syncs in the background: a colleague's span appears within seconds, a change made in the
window reaches the hub at once, and a hub that goes away leaves the window working."""

from __future__ import annotations

from pathlib import Path

import psycopg
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from annotator.services import reading
from annotator.services.annotation import tag_span
from annotator.services.sync import sync
from annotator.ui.main_window import MainWindow
from tests.hub.pg_server import PgServer
from tests.hub.team import ARTICLES, add_articles, document_id, open_member, set_up_hub


def hub_span_ids(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM spans")}


def test_the_window_syncs_in_the_background(
    qtbot: QtBot, hub_url: str, tmp_path: Path, pg_server: PgServer
) -> None:
    set_up_hub(hub_url)
    with open_member(tmp_path, hub_url, "carol") as carol:
        add_articles(carol)
        sync(carol)
    bob = open_member(tmp_path, hub_url, "bob")
    sync(bob)
    alice = open_member(tmp_path, hub_url, "alice")
    window = MainWindow(alice, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.hub_sync.timer.setInterval(200)
    window.show()
    qtbot.waitUntil(lambda: window.documents.rowCount() == len(ARTICLES), timeout=10_000)
    qtbot.waitUntil(lambda: "synced" in window.hub_sync.indicator.text(), timeout=10_000)

    theirs = tag_span(bob, document_id(bob, ARTICLES[0]), 0, 6, "chips")  # bob is now "in progress"
    sync(bob)
    # The article list (what the window shows) counts bob's span within seconds.
    mine_there = document_id(alice, ARTICLES[0])
    qtbot.waitUntil(lambda: window.documents.span_count(mine_there) == 1, timeout=10_000)
    assert reading.get_span(window.project, theirs.id).annotator == "bob"
    qtbot.waitUntil(
        lambda: "bob: 0 done, 1 in progress" in window.hub_sync.indicator.toolTip(), timeout=10_000
    )

    # A change made in the window is sent without waiting for the timer.
    window.hub_sync.timer.stop()
    window.open_document(document_id(alice, ARTICLES[1]), window.left)
    view = window.left.view
    resets: list[bool] = []
    window.documents.modelReset.connect(lambda: resets.append(True))
    rounds = window.hub_sync.rounds
    view.select_range(0, 7)
    window.apply_label("models")
    mine = view.selected_span_id()
    qtbot.waitUntil(lambda: mine in hub_span_ids(hub_url), timeout=10_000)
    # A round that only sent reloads nothing: the window already shows what it sent.
    qtbot.waitUntil(lambda: window.hub_sync.rounds > rounds, timeout=10_000)
    assert resets == [] and view.selected_span_id() == mine

    # The hub goes away: the window says so, keeps working, and syncs when it is back.
    pg_server.stop(immediate=True)
    try:
        window.hub_sync.sync_now()
        qtbot.waitUntil(lambda: "offline" in window.hub_sync.indicator.text(), timeout=20_000)
        view.select_range(8, 16)
        window.apply_label("chips")
        offline = view.selected_span_id()
        assert offline is not None
    finally:
        pg_server.start()
    window.hub_sync.sync_now()
    qtbot.waitUntil(lambda: offline in hub_span_ids(hub_url), timeout=20_000)
    window.close()
    bob.close()
