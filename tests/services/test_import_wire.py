"""A checked record crosses from the reading child to the storing process as plain values and comes back
whole: everything storing reads, and nothing of what it does not."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

from annotator.formats.offset_readings import OffsetUnit
from annotator.formats.records import (
    ParsedDocument,
    ParsedDocumentLabel,
    ParsedRelation,
    ParsedSpan,
    Rejection,
)
from annotator.services.importing_resolve import ReadyRows, ResolvedDocument, resolve
from annotator.services.importing_rows import ready_rows
from annotator.services.importing_wire import dumps, from_wire, loads, to_wire

TEXT = "Huawei ships the Ascend 910B 🚀\r\nto 数据中心."


def parsed(**extra: object) -> ParsedDocument:
    spans = (
        ParsedSpan(0, 6, "companies", "Huawei", "lee", None, "a note", "spans[0]", None, "s0"),
        ParsedSpan(17, 28, "chips", "Ascend 910B", None, "aaaaaaaa-0000-4000-8000-000000000001", ref="s1"),
    )
    values: dict[str, object] = {
        "path": FILE,
        "line": 7,
        "text": TEXT,
        "title": "Ascend",
        "source": "wire/1",
        "spans": spans,
        "id": "0123456789abcdef0123456789abcdef",
        "note": "checked",
        "statuses": (("lee", "done"),),
        "record": {"id": "x"},
    }
    return ParsedDocument(**{**values, **extra})  # type: ignore[arg-type]


def after_the_trip(outcome: ResolvedDocument) -> ResolvedDocument:
    """What the storing process should get: the outcome without the record's raw text, spans, fields."""
    return replace(outcome, parsed=replace(outcome.parsed, text="", spans=(), record=None))


FILE = Path("/data/file.jsonl")


def travelled(outcome: ResolvedDocument | Rejection, path: Path = FILE) -> ResolvedDocument | Rejection:
    """``outcome`` of a record of ``path`` sent in a message of a batch, as the reading child sends it."""
    message = loads(dumps(("records", [(to_wire(outcome, path), True)], [])))
    (item, _), *_ = message[1]
    return from_wire(item, path)


def test_a_new_article_with_rows_comes_back_whole() -> None:
    outcome = resolve(parsed(), annotator="alice", unit=OffsetUnit.CODE_POINTS)
    assert isinstance(outcome, ResolvedDocument)
    outcome.readings.append("line 7: read as UTF-16")
    outcome.unchecked = 1
    outcome.stable_id = "wire/1"
    outcome.ready = ready_rows(outcome, outcome.parsed.id, "2026-12-04T19:00:00.000+00:00")
    assert outcome.ready is not None and len(outcome.ready.rows) == 2
    outcome.spans = []
    outcome.joined = ["wire/1", "wire/1"]  # two later records of its text, joined into it
    assert travelled(outcome) == after_the_trip(outcome)


def test_a_record_with_relations_and_labels_keeps_its_drafts() -> None:
    relation = ParsedRelation("s0", "s1", "supplies", "lee", "", None, "relations[0]")
    label = ParsedDocumentLabel("topic", "chips", "lee")
    outcome = resolve(
        parsed(relations=(relation,), document_labels=(label,)),
        annotator="alice",
        unit=OffsetUnit.CODE_POINTS,
    )
    assert isinstance(outcome, ResolvedDocument) and outcome.relations and outcome.document_labels
    assert ready_rows(outcome, None, "now") is None
    back = travelled(outcome)
    assert back == after_the_trip(outcome)
    assert isinstance(back, ResolvedDocument) and back.spans == outcome.spans
    assert back.parsed.relations == (relation,) and back.parsed.document_labels == (label,)


def test_a_rejection_travels_as_it_is() -> None:
    rejection = Rejection(FILE, 3, "has no text to annotate", "text")
    assert travelled(rejection) == rejection


def test_a_record_of_another_file_keeps_its_path() -> None:
    # Records of the file being read leave its path behind; any other path travels.
    outcome = resolve(parsed(path=Path("/data/other.jsonl")), annotator="alice", unit=OffsetUnit.CODE_POINTS)
    assert isinstance(outcome, ResolvedDocument)
    assert to_wire(outcome, FILE)[0][0] == "/data/other.jsonl"
    assert travelled(outcome) == after_the_trip(outcome)
    from_here = resolve(parsed(), annotator="alice", unit=OffsetUnit.CODE_POINTS)
    assert isinstance(from_here, ResolvedDocument) and to_wire(from_here, FILE)[0][0] is None
    elsewhere = Rejection(Path("/data/other.jsonl"), 3, "has no text to annotate", "text")
    assert travelled(elsewhere) == elsewhere


def test_every_field_is_carried_or_left_behind_on_purpose() -> None:
    # A field added to any of these must be added to the wire (or to what stays behind) as well.
    assert [f.name for f in fields(ResolvedDocument)] == [
        "parsed",
        "text",
        "sha256",
        "spans",
        "readings",
        "unchecked",
        "stable_id",
        "relations",
        "document_labels",
        "ready",
        "joined",
    ]
    assert [f.name for f in fields(ParsedDocument)] == [
        "path",
        "line",
        "text",  # left behind: the outcome's own text is the canonical one
        "title",
        "source",
        "spans",  # left behind: the outcome's drafts or rows
        "id",
        "note",
        "span_text_flattens_newlines",
        "statuses",
        "record",  # left behind: read only while checking (--update-by)
        "relations",
        "document_labels",
    ]
    assert [f.name for f in fields(ReadyRows)] == [
        "document_id",
        "rows",
        "gold_refused",
        "repeated",
        "ids_replaced",
    ]
