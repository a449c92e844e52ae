"""Rebuilding the search index: in steps with progress, in one transaction, and a cancel changes nothing."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.domain.errors import Cancelled
from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.services.samples import open_project
from annotator.services.search import index_is_sound, rebuild_index, search_corpus
from annotator.storage import search as search_rows


def break_the_index(db_path: Path) -> None:
    """Change an article the way another program might: without the trigger that keeps the index."""
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("DROP TRIGGER documents_search_update")
        conn.execute("UPDATE documents SET text = 'armadillo chips were replaced quietly' WHERE rowid = 1")


def index_rows(db_path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db_path)) as conn:
        keys = conn.execute("SELECT * FROM document_search_keys ORDER BY key").fetchall()
        data = conn.execute("SELECT * FROM document_search_data ORDER BY id").fetchall()
    return [*keys, *data]


def test_a_rebuild_in_steps_reports_progress_and_mends_the_index(
    project: Project, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_rows, "_REBUILD_BATCH", 2)  # several steps even for the sample articles
    document_id = reading.list_documents(project)[0].id
    annotation.tag_span(project, document_id, 0, 5, "chips")
    break_the_index(db_path)
    assert not index_is_sound(project)
    assert search_corpus(project, "armadillo") == []

    steps: list[tuple[int, int]] = []
    articles, spans = rebuild_index(project, lambda done, total: steps.append((done, total)))

    assert (articles, spans) == (len(reading.list_documents(project)), 1)
    assert index_is_sound(project)
    assert len(steps) > 3
    assert all(total == articles + spans for _, total in steps)
    assert [done for done, _ in steps] == sorted(done for done, _ in steps)
    assert steps[-1] == (articles + spans, articles + spans)
    assert [hit.kind.value for hit in search_corpus(project, "armadillo")] == ["text"]


def test_a_cancelled_rebuild_leaves_the_index_as_it_was(
    project: Project, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_rows, "_REBUILD_BATCH", 2)
    break_the_index(db_path)
    before = index_rows(db_path)

    def cancel_half_way(done: int, total: int) -> None:
        if done >= total // 2:
            raise Cancelled("rebuilding the search index")

    with pytest.raises(Cancelled):
        rebuild_index(project, cancel_half_way)
    assert index_rows(db_path) == before
    assert not index_is_sound(project)  # still out of step, exactly as before


def test_cli_reindex_rebuilds_and_if_needed_skips_a_sound_index(
    project: Project, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = len(reading.list_documents(project))
    project.close()
    assert main(["reindex", "--db", str(db_path), "--if-needed"]) == 0
    assert "nothing to do" in capsys.readouterr().out
    break_the_index(db_path)
    assert main(["reindex", "--db", str(db_path), "--if-needed"]) == 0
    assert capsys.readouterr().out.strip() == f"search index rebuilt: {articles} articles, 0 spans"
    with open_project(db_path, annotator="alice", samples=True) as reopened:
        assert index_is_sound(reopened)
