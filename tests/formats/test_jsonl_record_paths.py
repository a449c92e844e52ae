"""The native record built directly from domain models is exactly the one its pydantic models define."""

from __future__ import annotations

from annotator.domain.models import Document, Span
from annotator.domain.text import text_sha256
from annotator.formats.jsonl import document_record, dump_line, validated_record
from tests.conftest import ADVERSARIAL_TEXT


def spans_over(document: Document) -> list[Span]:
    spans = []
    for word, label, annotator in (
        ("Huawei", "chips", "bob"),
        ("Ascend 910B", "chips", "alice"),
        ("讯飞星火", "models", "alice"),
        ("Huawei Ascend", "strategy", "alice"),
    ):
        start = document.text.index(word)
        spans.append(
            Span(
                document_id=document.id,
                start=start,
                end=start + len(word),
                label=label,
                text=word,
                annotator=annotator,
                note="a note\u2028with a line separator",
            )
        )
    return spans


def test_direct_record_equals_the_validated_one() -> None:
    document = Document(
        title="Adversarial", source="x.txt", text=ADVERSARIAL_TEXT, sha256=text_sha256(ADVERSARIAL_TEXT)
    )
    spans = spans_over(document)
    statuses = {"alice": "done", "bob": "in_progress"}
    direct = document_record(document, reversed(spans), statuses)
    assert direct == validated_record(document, spans, statuses)
    assert dump_line(direct) == dump_line(validated_record(document, spans, statuses))
    assert list(direct) == ["schema_version", "id", "text", "meta", "status", "spans", "relations", "labels"]
    assert [s["text"] for s in direct["spans"]] == ["Huawei", "Huawei Ascend", "Ascend 910B", "讯飞星火"]
    assert "\\u2028" in dump_line(direct) and "\u2028" not in dump_line(direct)


def test_gold_spans_keep_their_provenance() -> None:
    document = Document(title="A", text="Huawei ships chips.", sha256=text_sha256("Huawei ships chips."))
    span = Span(document_id=document.id, start=0, end=6, label="chips", text="Huawei", annotator="gold")
    provenance = {span.id: {"sources": [], "decided_by": "alice", "decided_at": "2025-01-01T00:00:00Z"}}
    record = document_record(document, [span], {}, provenance)
    assert record["spans"][0]["provenance"]["decided_by"] == "alice"
    assert record == validated_record(document, [span], {}, provenance)
