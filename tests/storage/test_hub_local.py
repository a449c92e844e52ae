"""A project's side of the hub sync: changes are noted only once connected, and an edit made while the
previous one was being sent stays to be sent."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.models import DocumentStatus
from annotator.services.annotation import relabel_span, tag_span
from annotator.services.documents import set_status
from annotator.services.project import Project
from annotator.storage import hub_local


def test_changes_are_noted_only_in_a_connected_project(project: Project) -> None:
    document = project.database.query("SELECT id FROM documents ORDER BY id LIMIT 1")[0]["id"]
    span = tag_span(project, document, 0, 3, "chips")
    assert hub_local.pending_count(project.database) == 0  # not connected: the triggers do nothing

    with project.database.write():
        hub_local.connect(project.database, "service=team", ["spans", "statuses"])
    assert hub_local.pending(project.database, "spans", 10) == [(span.id, 1)]
    assert [key for key, _ in hub_local.pending(project.database, "statuses", 10)] == [f"{document}\x1falice"]
    assert hub_local.pending(project.database, "labels", 10) == []  # not this member's to send

    # Sent with one edit; a second edit arrives before the hub's answer: the span stays to be sent.
    relabel_span(project, span, "models")
    with project.database.write():
        hub_local.acknowledge(project.database, "spans", [(span.id, 1, 7)])
    assert hub_local.pending(project.database, "spans", 10) == [(span.id, 2)]
    assert hub_local.versions(project.database, "spans", [span.id]) == {span.id: 7}
    with project.database.write():
        hub_local.acknowledge(project.database, "spans", [(span.id, 2, 8)])
    assert hub_local.pending(project.database, "spans", 10) == []

    set_status(project, document, DocumentStatus.DONE)
    with project.database.write():
        hub_local.disconnect(project.database)
    assert hub_local.pending_count(project.database) == 0
    assert hub_local.hub_url(project.database) is None
    assert hub_local.versions(project.database, "spans", [span.id]) == {}


def test_structure_and_edits_are_noted_with_their_keys(project: Project) -> None:
    from annotator.domain.structure import AttributeDefinition, AttributeKind, DocumentLabelSet, RelationType
    from annotator.services.relations import add_relation, set_span_attribute
    from annotator.services.structure import (
        save_attribute,
        save_document_label_set,
        save_relation_type,
        set_document_labels,
    )
    from annotator.storage.hub.tables import TABLES

    with project.database.write():
        hub_local.connect(project.database, "service=team", [table.name for table in TABLES])
    save_relation_type(project, RelationType(name="supplies"), seen=None)
    save_attribute(project, AttributeDefinition(label="chips", name="maker", kind=AttributeKind.TEXT))
    save_document_label_set(project, DocumentLabelSet(name="topic", choices=("a", "b")))
    document = project.database.query("SELECT id FROM documents ORDER BY id LIMIT 1")[0]["id"]
    first, second = tag_span(project, document, 0, 3, "chips"), tag_span(project, document, 4, 8, "chips")
    relation = add_relation(project, first, second, "supplies")
    set_span_attribute(project, first, "maker", "Huawei", was=None)
    set_document_labels(project, document, "topic", ["a"], seen=[])

    def keys(kind: str) -> list[str]:
        return [key for key, _ in hub_local.pending(project.database, kind, 100)]

    assert keys("relation_types") == ["supplies"]
    assert keys("label_attributes") == ["chips\x1fmaker"]
    assert keys("document_label_sets") == ["topic"]
    assert keys("relations") == [relation.id]
    assert keys("span_attributes") == [f"{first.id}\x1fmaker"]
    assert keys("document_labels") == [f"{document}\x1falice\x1ftopic\x1fa"]
    edits = project.database.query("SELECT CAST(id AS TEXT) AS id FROM activity ORDER BY id")
    assert sorted(keys("activity")) == sorted(row["id"] for row in edits) and len(edits) >= 5

    # A changed key is noted under both: the old row is removed on the hub, the new one added.
    set_document_labels(project, document, "topic", ["b"], seen=["a"])
    assert keys("document_labels") == [
        f"{document}\x1falice\x1ftopic\x1fa",
        f"{document}\x1falice\x1ftopic\x1fb",
    ]


def test_the_gold_structure_is_noted_and_an_upgraded_connected_project_sends_what_it_had(
    project: Project, db_path: Path
) -> None:
    from annotator.domain.adjudication import GoldSpan
    from annotator.domain.structure import DocumentLabelSet, RelationType
    from annotator.services.structure import save_document_label_set, save_relation_type
    from annotator.storage import gold as gold_span_rows
    from annotator.storage import gold_structure as gold_rows

    save_relation_type(project, RelationType(name="supplies"), seen=None)
    save_document_label_set(project, DocumentLabelSet(name="topic", choices=("a", "b")))
    row = project.database.query("SELECT id, text FROM documents ORDER BY id LIMIT 1")[0]
    document, text = row["id"], row["text"]
    gold = [
        GoldSpan(document_id=document, start=s, end=e, label="chips", text=text[s:e], decided_by="alice")
        for s, e in ((0, 3), (4, 8))
    ]
    with project.database.write():
        hub_local.connect(project.database, "service=team", [])
        gold_span_rows.upsert_gold(project.database, gold)
        relation = gold_rows.GoldRelation(
            "gr", document, gold[0].id, gold[1].id, "supplies", "[]", "alice", "t"
        )
        gold_rows.add_gold_relations(project.database, [relation])
        gold_rows.set_gold_attribute(project.database, gold[0].id, "maker", "Huawei", "bob", "alice", "t")
        gold_rows.set_gold_document_labels(project.database, document, "topic", ["a"], "bob", "alice", "t")
    expected = {
        "gold_relations": ["gr"],
        "gold_span_attributes": [f"{gold[0].id}\x1fmaker"],
        "gold_document_labels": [f"{document}\x1ftopic\x1fa"],
    }

    def marked() -> dict[str, list[str]]:
        return {kind: [key for key, _ in hub_local.pending(project.database, kind, 10)] for kind in expected}

    assert marked() == expected
    # A project connected before this version had no such marks: the upgrade notes what it holds.
    conn = project.database.conn
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'hub_gold_%' "
        "AND tbl_name IN ('gold_relations', 'gold_span_attributes', 'gold_document_labels')"
    ).fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DELETE FROM hub_pending")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0016_hub_sync_gold_structure'")
    conn.commit()
    project.close()
    with Project.open(db_path, annotator="alice") as upgraded:
        project = upgraded
        assert marked() == expected
        with upgraded.database.write():
            gold_rows.set_gold_document_labels(upgraded.database, document, "topic", [], "bob", "alice", "t")
        assert len(marked()["gold_document_labels"]) == 1  # the triggers are back
