"""Merging a colleague's project file: matching by text, idempotence, and your layer untouched."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.services import annotation, reading
from annotator.services.merge import OWN_LAYER, merge_project
from annotator.services.project import Project
from annotator.services.samples import open_project


def first_article(project: Project) -> str:
    """The 'China's iFlytek developed…' sample, whatever else the project holds."""
    return next(d.id for d in reading.list_documents(project) if d.title.startswith("China's iFlytek"))


def tag(project: Project, needle: str, label: str) -> str:
    document_id = first_article(project)
    text = reading.load_document(project, document_id).text
    start = text.index(needle)
    return annotation.tag_span(project, document_id, start, start + len(needle), label).id


def snapshot(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            'SELECT id, document_id, start, "end", label, annotator, note FROM spans ORDER BY id'
        ).fetchall()
    finally:
        conn.close()


def test_merge_adds_colleague_spans_and_is_idempotent(tmp_path: Path) -> None:
    mine, theirs = tmp_path / "alice.db", tmp_path / "bob.db"
    with open_project(mine, annotator="alice", samples=True) as alice:
        tag(alice, "iFlytek", "strategy")
    with open_project(theirs, annotator="bob", samples=True) as bob:
        # Bob's copy has the same articles under other ids, plus one article Alice does not have.
        extra = tmp_path / "extra.txt"
        extra.write_text("Bob's own article about Ascend chips.", encoding="utf-8")
        from annotator.services.importing import import_paths

        import_paths(bob, [extra])
        tag(bob, "iFlytek", "models")
        tag(bob, "Huawei", "chips")
    with open_project(mine, annotator="alice", samples=True) as alice:
        report = merge_project(alice, theirs)
        assert (report.documents_added, report.documents_matched) == (1, 5)
        assert (report.spans_added, report.spans_updated, report.spans_unchanged) == (2, 0, 0)
        assert {(s.annotator, s.label) for s in reading.document_spans(alice, first_article(alice))} >= {
            ("alice", "strategy"),
            ("bob", "models"),
        }
        after_first = snapshot(mine)
        again = merge_project(alice, theirs)
        assert (again.documents_added, again.spans_added, again.spans_updated) == (0, 0, 0)
        assert again.spans_unchanged == 2
    assert snapshot(mine) == after_first


def test_a_colleague_cannot_change_or_delete_your_spans(tmp_path: Path) -> None:
    mine, theirs = tmp_path / "alice.db", tmp_path / "bob.db"
    with open_project(mine, annotator="alice", samples=True) as alice:
        kept = tag(alice, "iFlytek", "strategy")
        deleted = tag(alice, "Huawei", "chips")
    shutil.copy(mine, theirs)  # Bob starts from a copy of Alice's project...
    with open_project(theirs, annotator="bob", samples=True) as bob:
        # ...and his copy of Alice's spans is changed: one relabelled, one removed, one added under her name.
        conn = bob.database.conn
        conn.execute("UPDATE spans SET label = 'models', updated = '2999-01-01' WHERE id = ?", (kept,))
        conn.commit()
    with open_project(mine, annotator="alice", samples=True) as alice:
        annotation.remove_span(alice, reading.get_span(alice, deleted))  # Alice deleted this one herself
        before = snapshot(mine)
        report = merge_project(alice, theirs)
        assert report.skipped[OWN_LAYER] == 2
        assert report.spans_added == report.spans_updated == 0
    assert snapshot(mine) == before


def test_merging_something_that_is_not_a_project_is_refused(
    tmp_path: Path, project: Project, db_path: Path
) -> None:
    bogus = tmp_path / "notes.db"
    sqlite3.connect(bogus).execute("CREATE TABLE x (y)").connection.close()
    before = snapshot(db_path)
    with pytest.raises(InputError, match=r"notes\.db.* not an Annotator project"):
        merge_project(project, bogus)
    with pytest.raises(InputError, match=r"missing\.db: no such project file"):
        merge_project(project, tmp_path / "missing.db")
    assert snapshot(db_path) == before
