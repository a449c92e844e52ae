"""A project's side of the hub sync: changes are noted only once connected, and an edit made while the
previous one was being sent stays to be sent."""

from __future__ import annotations

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
