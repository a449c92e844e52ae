"""The rules every caller obeys (window, command line, a second window): edits based on a stale view are
refused, only a span's owner changes it, 'gold' is reserved, storage never opens its own transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import ConflictError, NotAllowedError
from annotator.domain.models import DocumentStatus
from annotator.services import adjudication, annotation, documents, reading
from annotator.services.importing import import_paths
from annotator.services.project import Project, set_annotator
from annotator.services.samples import open_project
from annotator.storage.status import set_status


def first_document(project: Project) -> str:
    return reading.list_documents(project)[0].id


@pytest.fixture
def other_window(project: Project, db_path: Path) -> Project:
    """A second connection of the same analyst: another window, or the command line."""
    return Project.open(db_path, annotator=project.annotator)


def test_every_span_edit_from_a_stale_view_is_refused_and_changes_nothing(
    project: Project, other_window: Project
) -> None:
    document_id = first_document(project)
    seen = annotation.tag_span(project, document_id, 0, 5, "chips")
    newer = annotation.set_span_note(other_window, seen, "written in the other window").after
    attempts = {
        "relabel": lambda: annotation.relabel_span(project, seen, "models"),
        "resize": lambda: annotation.resize_span(project, seen, 0, 3),
        "note": lambda: annotation.set_span_note(project, seen, "mine"),
        "remove": lambda: annotation.remove_span(project, seen),
        "undo an edit": lambda: annotation.replace_span(project, seen, seen),
        "redo a tag": lambda: annotation.restore_span(project, seen),
    }
    for name, attempt in attempts.items():
        with pytest.raises(ConflictError, match=r"changed since you saw it|was changed since"):
            attempt()
        assert reading.get_span(project, seen.id) == newer, name
    # Based on what is stored now, the same edit goes through.
    assert annotation.relabel_span(project, newer, "models").after.label == "models"


def test_an_edit_of_a_span_deleted_elsewhere_is_refused(project: Project, other_window: Project) -> None:
    seen = annotation.tag_span(project, first_document(project), 0, 5, "chips")
    annotation.remove_span(other_window, seen)
    with pytest.raises(ConflictError, match="was deleted since you saw it"):
        annotation.set_span_note(project, seen, "lost?")
    assert reading.document_spans(project, seen.document_id) == []


def test_notes_and_statuses_from_a_stale_view_are_refused(project: Project, other_window: Project) -> None:
    document_id = first_document(project)
    documents.set_document_note(other_window, document_id, "theirs", seen="")
    with pytest.raises(ConflictError, match="note was changed"):
        documents.set_document_note(project, document_id, "mine", seen="")
    assert reading.load_document(project, document_id).note == "theirs"

    documents.set_status(other_window, document_id, DocumentStatus.DONE, seen=DocumentStatus.TODO)
    with pytest.raises(ConflictError, match="changed to 'Done'"):
        documents.set_status(project, document_id, DocumentStatus.IN_PROGRESS, seen=DocumentStatus.TODO)
    assert reading.document_summary(project, document_id).status is DocumentStatus.DONE


def test_undo_of_a_gold_decision_changed_elsewhere_is_refused(project: Project, db_path: Path) -> None:
    document_id = first_document(project)
    with Project.open(db_path, annotator="bob") as bob:
        annotation.tag_span(bob, document_id, 0, 5, "chips")
    span = annotation.tag_span(project, document_id, 0, 5, "chips")
    decision = adjudication.decide(project, [span], [], ["alice", "bob"])
    with Project.open(db_path, annotator="carol") as carol:
        adjudication.undo_decision(carol, decision)  # taken back in another window meanwhile
    with pytest.raises(ConflictError, match="gold span"):
        adjudication.undo_decision(project, decision)
    # A decision about a span its annotator has changed since is refused as a whole.
    annotation.set_span_note(project, span, "changed")
    with pytest.raises(ConflictError, match="changed since you saw it"):
        adjudication.decide(project, [span], [], ["alice", "bob"])
    assert adjudication.gold_spans(project, document_id) == []


def test_only_the_owner_changes_a_span_whoever_calls(project: Project, db_path: Path) -> None:
    document_id = first_document(project)
    with Project.open(db_path, annotator="bob") as bob:
        theirs = annotation.tag_span(bob, document_id, 0, 5, "chips")
    for attempt in (
        lambda: annotation.remove_span(project, theirs),
        lambda: annotation.relabel_span(project, theirs, "models"),
        lambda: annotation.set_span_note(project, theirs, "fixed it for you"),
        lambda: annotation.resize_span(project, theirs, 0, 2),
        lambda: annotation.restore_span(project, theirs),
    ):
        with pytest.raises(NotAllowedError, match="belongs to bob"):
            attempt()
    assert reading.get_span(project, theirs.id) == theirs


@pytest.mark.parametrize("name", ["gold", "Gold", " gold "])
def test_the_name_gold_is_reserved_on_every_path(project: Project, db_path: Path, name: str) -> None:
    with pytest.raises(NotAllowedError, match="reserved for the adjudicated layer"):
        Project.open(db_path, annotator=name)
    with pytest.raises(NotAllowedError, match="reserved"):
        set_annotator(project, name)
    assert project.annotator == "alice"
    assert "gold" not in [n.casefold() for n in reading.list_annotators(project)]


def test_an_import_does_not_write_gold_spans(empty_project: Project, tmp_path: Path) -> None:
    data = tmp_path / "gold.jsonl"
    data.write_text(
        '{"text": "Huawei Ascend chips", "spans": [{"start": 0, "end": 6, "label": "chips", '
        '"annotator": "gold"}, {"start": 7, "end": 13, "label": "chips", "annotator": "kim"}]}\n',
        encoding="utf-8",
    )
    report = import_paths(empty_project, [data])
    assert report.gold_spans_refused == 1 and "layer 'gold' were not imported" in report.summary()
    spans = [
        s for d in reading.list_documents(empty_project) for s in reading.document_spans(empty_project, d.id)
    ]
    assert [(s.text, s.annotator) for s in spans] == [("Ascend", "kim")]


def test_storage_writes_outside_a_transaction_are_a_bug(project: Project) -> None:
    with pytest.raises(RuntimeError, match="join the caller's transaction"):
        set_status(project.database, first_document(project), "alice", DocumentStatus.DONE)
    assert not project.database.conn.in_transaction


def test_every_commit_is_durable(project: Project) -> None:
    # FULL: the write-ahead log is synced at every commit, so an acknowledged edit survives a power cut.
    assert project.database.conn.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_a_new_project_holds_only_what_the_user_puts_in_it(tmp_path: Path) -> None:
    with Project.open(tmp_path / "new.db", annotator="alice") as project:
        assert reading.list_documents(project) == []
    with open_project(tmp_path / "samples.db", annotator="alice", samples=True) as project:
        assert len(reading.list_documents(project)) == 5


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    from annotator.domain.errors import StorageError

    theirs = tmp_path / "browser-history.sqlite"
    with sqlite3.connect(theirs) as conn:
        conn.execute("CREATE TABLE visits (url TEXT, at INTEGER)")
        conn.execute("INSERT INTO visits VALUES ('https://example.org', 1)")
    conn.close()
    before = theirs.read_bytes()
    with pytest.raises(StorageError, match=r"another program's SQLite database .*visits.*left unchanged"):
        Project.open(theirs, annotator="alice")
    assert theirs.read_bytes() == before
    assert not Path(f"{theirs}-wal").exists()


def test_label_edits_from_a_stale_view_are_refused(project: Project, other_window: Project) -> None:
    from annotator.services import labels as label_service

    seen = next(label for label in label_service.list_labels(project) if label.name == "chips")
    label_service.update_label(other_window, "chips", colour="#123456", seen=seen)
    with pytest.raises(ConflictError, match="label 'chips' was changed since you saw it"):
        label_service.update_label(project, "chips", new_name="hardware", seen=seen)
    with pytest.raises(ConflictError, match="was changed since"):
        label_service.delete_label(project, "chips", seen=seen)
    assert [label.colour for label in label_service.list_labels(project) if label.name == "chips"] == [
        "#123456"
    ]
