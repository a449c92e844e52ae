"""Relations, span attributes and document labels survive interrupted syncs: the client killed at random
moments (a real ``annotator sync`` process, SIGKILL), then synced to the end. Afterwards the hub and every
project hold alice's structure exactly once, as she has it."""

from __future__ import annotations

import random
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from annotator.domain.models import Span
from annotator.domain.structure import (
    AttributeDefinition,
    AttributeKind,
    DocumentLabel,
    DocumentLabelSet,
    Relation,
    RelationType,
    SpanAttribute,
)
from annotator.services.project import Project
from annotator.services.structure import save_attribute, save_document_label_set, save_relation_type
from annotator.services.sync import sync
from annotator.storage import relations as relation_rows
from annotator.storage import spans as span_rows
from tests.hub.team import add_articles, open_member, set_up_hub
from tests.hub.test_interrupted_sync import SEED, article, sync_process

ARTICLES = 20
SPANS_PER_ARTICLE = 150  # 3,000 spans, 1,500 relations, 3,000 attributes, 20 document labels


def alice_structure(
    project: Project,
) -> tuple[dict[str, tuple[object, ...]], dict[tuple[str, str], str], set[tuple[str, ...]]]:
    db = project.database
    relations = {
        row["id"]: (row["source_id"], row["target_id"], row["type"], row["note"])
        for row in db.query("SELECT * FROM relations WHERE annotator = 'alice'")
    }
    attributes = {
        (row["span_id"], row["name"]): row["value"]
        for row in db.query(
            "SELECT a.* FROM span_attributes a JOIN spans s ON s.id = a.span_id WHERE s.annotator = 'alice'"
        )
    }
    labels = {
        (row["sha256"], row["label_set"], row["value"])
        for row in db.query(
            "SELECT d.sha256, l.label_set, l.value FROM document_labels l "
            "JOIN documents d ON d.id = l.document_id WHERE l.annotator = 'alice'"
        )
    }
    return relations, attributes, labels


def hub_structure(
    url: str,
) -> tuple[dict[str, tuple[object, ...]], dict[tuple[str, str], str], set[tuple[str, ...]]]:
    with psycopg.connect(url) as conn:
        relations = {
            row[0]: tuple(row[1:])
            for row in conn.execute(
                "SELECT id, source, target, type, note FROM relations "
                "WHERE annotator = 'alice' AND NOT deleted"
            )
        }
        attributes = {
            (row[0], row[1]): row[2]
            for row in conn.execute(
                "SELECT span, name, value FROM span_attributes WHERE annotator = 'alice' AND NOT deleted"
            )
        }
        labels = {
            tuple(row)
            for row in conn.execute(
                "SELECT document, label_set, value FROM document_labels "
                "WHERE annotator = 'alice' AND NOT deleted"
            )
        }
    return relations, attributes, labels


@pytest.fixture
def busy_team(hub_url: str, tmp_path: Path) -> Iterator[tuple[Project, Project]]:
    set_up_hub(hub_url)
    with open_member(tmp_path, hub_url, "carol") as carol:
        add_articles(carol, [article(n) for n in range(ARTICLES)])
        save_relation_type(carol, RelationType(name="next"), seen=None)
        save_attribute(carol, AttributeDefinition(label="chips", name="maker", kind=AttributeKind.TEXT))
        save_document_label_set(carol, DocumentLabelSet(name="topic", choices=("a", "b")))
        sync(carol)
    alice = open_member(tmp_path, hub_url, "alice")
    bob = open_member(tmp_path, hub_url, "bob")
    sync(alice)
    sync(bob)
    spans, relations, attributes, labels = [], [], [], []
    for document in alice.database.query("SELECT id, text FROM documents"):
        text = document["text"]
        mine = []
        for n in range(SPANS_PER_ARTICLE):
            start = (n * 7) % (len(text) - 10)
            mine.append(
                Span(
                    document_id=document["id"],
                    start=start,
                    end=start + 5,
                    label="chips",
                    text=text[start : start + 5],
                    annotator="alice",
                )
            )
        spans += mine
        relations += [
            Relation(
                document_id=document["id"], source_id=a.id, target_id=b.id, type="next", annotator="alice"
            )
            for a, b in zip(mine[::2], mine[1::2], strict=True)
        ]
        attributes += [SpanAttribute(span_id=s.id, name="maker", value=f"m{n}") for n, s in enumerate(mine)]
        labels.append(
            DocumentLabel(document_id=document["id"], annotator="alice", label_set="topic", value="a")
        )
    with alice.database.write():
        span_rows.upsert_spans(alice.database, spans)
        relation_rows.upsert_relations(alice.database, relations)
        relation_rows.set_span_attributes(alice.database, attributes)
        relation_rows.add_document_labels(alice.database, labels)
    yield alice, bob
    alice.close()
    bob.close()


def test_killing_the_client_mid_sync_loses_and_duplicates_no_structure(
    busy_team: tuple[Project, Project], hub_url: str
) -> None:
    alice, bob = busy_team
    chance = random.Random(SEED)
    killed = 0
    took = {"alice": 2.5, "bob": 2.5}
    for round_ in range(8):
        if round_ >= 4 and killed >= 2:
            break
        if round_ % 2:  # changes made between interrupted syncs must arrive too
            db = alice.database.conn
            db.execute(
                "UPDATE relations SET note = 'changed' "
                "WHERE id IN (SELECT id FROM relations ORDER BY random() LIMIT 200)"
            )
            db.execute(
                "DELETE FROM span_attributes "
                "WHERE span_id IN (SELECT span_id FROM span_attributes ORDER BY random() LIMIT 100)"
            )
            db.execute("UPDATE document_labels SET value = CASE value WHEN 'a' THEN 'b' ELSE 'a' END")
            alice.database.conn.commit()
        for name, project in (("alice", alice), ("bob", bob)):
            started = time.monotonic()
            process = sync_process(project.database.path, name)  # type: ignore[arg-type]
            time.sleep(chance.uniform(0.3, 0.95) * took[name])
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed += 1
                process.communicate(timeout=60)
            else:
                _, errors = process.communicate(timeout=60)
                assert process.returncode == 0, errors.decode()
                took[name] = time.monotonic() - started

    sync(alice)
    sync(bob)
    sync(alice)
    assert killed > 0, f"no sync was interrupted (seed {SEED}): the test proved nothing"
    relations, attributes, labels = expected = alice_structure(alice)
    assert len(relations) == ARTICLES * SPANS_PER_ARTICLE // 2 and len(labels) == ARTICLES
    assert 0 < len(attributes) <= ARTICLES * SPANS_PER_ARTICLE - 100  # some were removed mid-way
    hashes = {sha for sha, _, _ in labels}
    assert len(hashes) == ARTICLES
    assert hub_structure(hub_url) == expected, f"seed {SEED}"
    assert alice_structure(bob) == expected, f"seed {SEED}"
    assert alice.database.query("SELECT COUNT(*) AS n FROM hub_pending")[0]["n"] == 0
    with psycopg.connect(hub_url) as conn:
        rows = conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM relations").fetchone()
    assert rows == (len(relations), len(relations))
