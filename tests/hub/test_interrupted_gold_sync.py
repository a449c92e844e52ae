"""The gold layer's relations, attributes and document labels survive interrupted syncs: the curator's
client killed at random moments (a real ``annotator sync`` process, SIGKILL), with changes and removals
between the kills, then synced to the end. Afterwards the hub and a colleague's project hold the
curator's gold structure exactly once, as the curator has it."""

from __future__ import annotations

import json
import random
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from annotator.domain.adjudication import GoldSpan
from annotator.domain.structure import DocumentLabelSet, RelationType
from annotator.services.project import Project
from annotator.services.structure import save_document_label_set, save_relation_type
from annotator.services.sync import sync
from annotator.storage import gold as gold_span_rows
from annotator.storage import gold_structure as gold_rows
from annotator.storage.gold_structure import GoldRelation
from tests.hub.team import add_articles, open_member, set_up_hub
from tests.hub.test_interrupted_sync import SEED, article, sync_process

ARTICLES = 20
GOLD_PER_ARTICLE = 100  # 2,000 gold spans, 1,000 gold relations, 2,000 gold attributes, 20 labels

Structure = tuple[
    dict[str, tuple[object, ...]], dict[tuple[str, str], tuple[object, ...]], set[tuple[str, ...]]
]


def local_gold(project: Project) -> Structure:
    conn = project.database.conn
    relations = {
        str(row[0]): tuple(row[1:])
        for row in conn.execute(
            "SELECT id, source_id, target_id, type, sources, decided_by FROM gold_relations"
        )
    }
    attributes = {
        (str(row[0]), str(row[1])): tuple(row[2:])
        for row in conn.execute("SELECT span_id, name, value, source, decided_by FROM gold_span_attributes")
    }
    labels = {
        tuple(str(v) for v in row)
        for row in conn.execute(
            "SELECT d.sha256, l.label_set, l.value, l.source FROM gold_document_labels l "
            "JOIN documents d ON d.id = l.document_id"
        )
    }
    return relations, attributes, labels


def hub_gold(url: str) -> Structure:
    with psycopg.connect(url) as conn:
        relations = {
            str(row[0]): tuple(row[1:])
            for row in conn.execute(
                "SELECT id, source, target, type, sources, decided_by FROM gold_relations WHERE NOT deleted"
            )
        }
        attributes = {
            (str(row[0]), str(row[1])): tuple(row[2:])
            for row in conn.execute(
                "SELECT span, name, value, source, decided_by FROM gold_span_attributes WHERE NOT deleted"
            )
        }
        labels = {
            tuple(str(v) for v in row)
            for row in conn.execute(
                "SELECT document, label_set, value, source FROM gold_document_labels WHERE NOT deleted"
            )
        }
    return relations, attributes, labels


@pytest.fixture
def busy_curator(hub_url: str, tmp_path: Path) -> Iterator[tuple[Project, Project]]:
    set_up_hub(hub_url)
    carol = open_member(tmp_path, hub_url, "carol")
    add_articles(carol, [article(n) for n in range(ARTICLES)])
    save_relation_type(carol, RelationType(name="next"), seen=None)
    save_document_label_set(carol, DocumentLabelSet(name="topic", choices=("a", "b")))
    sync(carol)
    bob = open_member(tmp_path, hub_url, "bob")
    sync(bob)
    source = json.dumps([{"relation_id": "r", "annotator": "alice"}])
    with carol.database.write():
        for document in carol.database.query("SELECT id, text FROM documents"):
            text = document["text"]
            gold = []
            for n in range(GOLD_PER_ARTICLE):
                start = (n * 7) % (len(text) - 10)
                gold.append(
                    GoldSpan(
                        document_id=document["id"],
                        start=start,
                        end=start + 5,
                        label="chips",
                        text=text[start : start + 5],
                        decided_by="carol",
                    )
                )
            gold_span_rows.upsert_gold(carol.database, gold)
            gold_rows.add_gold_relations(
                carol.database,
                [
                    GoldRelation(f"{a.id}-r", document["id"], a.id, b.id, "next", source, "carol", "then")
                    for a, b in zip(gold[::2], gold[1::2], strict=True)
                ],
            )
            for n, span in enumerate(gold):
                gold_rows.set_gold_attribute(
                    carol.database, span.id, "maker", f"m{n}", "alice", "carol", "then"
                )
            gold_rows.set_gold_document_labels(
                carol.database, document["id"], "topic", ["a"], "alice", "carol", "then"
            )
    yield carol, bob
    carol.close()
    bob.close()


def test_killing_the_curators_client_mid_sync_loses_and_duplicates_no_gold_structure(
    busy_curator: tuple[Project, Project], hub_url: str
) -> None:
    carol, bob = busy_curator
    chance = random.Random(SEED)
    killed = 0
    took = 2.5
    for round_ in range(8):
        if round_ >= 4 and killed >= 2:
            break
        if round_ % 2:  # changes and removals made between interrupted syncs must arrive too
            db = carol.database.conn
            db.execute(
                "UPDATE gold_relations SET decided_at = 'changed' "
                "WHERE id IN (SELECT id FROM gold_relations ORDER BY random() LIMIT 100)"
            )
            db.execute(
                "DELETE FROM gold_span_attributes "
                "WHERE span_id IN (SELECT span_id FROM gold_span_attributes ORDER BY random() LIMIT 100)"
            )
            db.execute("UPDATE gold_document_labels SET value = CASE value WHEN 'a' THEN 'b' ELSE 'a' END")
            carol.database.conn.commit()
        started = time.monotonic()
        process = sync_process(carol.database.path, "carol")  # type: ignore[arg-type]
        time.sleep(chance.uniform(0.3, 0.95) * took)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
            process.communicate(timeout=60)
        else:
            _, errors = process.communicate(timeout=60)
            assert process.returncode == 0, errors.decode()
            took = time.monotonic() - started
        sync(bob)  # a colleague reads whatever got through

    sync(carol)
    report = sync(bob)
    assert not report.problems and not report.missing_here
    assert killed > 0, f"no sync was interrupted (seed {SEED}): the test proved nothing"
    relations, attributes, labels = expected = local_gold(carol)
    assert len(relations) == ARTICLES * GOLD_PER_ARTICLE // 2 and len(labels) == ARTICLES
    assert 0 < len(attributes) <= ARTICLES * GOLD_PER_ARTICLE - 100  # some were removed mid-way
    assert hub_gold(hub_url) == expected, f"seed {SEED}"
    assert local_gold(bob) == expected, f"seed {SEED}"
    assert carol.database.query("SELECT COUNT(*) AS n FROM hub_pending")[0]["n"] == 0
    with psycopg.connect(hub_url) as conn:
        rows = conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM gold_relations").fetchone()
    assert rows == (len(relations), len(relations))
