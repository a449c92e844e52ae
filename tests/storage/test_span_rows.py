"""Span rows for the article view: the same records as ``spans_for_document``, as plain tuples."""

from __future__ import annotations

from annotator.domain.models import Document, Span
from annotator.domain.text import text_sha256
from annotator.services.project import Project
from annotator.storage import bulk
from annotator.storage import spans as span_rows

TEXT = "Huawei ships the Ascend 910B 🚀 to data centres in Hefei."


def stored(project: Project) -> tuple[Document, list[Span]]:
    document = Document(title="Chips", text=TEXT, sha256=text_sha256(TEXT))

    def span(start: int, end: int, label: str, annotator: str, note: str = "") -> Span:
        return Span(
            document_id=document.id,
            start=start,
            end=end,
            label=label,
            text=TEXT[start:end],
            annotator=annotator,
            note=note,
        )

    ascend, hefei = TEXT.index("Ascend"), TEXT.index("Hefei")  # Hefei comes after an emoji
    spans = [
        span(ascend, ascend + 11, "chips", "alice", note="the accelerator"),
        span(0, 6, "models", "alice"),
        span(0, 6, "chips", "bob"),
        span(hefei, hefei + 5, "models", "bob"),
    ]
    with project.database.write():
        bulk.insert_documents(project.database, [document])
        span_rows.upsert_spans(project.database, spans)
    return document, spans


def test_rows_hold_every_field_of_the_spans(empty_project: Project) -> None:
    document, _ = stored(empty_project)
    rows = span_rows.span_rows_for_document(empty_project.database, document.id)
    models = span_rows.spans_for_document(empty_project.database, document.id)
    assert sorted(rows) == sorted(span_rows.row_of(span) for span in models)
    assert all(isinstance(row, span_rows.SpanRow) for row in rows)
    by_id = {row.id: row for row in rows}
    for span in models:
        assert by_id[span.id]._asdict() == span.model_dump()


def test_rows_of_some_annotators_only(empty_project: Project) -> None:
    document, spans = stored(empty_project)
    rows = span_rows.span_rows_for_document(empty_project.database, document.id, ["bob"])
    assert sorted(row.id for row in rows) == sorted(s.id for s in spans if s.annotator == "bob")
    assert span_rows.span_rows_for_document(empty_project.database, document.id, []) == []
    assert span_rows.span_rows_for_document(empty_project.database, "no such document") == []


def test_rows_become_the_same_spans_again(empty_project: Project) -> None:
    document, spans = stored(empty_project)
    rows = span_rows.span_rows_for_document(empty_project.database, document.id)
    again = {span.id: span for span in span_rows.trusted_spans(rows)}
    for span in spans:
        assert again[span.id].model_dump() == span.model_dump()
        assert span_rows.row_of(again[span.id]) == span_rows.row_of(span)
