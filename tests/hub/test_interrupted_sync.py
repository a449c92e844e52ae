"""Killing the client (a real ``annotator sync`` process, SIGKILL) or stopping the server at random moments
mid-sync leaves both sides consistent; the next sync completes the work. Afterwards the hub and every
project agree: every change a project recorded as accepted is on the hub, and nothing is duplicated."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from annotator.domain.models import Span
from annotator.services.project import Project
from annotator.services.sync import sync
from annotator.storage import spans as span_rows
from tests.hub.pg_server import PgServer
from tests.hub.team import add_articles, open_member, set_up_hub

ARTICLES = 40
SPANS_PER_ARTICLE = 300  # 12,000 spans: three batches each way
SEED = int(os.environ.get("HUB_TEST_SEED", random.randrange(1_000_000)))


def article(number: int) -> str:
    return f"Article {number}. " + " ".join(f"word{n}" for n in range(60))


def sync_process(db: Path, name: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "annotator", "--db", str(db), "--annotator", name, "sync"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def alice_layer(project: Project) -> dict[str, tuple[object, ...]]:
    rows = project.database.query(
        'SELECT id, start, "end", label, note FROM spans WHERE annotator = ?', ("alice",)
    )
    return {row["id"]: (row["start"], row["end"], row["label"], row["note"]) for row in rows}


def hub_layer(url: str) -> dict[str, tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            'SELECT id, start, "end", label, note FROM spans WHERE annotator = %s AND NOT deleted', ("alice",)
        ).fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


def check_acknowledged_changes_are_on_the_hub(project: Project, url: str) -> None:
    """Every span the project holds a hub version for and has not changed since is on the hub, as here."""
    accepted = project.database.query(
        "SELECT v.key, v.version FROM hub_versions v WHERE v.kind = 'spans' AND NOT EXISTS "
        "(SELECT 1 FROM hub_pending p WHERE p.kind = 'spans' AND p.key = v.key)"
    )
    with psycopg.connect(url) as conn:
        hub = {
            row[0]: (row[1], row[2])
            for row in conn.execute("SELECT id, version, label FROM spans WHERE annotator = 'alice'")
        }
    local = alice_layer(project)
    for row in accepted:
        assert row["key"] in hub, f"accepted span {row['key']} is not on the hub (seed {SEED})"
        version, label = hub[row["key"]]
        assert version >= row["version"], f"seed {SEED}"
        if row["key"] in local and version == row["version"]:
            assert local[row["key"]][2] == label, f"seed {SEED}"


@pytest.fixture
def busy_team(hub_url: str, tmp_path: Path) -> Iterator[tuple[Project, Project]]:
    set_up_hub(hub_url)
    with open_member(tmp_path, hub_url, "carol") as carol:
        add_articles(carol, [article(n) for n in range(ARTICLES)])
        sync(carol)
    alice = open_member(tmp_path, hub_url, "alice")
    bob = open_member(tmp_path, hub_url, "bob")
    sync(alice)
    sync(bob)
    spans = []
    for document in alice.database.query("SELECT id, text FROM documents"):
        text = document["text"]
        for n in range(SPANS_PER_ARTICLE):
            start = (n * 7) % (len(text) - 10)
            spans.append(
                Span(
                    document_id=document["id"],
                    start=start,
                    end=start + 5,
                    label="chips",
                    text=text[start : start + 5],
                    annotator="alice",
                )
            )
    with alice.database.write():
        span_rows.upsert_spans(alice.database, spans)
    yield alice, bob
    alice.close()
    bob.close()


def test_killing_the_client_and_stopping_the_server_mid_sync(
    busy_team: tuple[Project, Project], hub_url: str, pg_server: PgServer
) -> None:
    alice, bob = busy_team
    chance = random.Random(SEED)
    killed = 0
    # How long an uninterrupted sync of each member took (start-up included): kills are drawn inside it, so
    # that a busy or an idle machine both see syncs interrupted at random points.
    took = {"alice": 2.5, "bob": 2.5}
    for round_ in range(10):
        if round_ >= 6 and killed >= 3:
            break
        if round_ % 2:  # changes made between interrupted syncs must arrive too
            ids = [
                row["id"] for row in alice.database.query("SELECT id FROM spans ORDER BY random() LIMIT 500")
            ]
            alice.database.conn.executemany(
                "UPDATE spans SET label = 'models' WHERE id = ?", [(i,) for i in ids]
            )
            alice.database.conn.commit()
        for name, project in (("alice", alice), ("bob", bob)):
            started = time.monotonic()
            process = sync_process(project.database.path, name)  # type: ignore[arg-type]
            time.sleep(chance.uniform(0.3, 0.95) * took[name])
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed += 1
                process.communicate(timeout=60)
            else:  # it finished before the kill: then it must have succeeded
                _, errors = process.communicate(timeout=60)
                assert process.returncode == 0, errors.decode()
                took[name] = time.monotonic() - started
            check_acknowledged_changes_are_on_the_hub(alice, hub_url)

    # The server stops (as abruptly as a crash) while a client is syncing: the client fails cleanly.
    process = sync_process(alice.database.path, "alice")  # type: ignore[arg-type]
    time.sleep(chance.uniform(0.4, 1.5))
    pg_server.stop(immediate=True)
    _, errors = process.communicate(timeout=60)
    pg_server.start()
    assert process.returncode in (0, 1), errors
    if process.returncode == 1:
        assert b"hub" in errors  # an error a person can act on, not a traceback
    check_acknowledged_changes_are_on_the_hub(alice, hub_url)

    sync(alice)
    sync(bob)
    sync(alice)  # anything bob's sync might have shown alice: nothing, but a second pass proves it
    assert killed > 0, f"no sync was interrupted (seed {SEED}): the test proved nothing"
    expected = alice_layer(alice)
    assert len(expected) == ARTICLES * SPANS_PER_ARTICLE
    assert hub_layer(hub_url) == expected, f"seed {SEED}"
    assert alice_layer(bob) == expected, f"seed {SEED}"
    assert alice.database.query("SELECT COUNT(*) AS n FROM hub_pending")[0]["n"] == 0
    with psycopg.connect(hub_url) as conn:
        count = conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM spans").fetchone()
    assert count == (len(expected), len(expected))
