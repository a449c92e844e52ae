"""New articles and spans inserted with the insert triggers lifted: the same project as row by row."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import astuple
from pathlib import Path

import pytest

from annotator.domain.models import Document, Span
from annotator.domain.text import text_sha256
from annotator.services.project import Project
from annotator.services.search import HitKind, catch_up_index, index_is_sound, search_corpus
from annotator.storage import bulk, bulk_rows, hub_local
from annotator.storage import search as search_rows
from annotator.storage.documents import DocumentRow
from annotator.storage.spans import SpanRow, row_of

STAMP = "2025-01-01T00:00:00.000+00:00"


def batch(first: int, count: int) -> tuple[list[Document], list[SpanRow]]:
    documents: list[Document] = []
    spans: list[SpanRow] = []
    for n in range(first, first + count):
        text = f"Article {n}: Huawei ships the Ascend 910B to 数据中心 and iFlytek trains Spark {n}."
        document = Document(id=f"{n:032x}", title=f"Ascend report {n}", text=text, sha256=text_sha256(text))
        documents.append(document)
        start = text.index("Ascend")
        for annotator, label, begin, end in (
            ("alice", "chips", start, start + 11),
            ("bob", "chips", start, start + 6),
            ("alice", "models", text.index("Spark"), text.index("Spark") + 5),
        )[: 1 + n % 3]:
            span = Span(
                id=f"{n:016x}{len(spans):016x}",
                document_id=document.id,
                start=begin,
                end=end,
                label=label,
                text=text[begin:end],
                annotator=annotator,
                note=f"seen in {n}",
            )
            spans.append(row_of(span))
    return documents, spans


def rows_of(documents: list[Document]) -> list[DocumentRow]:
    return [
        DocumentRow(d.id, d.title, d.source, d.text, d.sha256, len(d.text), d.created, d.note)
        for d in documents
    ]


def derived_rows(project: Project) -> dict[str, list[tuple[object, ...]]]:
    """Every row the insert triggers write, by table."""
    conn = project.database.conn
    queries = {
        "document_span_counts": "SELECT * FROM document_span_counts ORDER BY 1",
        "document_search_keys": "SELECT * FROM document_search_keys ORDER BY 1",
        "span_search_keys": "SELECT * FROM span_search_keys ORDER BY 1",
        "hub_pending": "SELECT * FROM hub_pending ORDER BY 1, 2",
        "document_search": "SELECT rowid, title, text FROM document_search ORDER BY rowid",
        "span_search": "SELECT rowid, label, note, text FROM span_search ORDER BY rowid",
        "search_backlog": "SELECT * FROM search_backlog ORDER BY 1",
    }
    rows = {name: [tuple(row) for row in conn.execute(sql)] for name, sql in queries.items()}
    catch_up_index(project)  # what was deferred is indexed now; searches then find every row either way
    assert index_is_sound(project)
    hits = [*search_corpus(project, "Ascend", limit=1000), *search_corpus(project, "数据中心", limit=1000)]
    rows["hits"] = sorted(astuple(hit) for hit in hits)
    return rows


def fill(path: Path, *, set_based: bool, hub: bool, deferred: bool) -> dict[str, list[tuple[object, ...]]]:
    """Two batches (the second after existing rows), the second with spans on an article of the first."""
    first = batch(0, 30)
    second = batch(30, 40)
    extra = batch(0, 1)[1]  # more spans for article 0's text, under new ids
    extra = [row._replace(document_id=first[0][0].id, id=row.id + "x") for row in extra]
    with Project.open(path, annotator="alice") as project:
        database = project.database
        with database.write():
            bulk.ensure_annotators(database, ["alice", "bob"], STAMP)
            if hub:
                hub_local.connect(database, "postgresql://hub/annotation", ["documents", "spans"])
        for documents, spans in (first, (second[0], [*second[1], *extra])):
            with database.write():
                if deferred:
                    search_rows.defer_indexing(database)
                if set_based:
                    bulk_rows.insert_new(database, rows_of(documents), spans)
                else:
                    bulk.insert_documents(database, documents)
                    bulk.insert_span_rows(database, spans)
        return derived_rows(project)


@pytest.mark.parametrize("hub", [False, True])
@pytest.mark.parametrize("deferred", [False, True])
def test_set_based_inserts_leave_what_row_triggers_leave(tmp_path: Path, hub: bool, deferred: bool) -> None:
    by_rows = fill(tmp_path / "rows.db", set_based=False, hub=hub, deferred=deferred)
    set_based = fill(tmp_path / "set.db", set_based=True, hub=hub, deferred=deferred)
    assert set_based == by_rows
    assert len(set_based["span_search_keys"]) == sum(1 + n % 3 for n in range(70)) + 1
    assert bool(set_based["hub_pending"]) == hub
    assert bool(set_based["search_backlog"]) == deferred
    kinds = Counter(hit[0] for hit in set_based["hits"])
    # Every article twice (each word once in its text), and every span on "Ascend" (not those on "Spark").
    assert kinds == {HitKind.TEXT: 2 * 70, HitKind.SPAN: 24 + 2 * 46 + 1}


def triggers(project: Project) -> list[tuple[str, str]]:
    query = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    return [(name, sql) for name, sql in project.database.conn.execute(query)]


def test_triggers_come_back_as_they_were_after_success_and_after_failure(empty_project: Project) -> None:
    before = triggers(empty_project)
    database = empty_project.database
    documents, spans = batch(0, 5)
    with database.write():
        bulk.ensure_annotators(database, ["alice", "bob"], STAMP)
        bulk_rows.insert_new(database, rows_of(documents), spans)
    assert triggers(empty_project) == before
    again, more = batch(5, 5)
    with pytest.raises(sqlite3.IntegrityError), database.write():
        bulk_rows.insert_new(database, rows_of(again), [*more, spans[0]])  # a span id already taken
    assert triggers(empty_project) == before
    count = database.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert count == 5  # the failed batch left nothing behind


def test_every_insert_trigger_of_the_two_tables_has_a_set_based_replay(empty_project: Project) -> None:
    # A new insert trigger on documents or spans must be replayed in bulk_rows too; until it is, the
    # import silently takes the row-by-row path, which this test would then stop noticing.
    assert set(bulk_rows.insert_triggers(empty_project.database.conn)) == set(bulk_rows.REPLAYED)


def test_lifted_indexes_come_back_built_and_the_connection_sorts_as_before(empty_project: Project) -> None:
    database = empty_project.database
    conn = database.conn
    before = [conn.execute(f"PRAGMA {name}").fetchone()[0] for name in ("threads", "cache_size")]
    documents, spans = batch(0, 50)
    with database.write():
        bulk.ensure_annotators(database, ["alice", "bob"], STAMP)
        lifted = bulk_rows.lift_indexes(database, "spans")
        kept = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'spans'")}
        # A partial index holds only what its condition takes (no span of a load needs review): it stays.
        assert "spans_needing_review" in kept and "spans_by_document" not in kept
        assert not any("needs_review" in sql for sql in lifted)
        bulk.insert_documents(database, documents)
        bulk.insert_span_rows(database, spans)
        bulk_rows.restore_indexes(database, lifted)
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'spans'")}
    assert {"spans_by_document", "spans_by_text"} <= names
    plan = " ".join(
        str(row) for row in conn.execute("EXPLAIN QUERY PLAN SELECT * FROM spans WHERE document_id = 'x'")
    )
    assert "spans_by_document" in plan
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [conn.execute(f"PRAGMA {name}").fetchone()[0] for name in ("threads", "cache_size")] == before
