import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import NotFoundError, SpanError
from annotator.domain.text import text_sha256
from annotator.paths import seeds_dir
from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.services.samples import open_project
from tests.conftest import ADVERSARIAL_TEXT


def test_first_start_seeds_the_sample_articles_and_default_labels(project: Project) -> None:
    documents = reading.list_documents(project)
    assert len(documents) == 5
    hashes = {d.sha256 for d in documents}
    for path in seeds_dir().glob("*.txt"):
        assert text_sha256(path.read_text(encoding="utf-8")) in hashes
    labels = reading.list_labels(project)
    assert [(label.name, label.hotkey) for label in labels] == [
        ("financials", "1"),
        ("chips", "2"),
        ("models", "3"),
        ("strategy", "4"),
    ]
    assert all(label.description for label in labels)


def test_reopening_does_not_seed_twice(db_path: Path) -> None:
    open_project(db_path, samples=True).close()
    with open_project(db_path, samples=True) as again:
        assert len(reading.list_documents(again)) == 5


def test_database_uses_wal_and_foreign_keys(project: Project) -> None:
    assert project.database.query("PRAGMA journal_mode")[0][0] == "wal"
    assert project.database.query("PRAGMA foreign_keys")[0][0] == 1


def test_tag_stores_code_point_offsets_and_text(project: Project, db_path: Path) -> None:
    document = reading.list_documents(project)[0]
    text = reading.load_document(project, document.id).text
    start = text.index("iFlytek")
    span = annotation.tag_span(project, document.id, start, start + 7, "strategy")
    # Read back through a separate connection: the tag is committed, not just in our transaction.
    other = sqlite3.connect(db_path)
    row = other.execute(
        'SELECT start, "end", text, label, annotator FROM spans WHERE id = ?', (span.id,)
    ).fetchone()
    other.close()
    assert row == (start, start + 7, "iFlytek", "strategy", "alice")


def test_tag_after_astral_characters(empty_project: Project, tmp_path: Path) -> None:
    from annotator.services.importing import import_paths

    source = tmp_path / "adversarial.txt"
    source.write_text(ADVERSARIAL_TEXT, encoding="utf-8")
    import_paths(empty_project, [source])
    document = reading.list_documents(empty_project)[0]
    start = ADVERSARIAL_TEXT.index("Ascend 910B")
    span = annotation.tag_span(empty_project, document.id, start, start + 11, "chips")
    assert reading.get_span(empty_project, span.id).text == "Ascend 910B"


def test_bad_spans_are_refused_and_nothing_is_stored(project: Project) -> None:
    document = reading.list_documents(project)[0]
    with pytest.raises(SpanError):
        annotation.tag_span(project, document.id, 10, 5, "chips")
    with pytest.raises(SpanError):
        annotation.tag_span(project, document.id, 0, 10**7, "chips")
    with pytest.raises(SpanError):
        annotation.tag_span(project, document.id, 0, 5, "no-such-label")
    with pytest.raises(NotFoundError):
        annotation.tag_span(project, "missing", 0, 5, "chips")
    assert reading.document_spans(project, document.id) == []


def test_remove_and_restore_round_trip_keeps_the_same_record(project: Project) -> None:
    document = reading.list_documents(project)[0]
    span = annotation.tag_span(project, document.id, 0, 2, "chips")
    removed = annotation.remove_span(project, span)
    assert reading.document_spans(project, document.id) == []
    annotation.restore_span(project, removed)
    annotation.restore_span(project, removed)  # idempotent: a retry does not duplicate
    assert [s.id for s in reading.document_spans(project, document.id)] == [span.id]


def test_relabel_returns_the_previous_state(project: Project) -> None:
    document = reading.list_documents(project)[0]
    span = annotation.tag_span(project, document.id, 0, 2, "chips")
    before, after = annotation.relabel_span(project, span, "models")
    assert (before.label, after.label) == ("chips", "models")
    assert reading.get_span(project, span.id).label == "models"
