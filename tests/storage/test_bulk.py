"""Bulk writes: many documents and spans in one transaction, all or nothing."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.domain.models import Document, Span
from annotator.domain.text import text_sha256
from annotator.services.project import Project
from annotator.storage import bulk
from annotator.storage import documents as document_rows
from annotator.storage import spans as span_rows


def documents(count: int) -> list[Document]:
    texts = [f"Article {n}: Huawei ships the Ascend 910B to data centres." for n in range(count)]
    return [
        Document(title=f"Article {n}", text=text, sha256=text_sha256(text)) for n, text in enumerate(texts)
    ]


def spans_of(document: Document, annotator: str) -> list[Span]:
    start = document.text.index("Ascend")
    return [
        Span(
            document_id=document.id,
            start=start,
            end=start + 11,
            label="chips",
            text="Ascend 910B",
            annotator=annotator,
        ),
        Span(
            document_id=document.id,
            start=0,
            end=7,
            label="models",
            text=document.text[:7],
            annotator=annotator,
        ),
    ]


def test_documents_and_spans_are_stored_as_given(empty_project: Project) -> None:
    docs = documents(50)
    spans = [span for d in docs for span in spans_of(d, "alice")]
    with empty_project.database.write():
        bulk.ensure_annotators(empty_project.database, ["alice"], "2025-01-01T00:00:00.000+00:00")
        assert bulk.insert_documents(empty_project.database, iter(docs)) == 50
        assert bulk.insert_spans(empty_project.database, iter(spans)) == 100
    assert list(document_rows.iter_documents(empty_project.database)) == sorted(docs, key=lambda d: d.id)
    stored = span_rows.spans_for_document(empty_project.database, docs[7].id)
    assert stored == sorted((s for s in spans if s.document_id == docs[7].id), key=lambda s: s.start)
    assert document_rows.article_list(empty_project.database).span_counts == {doc.id: 2 for doc in docs}


def test_a_bad_row_leaves_the_database_as_it_was(empty_project: Project) -> None:
    docs = documents(10)
    good = spans_of(docs[0], "alice")
    unknown_annotator = spans_of(docs[1], "nobody-registered")
    with pytest.raises(sqlite3.IntegrityError), empty_project.database.write():
        bulk.insert_documents(empty_project.database, docs)
        bulk.insert_spans(empty_project.database, [*good, *unknown_annotator])
    assert document_rows.document_count(empty_project.database) == 0
    assert span_rows.span_count(empty_project.database) == 0


def test_annotators_are_added_once(empty_project: Project) -> None:
    with empty_project.database.write():
        bulk.ensure_annotators(
            empty_project.database, ["bob", "chen", "bob"], "2025-01-01T00:00:00.000+00:00"
        )
    with empty_project.database.write():
        bulk.ensure_annotators(empty_project.database, ["bob"], "2025-01-01T00:00:00.000+00:00")
    names = [row["name"] for row in empty_project.database.query("SELECT name FROM annotators ORDER BY name")]
    assert names == ["bob", "chen"]  # opening a project registers nobody; writing does
