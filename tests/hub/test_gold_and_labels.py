"""The label schema and the gold layer travel from curators to everyone, and only from curators."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from annotator.domain.adjudication import GoldSpan
from annotator.services.adjudication import decide, document_candidates
from annotator.services.annotation import tag_span
from annotator.services.labels import add_label, update_label
from annotator.services.project import Project
from annotator.services.sync import sync
from annotator.storage import gold as gold_rows
from annotator.storage import labels as label_rows
from tests.hub.team import ARTICLES, add_articles, document_id, open_member, set_up_hub


@pytest.fixture
def team(hub_url: str, tmp_path: Path) -> Iterator[dict[str, Project]]:
    set_up_hub(hub_url)
    projects = {name: open_member(tmp_path, hub_url, name) for name in ("carol", "alice", "bob")}
    add_articles(projects["carol"])
    for project in projects.values():
        sync(project)
    yield projects
    for project in projects.values():
        project.close()


def test_the_curators_label_schema_reaches_everyone(team: dict[str, Project], hub_url: str) -> None:
    carol, alice = team["carol"], team["alice"]
    add_label(carol, "policy", colour="#123456", description="Export controls and subsidies")
    update_label(carol, "chips", colour="#abcdef")
    sync(carol)
    sync(alice)
    labels = {label.name: label for label in label_rows.list_labels(alice.database)}
    assert labels["policy"].description == "Export controls and subsidies"
    assert labels["chips"].colour == "#abcdef"

    add_label(alice, "mine")  # an annotator's own label stays in her project
    update_label(alice, "chips", colour="#000000")
    report = sync(alice)
    assert report.kept_local["labels"] == 2 and report.sent["labels"] == 0
    with psycopg.connect(hub_url) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM labels ORDER BY name")]
        colour = conn.execute("SELECT colour FROM labels WHERE name = 'chips'").fetchone()
    assert "mine" not in names and colour == ("#abcdef",)


def test_gold_decisions_travel_with_their_provenance(team: dict[str, Project], hub_url: str) -> None:
    carol, alice, bob = team["carol"], team["alice"], team["bob"]
    for project in (alice, bob):
        tag_span(project, document_id(project, ARTICLES[0]), 0, 6, "chips")
        sync(project)
    sync(carol)
    doc = document_id(carol, ARTICLES[0])
    [candidate] = document_candidates(carol, doc, ["alice", "bob"])
    [decided] = decide(carol, candidate.supporters, [], ["alice", "bob"]).gold
    assert sync(carol).sent["gold_spans"] == 1

    sync(alice)
    [gold] = gold_rows.gold_for_document(alice.database, document_id(alice, ARTICLES[0]))
    assert (gold.id, gold.decided_by, gold.text) == (decided.id, "carol", "Huawei")
    assert sorted(source.annotator for source in gold.sources) == ["alice", "bob"]

    # An annotator's gold decision is not hers to send.
    mine = GoldSpan(
        document_id=document_id(alice, ARTICLES[1]),
        start=0,
        end=7,
        label="chips",
        text="iFlytek",
        decided_by="alice",
    )
    with alice.database.write():
        gold_rows.upsert_gold(alice.database, [mine])
    report = sync(alice)
    assert report.kept_local["gold_spans"] == 1
    with psycopg.connect(hub_url) as conn:
        assert conn.execute("SELECT COUNT(*) FROM gold_spans").fetchone() == (1,)
