"""Three analysts, one hub: relations, span attributes, document labels and their schema travel, with
colleagues' notes and everyone's record of edits; stale changes are refused; bad rows are skipped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from annotator.domain.structure import AttributeDefinition, AttributeKind, DocumentLabelSet, RelationType
from annotator.services.annotation import remove_span, tag_span
from annotator.services.documents import set_document_note
from annotator.services.project import Project
from annotator.services.relations import add_relation, remove_relation, set_relation_note, set_span_attribute
from annotator.services.sessions import session_report
from annotator.services.structure import (
    save_attribute,
    save_document_label_set,
    save_relation_type,
    set_document_labels,
)
from annotator.services.sync import sync
from annotator.storage import colleague_notes
from annotator.storage import relations as relation_rows
from annotator.storage import structure_schema as schema_rows
from tests.hub.team import ARTICLES, add_articles, document_id, open_member, set_up_hub


@pytest.fixture
def team(hub_url: str, tmp_path: Path) -> Iterator[dict[str, Project]]:
    """carol (curator) has added the articles and the schema: a relation type, an attribute of chips and
    a document label set; alice and bob have both."""
    set_up_hub(hub_url)
    projects = {name: open_member(tmp_path, hub_url, name) for name in ("carol", "alice", "bob")}
    carol = projects["carol"]
    add_articles(carol)
    save_relation_type(carol, RelationType(name="supplies", colour="#112233"), seen=None)
    save_attribute(carol, AttributeDefinition(label="chips", name="maker", kind=AttributeKind.TEXT))
    save_document_label_set(carol, DocumentLabelSet(name="topic", choices=("export_controls", "funding")))
    sync(carol)
    sync(projects["alice"])
    sync(projects["bob"])
    yield projects
    for project in projects.values():
        project.close()


def structure(project: Project, annotator: str) -> tuple[object, ...]:
    """``annotator``'s relations, span attributes and document labels as ``project`` has them."""
    relations = sorted(
        (r.id, r.source_id, r.target_id, r.type, r.note)
        for group in relation_rows.all_relations_by_document(project.database).values()
        for r in group
        if r.annotator == annotator
    )
    rows = project.database.query(
        "SELECT a.span_id, a.name, a.value FROM span_attributes a JOIN spans s ON s.id = a.span_id "
        "WHERE s.annotator = ? ORDER BY 1, 2",
        (annotator,),
    )
    attributes = [(row["span_id"], row["name"], row["value"]) for row in rows]
    labels = sorted(
        (
            project.database.query("SELECT sha256 FROM documents WHERE id = ?", (x.document_id,))[0][
                "sha256"
            ],
            x.label_set,
            x.value,
        )
        for group in relation_rows.all_document_labels(project.database).values()
        for x in group
        if x.annotator == annotator
    )
    return relations, attributes, labels


def annotate(project: Project, text: str) -> str:
    """A relation between two new spans of the first article, an attribute, a document label; returns
    the relation's id."""
    doc = document_id(project, ARTICLES[0])
    huawei = tag_span(project, doc, 0, 6, "chips")
    ascend = tag_span(project, doc, 19, 30, "chips")
    relation = add_relation(project, huawei, ascend, "supplies", note=text)
    set_span_attribute(project, huawei, "maker", text, was=None)
    set_document_labels(project, doc, "topic", ["export_controls"], seen=[])
    return relation.id


def test_three_analysts_see_each_others_relations_attributes_and_labels(team: dict[str, Project]) -> None:
    carol, alice, bob = team["carol"], team["alice"], team["bob"]
    for project in (alice, bob):  # the curator's schema arrived
        assert [t.name for t in schema_rows.list_relation_types(project.database)] == ["supplies"]
        assert [d.name for d in schema_rows.list_attribute_definitions(project.database)] == ["maker"]
        assert [s.name for s in schema_rows.list_document_label_sets(project.database)] == ["topic"]

    annotate(alice, "alice's")
    annotate(bob, "bob's")
    for project in (alice, bob, carol, alice):
        report = sync(project)
        assert not report.problems and not report.missing_here
    for name in ("alice", "bob"):
        theirs = structure(team[name], name)
        assert len(theirs[0]) == len(theirs[1]) == len(theirs[2]) == 1
        for project in (carol, alice, bob):
            assert structure(project, name) == theirs

    # A removal travels too: alice's relation and label go, everywhere.
    [mine] = relation_rows.relations_for_document(alice.database, document_id(alice, ARTICLES[0]), ["alice"])
    remove_relation(alice, mine)
    set_document_labels(alice, document_id(alice, ARTICLES[0]), "topic", [], seen=["export_controls"])
    assert sync(alice).sent["relations"] == 1
    sync(bob)
    assert structure(bob, "alice")[0] == [] and structure(bob, "alice")[2] == []
    # ...and set again, the same label is on the hub again.
    set_document_labels(alice, document_id(alice, ARTICLES[0]), "topic", ["export_controls"], seen=[])
    sync(alice)
    sync(bob)
    assert len(structure(bob, "alice")[2]) == 1

    # Removing a span removes its relations and attributes here; each colleague's copy follows.
    [bobs] = relation_rows.relations_for_document(bob.database, document_id(bob, ARTICLES[0]), ["bob"])
    from annotator.storage.spans import get_span

    remove_span(bob, get_span(bob.database, bobs.source_id))
    sync(bob)
    report = sync(alice)
    assert structure(alice, "bob")[:2] == ([], [])  # his article label stays
    assert not report.problems
    assert sync(alice).sent.total() == 0  # nothing of bob's was marked as alice's to send


def test_syncing_again_changes_nothing(team: dict[str, Project], hub_url: str) -> None:
    alice, bob = team["alice"], team["bob"]
    annotate(alice, "once")
    sync(alice)
    sync(bob)
    before = structure(bob, "alice")
    for project in (alice, bob, alice):
        again = sync(project)
        assert again.sent.total() == 0 and again.received.total() == 0
    assert structure(bob, "alice") == before
    assert alice.database.query("SELECT COUNT(*) AS n FROM hub_pending")[0]["n"] == 0
    with psycopg.connect(hub_url) as conn:
        counts = [
            conn.execute(f"SELECT COUNT(*) FROM {table}".encode()).fetchone()
            for table in ("relations", "span_attributes", "document_labels")
        ]
        edits = conn.execute("SELECT COUNT(*) FROM activity WHERE annotator = 'alice'").fetchone()
    assert counts == [(1,), (1,), (1,)]
    local_edits = alice.database.query("SELECT COUNT(*) AS n FROM activity WHERE annotator = 'alice'")[0]["n"]
    assert edits == (local_edits,) and local_edits >= 4


def test_a_relation_changed_from_a_stale_copy_is_refused(
    team: dict[str, Project], hub_url: str, tmp_path: Path
) -> None:
    alice = team["alice"]
    relation_id = annotate(alice, "first")
    sync(alice)
    laptop = open_member(tmp_path, hub_url, "alice", "alice-laptop.db")
    sync(laptop)
    seen = relation_rows.find_relation(laptop.database, relation_id)
    assert seen is not None and seen.note == "first"

    set_relation_note(alice, relation_rows.find_relation(alice.database, relation_id), "from the desk")  # type: ignore[arg-type]
    sync(alice)
    set_relation_note(laptop, seen, "from the laptop")  # made from the older copy
    report = sync(laptop)
    assert report.conflicts and report.sent["relations"] == 0
    assert relation_rows.find_relation(laptop.database, relation_id).note == "from the desk"  # type: ignore[union-attr]
    with psycopg.connect(hub_url) as conn:
        assert conn.execute("SELECT note FROM relations").fetchone() == ("from the desk",)
    laptop.close()


def test_sessions_and_notes_of_colleagues_arrive(team: dict[str, Project]) -> None:
    carol, alice, bob = team["carol"], team["alice"], team["bob"]
    annotate(alice, "a")
    annotate(bob, "b")
    set_document_note(alice, document_id(alice, ARTICLES[0]), "check the date")
    for project in (alice, bob, carol, alice):
        sync(project)
    # The lead sees everyone's sessions.
    sessions = session_report(carol).sessions
    assert {s.annotator for s in sessions} >= {"alice", "bob"}
    assert [s.edits for s in sessions if s.annotator == "bob"] == [
        s.edits for s in session_report(bob, ["bob"]).sessions
    ]
    # alice's note reaches bob read-only, beside his own (empty) one.
    doc = document_id(bob, ARTICLES[0])
    assert colleague_notes.notes_for_document(bob.database, doc) == [("alice", "check the date")]
    assert colleague_notes.notes_for_document(alice.database, document_id(alice, ARTICLES[0])) == []
    set_document_note(alice, document_id(alice, ARTICLES[0]), "")
    sync(alice)
    sync(bob)
    assert colleague_notes.notes_for_document(bob.database, doc) == []


def test_rows_missing_here_or_malformed_are_skipped_and_counted(
    team: dict[str, Project], hub_url: str
) -> None:
    alice, bob = team["alice"], team["bob"]
    relation_id = annotate(alice, "ok")
    sync(alice)
    with psycopg.connect(hub_url, autocommit=True) as admin:
        # A span whose text is not at its offsets fails bob's checks; the relation that uses it is skipped.
        admin.execute("UPDATE spans SET text = 'forged' WHERE annotator = 'alice' AND start = 19")
        admin.execute("UPDATE span_attributes SET value = 'not json'")
        admin.execute("UPDATE relations SET note = 'again'")
    report = sync(bob)
    assert report.missing_here["relations"] == 1
    assert any("span_attributes" in problem and "not JSON" in problem for problem in report.problems)
    assert relation_rows.find_relation(bob.database, relation_id) is None
    assert "1 relations skipped" in report.summary()


def test_the_lead_sees_everyones_sessions_and_an_offline_sync_says_what_waits(
    team: dict[str, Project], capsys: pytest.CaptureFixture[str]
) -> None:
    from annotator.cli.main import main
    from annotator.storage.hub_local import URL_KEY

    carol, alice, bob = team["carol"], team["alice"], team["bob"]
    annotate(alice, "a")
    annotate(bob, "b")
    for project in (alice, bob, carol):
        sync(project)
    capsys.readouterr()
    assert main(["--annotator", "carol", "stats", "--sessions", "--db", str(carol.database.path)]) == 0
    out = capsys.readouterr().out
    assert "alice" in out and "bob" in out

    tag_span(alice, document_id(alice, ARTICLES[1]), 0, 7, "chips")
    with alice.database.write():  # the hub's address now leads nowhere: as when the network is gone
        alice.database.conn.execute(
            "UPDATE settings SET value = 'host=127.0.0.1 port=1 user=alice dbname=x' WHERE key = ?",
            (URL_KEY,),
        )
    path = str(alice.database.path)
    alice.close()
    assert main(["--annotator", "alice", "sync", "--db", path]) == 1
    err = capsys.readouterr().err
    assert "cannot reach the hub" in err and "change(s) made here wait for the next sync" in err


def test_two_edits_recorded_in_the_same_millisecond_are_sent_once_and_not_again(
    team: dict[str, Project], hub_url: str
) -> None:
    alice = team["alice"]
    document = document_id(alice, ARTICLES[2])
    with alice.database.write() as db:  # the hub knows an edit by who, where, when and what
        for added in (1, 2):
            db.conn.execute(
                "INSERT INTO activity (annotator, document_id, at, action, spans_added) "
                "VALUES ('alice', ?, '2026-01-01T10:00:00.000+00:00', 'tag', ?)",
                (document, added),
            )
    sync(alice)
    again = sync(alice)
    assert again.sent.total() == 0 and not again.conflicts
    assert alice.database.query("SELECT COUNT(*) AS n FROM hub_pending")[0]["n"] == 0
    with psycopg.connect(hub_url) as conn:
        assert conn.execute("SELECT COUNT(*) FROM activity WHERE at LIKE '2026-01-01%'").fetchone() == (1,)


def test_a_relation_type_removed_on_the_hub_stays_where_relations_still_use_it(
    team: dict[str, Project],
) -> None:
    from annotator.services.structure_editing import delete_relation_type

    carol, alice, bob = team["carol"], team["alice"], team["bob"]
    annotate(alice, "not sent yet")  # alice's relation of the type, made before the removal reached her
    [supplies] = schema_rows.list_relation_types(carol.database)
    delete_relation_type(carol, supplies)
    sync(carol)
    sync(bob)
    assert schema_rows.list_relation_types(bob.database) == []
    report = sync(alice)
    assert [t.name for t in schema_rows.list_relation_types(alice.database)] == ["supplies"]
    assert any("kept here: relations still use it" in problem for problem in report.problems)
    assert len(structure(alice, "alice")[0]) == 1
