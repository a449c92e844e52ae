"""Resolving records one after another: each is read against its own text, whether the record before it
had the same text (read once for both) or another."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.text import text_sha256
from annotator.formats.offset_readings import OffsetUnit
from annotator.formats.records import ParsedDocument, ParsedSpan
from annotator.services.importing_resolve import ResolvedDocument, resolve

EMOJI = "🚀 Huawei ships the Ascend 910B."
CRLF = "Line one\r\nHuawei ships."


def record(text: str, start: int, end: int, covered: str) -> ParsedDocument:
    span = ParsedSpan(start, end, "companies", covered)
    return ParsedDocument(path=Path("tasks.jsonl"), line=1, text=text, title="t", source="s", spans=(span,))


def resolved(parsed: ParsedDocument, unit: OffsetUnit = OffsetUnit.CODE_POINTS) -> ResolvedDocument:
    outcome = resolve(parsed, annotator="lee", unit=unit)
    assert isinstance(outcome, ResolvedDocument)
    return outcome


def test_records_with_the_same_or_another_text_in_a_row_are_each_read_against_their_own() -> None:
    # UTF-16 offsets of "Huawei" after the emoji (two units): read through the reader's lazy map.
    first = resolved(record(EMOJI, 3, 9, "Huawei"), OffsetUnit.UTF16)
    again = resolved(record(EMOJI, 3, 9, "Huawei"), OffsetUnit.UTF16)
    other = resolved(record(CRLF, 10, 16, "Huawei"))
    last = resolved(record(EMOJI, 2, 8, "Huawei"))
    assert [(s.start, s.end) for s in (*first.spans, *again.spans, *last.spans)] == [(2, 8)] * 3
    assert first.sha256 == again.sha256 == last.sha256 == text_sha256(EMOJI)
    assert other.text == "Line one\nHuawei ships." and other.sha256 == text_sha256(other.text)
    assert [(s.start, s.end, s.text) for s in other.spans] == [(9, 15, "Huawei")]
    assert not first.readings and "\\r\\n counted as two" in other.readings[0]
