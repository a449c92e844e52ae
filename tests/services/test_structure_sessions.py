"""Relation, attribute and document-label edits, and their undo and redo, are the analyst's recorded edits."""

from __future__ import annotations

import pytest

from annotator.domain.errors import ConflictError
from annotator.domain.structure import AttributeDefinition, DocumentLabelSet, RelationType
from annotator.services import annotation, relations, structure
from annotator.services.project import Project
from annotator.services.sessions import session_report
from annotator.storage.activity import activity


def recorded(project: Project) -> list[tuple[str, str, str]]:
    return [(a.annotator, a.document_id, a.action) for a in activity(project.database)]


def test_structure_edits_and_their_undo_are_recorded(project: Project) -> None:
    structure.save_relation_type(project, RelationType(name="supplies"), seen=None)
    structure.save_relation_type(project, RelationType(name="same_as", directed=False), seen=None)
    structure.save_attribute(
        project, AttributeDefinition(label="chips", name="stage", kind="choice", choices=("beta", "final"))
    )
    structure.save_document_label_set(project, DocumentLabelSet(name="topic", choices=("chips", "policy")))
    document_id = project.database.query("SELECT id FROM documents ORDER BY id LIMIT 1")[0]["id"]
    a = annotation.tag_span(project, document_id, 0, 4, "chips")
    b = annotation.tag_span(project, document_id, 6, 9, "chips")
    spans_only = len(recorded(project))

    relation = relations.add_relation(project, a, b, "supplies")
    noted = relations.set_relation_note(project, relation, "checked")
    retyped = relations.retype_relation(project, noted.after, "same_as")
    relations.replace_relation(project, retyped.after, retyped.before)  # undo of the type edit
    removed = relations.remove_relation(project, retyped.before)
    relations.restore_relation(project, removed)  # undo of the delete
    edits = relations.set_span_attributes(project, a, {"stage": (None, "beta")})
    relations.undo_attribute_edits(project, edits, backward=True)
    label_edit = structure.set_document_labels(project, document_id, "topic", ["policy"], seen=[])
    structure.set_document_labels(project, document_id, "topic", label_edit.before, seen=label_edit.after)

    assert [(who, action) for who, where, action in recorded(project)[spans_only:]] == [
        ("alice", "relation"),
        ("alice", "relation note"),
        ("alice", "relation type"),
        ("alice", "relation edit"),
        ("alice", "delete relation"),
        ("alice", "restore relation"),
        ("alice", "attribute"),
        ("alice", "attribute"),
        ("alice", "document label"),
        ("alice", "document label"),
    ]
    assert {where for _, where, _ in recorded(project)} == {document_id}
    (session,) = session_report(project, ["alice"]).sessions
    assert session.edits == len(recorded(project))

    # A refused edit records nothing.
    before = recorded(project)
    with pytest.raises(ConflictError):
        relations.set_relation_note(project, relation, "stale")
    with pytest.raises(ConflictError):
        structure.set_document_labels(project, document_id, "topic", ["chips"], seen=["policy"])
    assert recorded(project) == before
