"""Every edit is recorded in its own transaction, and sessions come out of the record."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import ConflictError, InputError
from annotator.domain.models import DocumentStatus
from annotator.services import adjudication, annotation, documents, search
from annotator.services.merge import merge_project
from annotator.services.project import Project
from annotator.services.samples import open_project
from annotator.services.sessions import session_report
from annotator.storage.activity import activity
from tests.fixtures.review import review_queue
from tests.fixtures.three_annotators import fill_three_annotators


def first_document(project: Project) -> tuple[str, str]:
    row = project.database.query("SELECT id, text FROM documents ORDER BY id LIMIT 1")[0]
    return row["id"], row["text"]


def actions(project: Project) -> list[tuple[str, str, int, int]]:
    return [(a.annotator, a.action, a.spans_added, a.spans_removed) for a in activity(project.database)]


def test_each_edit_is_recorded_with_the_spans_it_added_or_removed(project: Project) -> None:
    document_id, _ = first_document(project)
    span = annotation.tag_span(project, document_id, 0, 5, "chips")
    edit = annotation.relabel_span(project, span, "models")
    noted = annotation.set_span_note(project, edit.after, "check").after
    stored = annotation.remove_span(project, annotation.set_span_note(project, noted, "").after)
    annotation.restore_span(project, stored)
    documents.set_status(project, document_id, DocumentStatus.DONE)
    documents.set_document_note(project, document_id, "read twice")
    assert actions(project) == [
        ("alice", "tag", 1, 0),
        ("alice", "relabel", 0, 0),
        ("alice", "note", 0, 0),
        ("alice", "note", 0, 0),
        ("alice", "delete", 0, 1),
        ("alice", "restore", 1, 0),
        ("alice", "status", 0, 0),
        ("alice", "article note", 0, 0),
    ]
    assert {a.document_id for a in activity(project.database)} == {document_id}


def test_a_refused_edit_records_nothing(project: Project) -> None:
    document_id, _ = first_document(project)
    span = annotation.tag_span(project, document_id, 0, 5, "chips")
    annotation.relabel_span(project, span, "models")
    before = actions(project)
    with pytest.raises(ConflictError):
        annotation.relabel_span(project, span, "strategy")  # the span changed since it was seen
    with pytest.raises(ConflictError):
        documents.set_status(project, document_id, DocumentStatus.DONE, seen=DocumentStatus.DONE)
    assert actions(project) == before


def test_tag_all_counts_every_span_per_article(project: Project) -> None:
    added = search.tag_all_matches(project, "Huawei", "chips", None)
    per_article = {a.document_id: a.spans_added for a in activity(project.database)}
    assert sum(per_article.values()) == len(added) > 1
    search.remove_spans(project, [s.id for s in added])
    assert sum(a.spans_removed for a in activity(project.database)) == len(added)


def test_imports_and_merges_are_not_work_sessions(project: Project) -> None:
    assert activity(project.database) == []  # the sample articles came in with the project


def test_gold_decisions_are_the_curators_activity(empty_project: Project) -> None:
    corpus = fill_three_annotators(empty_project)
    curator = Project(empty_project.database, "dana")
    document_id = corpus.documents["label"]
    queue = review_queue(curator, document_id, corpus.annotators)
    chosen = queue[0][0].supporters
    others = [s for c in queue[0][1:] for s in c.supporters]
    decision = adjudication.decide(curator, chosen, others, corpus.annotators)
    adjudication.undo_decision(curator, decision)
    dana = [a.action for a in activity(empty_project.database) if a.annotator == "dana"]
    assert dana == ["decide", "undo decision"]


def test_sessions_of_each_annotator(empty_project: Project) -> None:
    corpus = fill_three_annotators(empty_project)
    found = {s.annotator: s for s in session_report(empty_project).sessions}
    assert set(found) == {"alice", "bob", "carol"}
    alice_spans = sum(len(corpus.spans(role, "alice")) for role in corpus.documents)
    assert found["alice"].spans_added == alice_spans
    assert found["alice"].articles == sum(1 for role in corpus.documents if corpus.spans(role, "alice"))
    only_bob = session_report(empty_project, ["bob"]).sessions
    assert [s.annotator for s in only_bob] == ["bob"]


def test_an_hour_away_splits_the_record_into_two_sessions(project: Project) -> None:
    document_id, _ = first_document(project)
    annotation.tag_span(project, document_id, 0, 5, "chips")
    annotation.tag_span(project, document_id, 6, 9, "chips")
    # The first edit happened an hour earlier than it was made (times are ISO 8601 text in UTC).
    with project.database.write() as db:
        db.execute(
            "UPDATE activity SET at = strftime('%Y-%m-%dT%H:%M:%S', at, '-60 minutes') || '.000+00:00' "
            "WHERE id = (SELECT min(id) FROM activity)"
        )
    assert [s.spans_added for s in session_report(project).sessions] == [1, 1]


def test_a_colleagues_sessions_come_with_a_merge_once(tmp_path: Path) -> None:
    mine, theirs = tmp_path / "lead.db", tmp_path / "bob.db"
    for path, who in ((mine, "lead"), (theirs, "bob")):
        with open_project(path, annotator=who, samples=True) as opened:
            document_id, _ = first_document(opened)
            annotation.tag_span(opened, document_id, 0, 5, "chips")
    with Project.open(theirs, annotator="bob") as opened:
        # bob's project also holds a copy of the lead's edits (he merged the lead's file once).
        merge_project(opened, mine)
        bob_sessions = session_report(opened, ["bob"]).sessions
    with Project.open(mine, annotator="lead") as opened:
        first = merge_project(opened, theirs)
        again = merge_project(opened, theirs)
        assert (first.edits_added, again.edits_added) == (1, 0)
        assert "1 recorded edits added" in first.summary()
        assert session_report(opened, ["bob"]).sessions == bob_sessions
        assert [a.action for a in activity(opened.database) if a.annotator == "lead"] == ["tag"]


@pytest.mark.parametrize("at", ["yesterday", "2026-03-02T09:00:00+01:00", "2026-03-02T09:00:00"])
def test_a_colleagues_edit_time_that_cannot_be_read_stops_the_merge(tmp_path: Path, at: str) -> None:
    mine, theirs = tmp_path / "lead.db", tmp_path / "bob.db"
    with open_project(theirs, annotator="bob", samples=True) as opened:
        annotation.tag_span(opened, first_document(opened)[0], 0, 5, "chips")
    conn = sqlite3.connect(theirs)
    with conn:
        conn.execute("UPDATE activity SET at = ?", [at])
    conn.close()
    with open_project(mine, annotator="lead", samples=True) as opened:
        with pytest.raises(InputError, match="table activity, record 1, field 'at'"):
            merge_project(opened, theirs)
        assert activity(opened.database) == []


def test_suggestions_accepted_and_rejected_are_the_analysts_work(
    empty_project: Project, tmp_path: Path
) -> None:
    from annotator.services import suggestions
    from annotator.services.string_matcher import refresh_strings
    from tests.services.test_suggestions import add_articles, tag

    ids = add_articles(
        empty_project, tmp_path, {"a": "Huawei Ascend 910B.", "b": "Ascend 910B orders.", "c": "Ascend 910B."}
    )
    tag(empty_project, ids["a"], "Ascend 910B", "chips")
    refresh_strings(empty_project)
    (first,) = suggestions.open_suggestions(empty_project, ids["b"])
    (second,) = suggestions.open_suggestions(empty_project, ids["c"])
    accepted = suggestions.accept_suggestions(empty_project, [first])
    suggestions.reject_suggestions(empty_project, [second])
    suggestions.withdraw_accepted(empty_project, accepted)
    assert [
        (a.action, a.document_id, a.spans_added, a.spans_removed) for a in activity(empty_project.database)
    ] == [
        ("tag", ids["a"], 1, 0),
        ("accept suggestion", ids["b"], 1, 0),
        ("reject suggestion", ids["c"], 0, 0),
        ("delete", ids["b"], 0, 1),
    ]


def test_two_edits_in_one_millisecond_stay_two_after_a_merge(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An edit is known by who, where, when and what (a merge and the team hub take it by those): two tags
    # on one article within a millisecond must not become one there.
    monkeypatch.setattr("annotator.storage.activity.utc_now", lambda: "2026-03-01T09:00:00.000+00:00")
    document_id, _ = first_document(project)
    annotation.tag_span(project, document_id, 0, 5, "chips")
    annotation.tag_span(project, document_id, 6, 9, "chips")
    recorded = [(a.action, a.at) for a in activity(project.database)]
    assert recorded == [
        ("tag", "2026-03-01T09:00:00.000+00:00"),
        ("tag", "2026-03-01T09:00:00.001+00:00"),
    ]
    with open_project(tmp_path / "copy.db", annotator="bob") as other:
        merge_project(other, project.database.path)
        assert [(a.action, a.at) for a in activity(other.database)] == recorded
