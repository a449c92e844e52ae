"""Upgrades: a project made by the first released schema opens with this version and loses nothing; a
project from a newer version is refused and left untouched."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.domain.errors import StorageError
from annotator.services.annotation import tag_span
from annotator.services.integrity import check_database
from annotator.services.revisions import update_document_text
from annotator.services.samples import open_project
from annotator.storage.migrations import known_migrations, schema_is_current

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0001.db"
# Every table of the first schema, with its columns then.
SCHEMA_0001 = {
    "annotators": ["name", "created"],
    "labels": ["name", "colour", "hotkey", "description", "position"],
    "documents": ["id", "title", "source", "text", "sha256", "length", "created"],
    "spans": [
        "id",
        "document_id",
        "start",
        '"end"',
        "label",
        "text",
        "annotator",
        "note",
        "created",
        "updated",
    ],
    "settings": ["key", "value"],
}


def rows(path: Path, table: str, columns: list[str]) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1").fetchall()


def applied(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


@pytest.fixture
def old_project(tmp_path: Path) -> Path:
    copy = tmp_path / "old.db"
    shutil.copy(FIXTURE, copy)
    return copy


def test_the_fixture_really_is_the_first_schema(old_project: Path) -> None:
    assert applied(old_project) == ["0001_initial"]
    assert len(rows(old_project, "spans", ["id"])) >= 5


def test_upgrading_the_first_schema_keeps_every_row(old_project: Path) -> None:
    before = {table: rows(old_project, table, columns) for table, columns in SCHEMA_0001.items()}
    with open_project(old_project, annotator="alice", samples=True) as project:
        assert schema_is_current(project.database.db)
    assert applied(old_project) == known_migrations()
    for table, columns in SCHEMA_0001.items():
        assert rows(old_project, table, columns) == before[table], f"table {table} changed"
    report = check_database(old_project)
    assert report.ok, report.lines()
    assert not report.flagged


def test_upgraded_project_works(old_project: Path) -> None:
    with open_project(old_project, annotator="carol", samples=True) as project:
        documents = rows(old_project, "documents", ["id", "title"])
        (document_id,) = [row[0] for row in documents if row[1] == "Article 5"]
        span = tag_span(project, document_id, 0, 5, "Product")
        report = update_document_text(project, document_id, "A new first line.\n" + span.text + " ...")
        assert report.changed
    assert check_database(old_project).ok


def test_a_database_from_a_newer_version_is_refused_and_left_alone(old_project: Path) -> None:
    open_project(old_project, annotator="alice", samples=True).close()
    with closing(sqlite3.connect(old_project)) as conn, conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
            ("annotator", "9999_from_the_future", "2030-01-01"),
        )
    with closing(sqlite3.connect(old_project)) as conn:
        before = list(conn.iterdump())
    refused = r"newer version of Annotator \(schema step 9999_from_the_future\)"
    with pytest.raises(StorageError, match=refused):
        open_project(old_project, annotator="alice", samples=True)
    with closing(sqlite3.connect(old_project)) as conn:
        assert list(conn.iterdump()) == before
    report = check_database(old_project)
    assert not report.ok
    assert any("newer version" in line for line in report.lines())
