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
