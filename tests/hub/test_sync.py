"""Three analysts, one hub: articles, layers, statuses and notes travel; stale changes are refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from annotator.domain.errors import AnnotatorError
from annotator.domain.models import DocumentStatus
from annotator.services.annotation import relabel_span, remove_span, set_span_note, tag_span
from annotator.services.documents import set_document_note, set_status
from annotator.services.hub import connect_project
from annotator.services.project import Project
from annotator.services.sync import sync
from annotator.storage import spans as span_rows
from annotator.storage.documents import get_document, list_documents
from annotator.storage.status import all_statuses
from tests.hub.team import ARTICLES, add_articles, document_id, member_url, open_member, set_up_hub


@pytest.fixture
def team(hub_url: str, tmp_path: Path) -> Iterator[dict[str, Project]]:
    set_up_hub(hub_url)
    projects = {name: open_member(tmp_path, hub_url, name) for name in ("carol", "alice", "bob")}
    add_articles(projects["carol"])
    sync(projects["carol"])
    yield projects
    for project in projects.values():
        project.close()


def hub_spans(url: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT id, annotator, label, note, deleted, version FROM spans ORDER BY id"
        ).fetchall()


def test_articles_layers_statuses_and_notes_reach_the_team(team: dict[str, Project], hub_url: str) -> None:
    alice, bob = team["alice"], team["bob"]
    report = sync(alice)
    assert report.received["documents"] == len(ARTICLES)
    assert len(list_documents(alice.database)) == len(ARTICLES)

    doc = document_id(alice, ARTICLES[0])
    span = tag_span(alice, doc, 0, 6, "chips")
    set_status(alice, doc, DocumentStatus.DONE)
    set_document_note(alice, doc, "check the date")
    sent = sync(alice)
    assert (sent.sent["spans"], sent.sent["statuses"], sent.sent["notes"]) == (1, 1, 1)

    sync(bob)
    theirs = span_rows.get_span(bob.database, span.id)
    assert (theirs.annotator, theirs.label, theirs.text) == ("alice", "chips", "Huawei")
    assert theirs.document_id == document_id(bob, ARTICLES[0])  # matched by text, not by id
    assert all_statuses(bob.database)[theirs.document_id] == {"alice": "done"}
    assert get_document(bob.database, theirs.document_id).note == ""  # alice's note is hers

    again = sync(alice)
    assert sum(again.sent.values()) == 0 and sum(again.received.values()) == 0  # nothing left to do


def test_a_removed_span_is_removed_everywhere(team: dict[str, Project], hub_url: str) -> None:
    alice, bob = team["alice"], team["bob"]
    sync(alice)
    span = tag_span(alice, document_id(alice, ARTICLES[1]), 0, 7, "models")
    sync(alice)
    sync(bob)
    assert span_rows.find_span(bob.database, span.id) is not None
    remove_span(alice, span)
    sync(alice)
    sync(bob)
    assert span_rows.find_span(bob.database, span.id) is None
    assert hub_spans(hub_url)[0][4] is True  # a tombstone on the hub


def test_a_change_from_a_stale_copy_is_refused_and_the_newer_one_kept(
    team: dict[str, Project], hub_url: str, tmp_path: Path
) -> None:
    laptop = team["alice"]
    sync(laptop)
    span = tag_span(laptop, document_id(laptop, ARTICLES[0]), 0, 6, "chips")
    sync(laptop)
    desktop = open_member(tmp_path, hub_url, "alice", "alice-desktop.db")
    sync(desktop)
    assert span_rows.get_span(desktop.database, span.id).label == "chips"

    relabel_span(laptop, span, "strategy")  # the newer change
    sync(laptop)
    stale = span_rows.get_span(desktop.database, span.id)
    set_span_note(desktop, stale, "from the stale copy")  # made without the relabelling
    report = sync(desktop)

    assert len(report.conflicts) == 1 and "Huawei" in report.conflicts[0]
    kept = span_rows.get_span(desktop.database, span.id)
    assert (kept.label, kept.note) == ("strategy", "")  # the hub's newer version, not ours
    assert [(row[2], row[3], row[5]) for row in hub_spans(hub_url)] == [("strategy", "", 2)]
    assert sum(sync(desktop).sent.values()) == 0  # the refused change is not sent again
    desktop.close()


def test_a_status_from_a_stale_copy_is_refused_too(
    team: dict[str, Project], hub_url: str, tmp_path: Path
) -> None:
    laptop = team["alice"]
    sync(laptop)
    desktop = open_member(tmp_path, hub_url, "alice", "alice-desktop.db")
    sync(desktop)
    doc = document_id(laptop, ARTICLES[2])
    set_status(laptop, doc, DocumentStatus.DONE)
    sync(laptop)
    set_status(desktop, document_id(desktop, ARTICLES[2]), DocumentStatus.IN_PROGRESS)
    report = sync(desktop)
    assert len(report.conflicts) == 1
    assert all_statuses(desktop.database)[document_id(desktop, ARTICLES[2])] == {"alice": "done"}
    desktop.close()


def test_colleagues_changes_are_not_sent(team: dict[str, Project]) -> None:
    alice, bob = team["alice"], team["bob"]
    sync(alice)
    span = tag_span(alice, document_id(alice, ARTICLES[0]), 0, 6, "chips")
    sync(alice)
    sync(bob)
    # Bob's project changes alice's span behind the services' back (as a merge or an old file might).
    changed = span_rows.get_span(bob.database, span.id).model_copy(update={"note": "x"})
    with bob.database.write():
        span_rows.upsert_spans(bob.database, [changed])
    report = sync(bob)
    assert report.kept_local["spans"] == 1 and report.sent["spans"] == 0

    # Removed in bob's project (a label removed with its spans, say): the hub refuses, and it comes back.
    with bob.database.write():
        span_rows.delete_spans(bob.database, [span.id])
    report = sync(bob)
    assert report.sent["spans"] == 0 and len(report.conflicts) == 1
    assert span_rows.get_span(bob.database, span.id).annotator == "alice"


def test_annotators_spans_on_articles_the_hub_lacks_wait(team: dict[str, Project]) -> None:
    alice = team["alice"]
    sync(alice)
    [own] = add_articles(alice, ["An article only alice has."])
    tag_span(alice, own, 0, 2, "chips")
    report = sync(alice)
    # The span, the "in progress" status it set and the record of the edit wait; the article is not
    # alice's to add.
    assert report.held_back == 3 and report.sent["spans"] == 0 and report.kept_local["documents"] == 1


def test_rows_from_the_hub_are_checked_like_a_file(team: dict[str, Project], hub_url: str) -> None:
    alice = team["alice"]
    forged = "Forged text."
    with psycopg.connect(hub_url, autocommit=True) as admin:  # the hub's owner can write anything
        admin.execute(
            "INSERT INTO documents (sha256, title, text, created) VALUES (%s, 'x', %s, 'now')",
            ("a" * 64, forged),
        )
        sha = admin.execute("SELECT sha256 FROM documents WHERE text = %s", (ARTICLES[0],)).fetchone()
        assert sha is not None
        admin.execute(
            'INSERT INTO spans (id, document, annotator, created, start, "end", label, text, updated) '
            "VALUES ('moved', %s, 'bob', 'now', 0, 6, 'chips', 'Zhipu!', 'now')",
            (sha[0],),
        )
    report = sync(alice)
    assert any("does not match its hash" in p for p in report.problems)
    assert any("row moved" in p and "not at offsets" in p for p in report.problems)
    assert span_rows.find_span(alice.database, "moved") is None
    assert len(list_documents(alice.database)) == len(ARTICLES)

    mine = tag_span(alice, document_id(alice, ARTICLES[1]), 0, 7, "chips")
    sync(alice)
    with psycopg.connect(hub_url, autocommit=True) as admin:  # a forged hub gives alice's span to bob
        admin.execute("UPDATE spans SET annotator = 'bob', note = 'mine' WHERE id = %s", (mine.id,))
    report = sync(alice)
    assert any(mine.id in p and "another annotator's span" in p for p in report.problems)
    assert span_rows.get_span(alice.database, mine.id) == mine


def test_the_address_is_kept_without_credentials(
    team: dict[str, Project], hub_url: str, tmp_path: Path
) -> None:
    with Project.open(tmp_path / "x.db", annotator="alice") as project:
        with pytest.raises(AnnotatorError, match="pgpass"):
            connect_project(project, member_url(hub_url, "alice") + " password=secret")
        with pytest.raises(AnnotatorError, match="knows you as 'bob'"):
            connect_project(project, member_url(hub_url, "bob"))
        with pytest.raises(AnnotatorError, match="not connected"):
            sync(project)


def test_a_reviewer_receives_everything_and_sends_nothing(
    team: dict[str, Project], hub_url: str, tmp_path: Path
) -> None:
    alice = team["alice"]
    sync(alice)
    span = tag_span(alice, document_id(alice, ARTICLES[0]), 0, 6, "chips")
    sync(alice)
    with Project.open(tmp_path / "rita.db", annotator="rita") as rita:
        connect_project(rita, member_url(hub_url, "rita"))
        sync(rita)
        assert span_rows.find_span(rita.database, span.id) is not None
        tag_span(rita, document_id(rita, ARTICLES[0]), 7, 14, "chips")
        report = sync(rita)
        assert report.sent["spans"] == 0 and report.kept_local["spans"] == 1


def test_changes_are_read_a_page_at_a_time_without_losing_any(
    team: dict[str, Project], hub_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.storage.hub import exchange

    alice, bob = team["alice"], team["bob"]
    sync(alice)
    doc = document_id(alice, ARTICLES[2])
    made = [tag_span(alice, doc, start, start + 2, "models") for start in range(0, 14, 2)]
    sync(alice)
    with open_member(tmp_path, hub_url, "bob", "bob-at-once.db") as at_once:
        everything = sum(sync(at_once).received.values())
    monkeypatch.setattr(exchange, "PAGE", 2)  # pages of two rows, batches of three
    received = 0
    for _ in range(10):
        received += sum(sync(bob, batch=3).received.values())
    assert received == everything > len(made)
    assert all(span_rows.find_span(bob.database, span.id) is not None for span in made)
