"""A new project's first large import drops the span indexes (and the search keys' indexes of ids) while
it loads and builds them again.

Whatever happens to the import (done, cancelled, a bad record), the project ends with exactly the indexes
it had, and an import into a project that already holds articles never drops them (it looks spans up by
article while it loads).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.errors import Cancelled, InputError
from annotator.services.importing import ImportOptions, import_files
from annotator.services.importing_store import BATCH
from annotator.services.project import Project
from annotator.services.reading import document_spans, list_documents
from annotator.services.search import HitKind, catch_up_index, search_corpus

ARTICLES = BATCH + 30  # the first batch is stored while the rest is read


def corpus(path: Path, count: int = ARTICLES, *, bad_last: bool = False) -> Path:
    lines = []
    for n in range(count):
        text = f"Article {n}: Huawei ships the Ascend 910B to 数据中心 {n}."
        start = text.index("Ascend")
        spans = [
            {"start": start, "end": start + 11, "label": "chips", "text": "Ascend 910B"},
            {"start": 0, "end": 7, "label": "kind", "text": "Article"},
        ]
        if bad_last and n == count - 1:
            spans[0]["text"] = "something else"  # offsets that do not cover the stated text
        lines.append(json.dumps({"text": text, "spans": spans}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def span_indexes(project: Project) -> list[tuple[str, str]]:
    query = (
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
        "('spans', 'span_search_keys', 'document_search_keys') ORDER BY name"
    )
    return [(name, sql) for name, sql in project.database.conn.execute(query)]


def test_the_first_large_import_loads_without_span_indexes_and_builds_them_again(tmp_path: Path) -> None:
    with Project.open(tmp_path / "new.db", annotator="alice") as project:
        before = span_indexes(project)
        assert any(name == "spans_by_document" for name, _ in before)
        seen: list[int] = []

        def progress(done: int, total: int) -> None:
            if done == ARTICLES - 1:  # late in the load, inside the import's transaction
                seen.append(len(span_indexes(project)))

        import_files(
            project, [corpus(tmp_path / "big.jsonl")], ImportOptions(format="jsonl"), progress=progress
        )
        assert seen and seen[0] < len(before)  # they were dropped while the rows went in
        assert span_indexes(project) == before
        plan = project.database.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM spans WHERE document_id = ?", ("x",)
        ).fetchall()
        assert "spans_by_document" in str(plan)
        assert project.database.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        first = list_documents(project)[0]
        assert [s.text for s in document_spans(project, first.id)] == ["Article", "Ascend 910B"]
        # Every article and span has its search key, in the order they were stored, and is found.
        conn = project.database.conn
        for table, keys, column in (
            ("documents", "document_search_keys", "document_id"),
            ("spans", "span_search_keys", "span_id"),
        ):
            in_order = conn.execute(f"SELECT id FROM {table} ORDER BY rowid").fetchall()
            assert conn.execute(f"SELECT {column} FROM {keys} ORDER BY key").fetchall() == in_order
        assert catch_up_index(project) == ARTICLES * 3
        hits = search_corpus(project, "数据中心 " + str(ARTICLES - 1), limit=10)
        assert {hit.title for hit in hits} == {
            f"Article {ARTICLES - 1}: Huawei ships the Ascend 910B to 数据中心 {ARTICLES - 1}."
        }
        found = search_corpus(project, "Ascend 910B", limit=3 * ARTICLES)
        assert sum(hit.kind is HitKind.SPAN for hit in found) == ARTICLES


def test_an_import_into_a_project_with_articles_keeps_its_indexes(tmp_path: Path) -> None:
    with Project.open(tmp_path / "used.db", annotator="alice") as project:
        import_files(project, [corpus(tmp_path / "small.jsonl", 3)], ImportOptions(format="jsonl"))
        before = span_indexes(project)
        seen: list[int] = []
        import_files(
            project,
            [corpus(tmp_path / "big.jsonl")],
            ImportOptions(format="jsonl"),
            progress=lambda done, total: seen.append(len(span_indexes(project))),
        )
        assert set(seen) == {len(before)}
        assert span_indexes(project) == before


@pytest.mark.parametrize("how", ["cancelled", "bad record"])
def test_an_import_that_fails_leaves_the_indexes_and_nothing_else(tmp_path: Path, how: str) -> None:
    with Project.open(tmp_path / "new.db", annotator="alice") as project:
        before = span_indexes(project)
        source = corpus(tmp_path / "big.jsonl", bad_last=how == "bad record")
        calls = [0]

        def cancelled() -> bool:
            calls[0] += 1
            return how == "cancelled" and calls[0] > ARTICLES - 5

        expected = Cancelled if how == "cancelled" else InputError
        with pytest.raises(expected):
            import_files(project, [source], ImportOptions(format="jsonl"), cancelled=cancelled)
        assert span_indexes(project) == before
        assert list_documents(project) == []
        # And the next import still works, lifting and restoring them again.
        import_files(project, [corpus(tmp_path / "good.jsonl")], ImportOptions(format="jsonl"))
        assert span_indexes(project) == before
        assert len(list_documents(project)) == ARTICLES


def test_a_large_import_leaves_the_copy_of_its_log_into_the_file_to_the_index_catch_up(
    tmp_path: Path,
) -> None:
    database = tmp_path / "new.db"
    articles = 4 * ARTICLES  # a log of about 7 MB: over the 4 MB after which SQLite copies it at commit
    with Project.open(database, annotator="alice") as project:
        before = database.stat().st_size
        import_files(project, [corpus(tmp_path / "big.jsonl", articles)], ImportOptions(format="jsonl"))
        assert database.stat().st_size == before  # nothing copied yet
        with Project.open(database, annotator="bob") as other:  # every reader sees the import at once
            assert len(list_documents(other)) == articles
        assert project.database.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
        catch_up_index(project)
        assert database.stat().st_size > before + 4_000_000  # the articles are in the file now
        assert len(list_documents(project)) == articles


def test_a_small_import_of_long_texts_is_copied_into_the_file_when_it_commits(tmp_path: Path) -> None:
    # Fewer articles than a deferred index needs, but a log over 4 MB: SQLite copies it at the commit.
    source = tmp_path / "long.jsonl"
    lines = [
        json.dumps({"text": f"Article {n}: " + "Huawei ships Ascend chips. " * 2000}) for n in range(150)
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    database = tmp_path / "new.db"
    with Project.open(database, annotator="alice") as project:
        before = database.stat().st_size
        import_files(project, [source], ImportOptions(format="jsonl"))
        assert database.stat().st_size > before + 4_000_000
