"""Importing datasets: all or nothing, --skip-invalid, offsets from other tools, attribution, dedupe."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from annotator.domain.errors import Cancelled, InputError
from annotator.formats.offset_readings import OffsetUnit
from annotator.services import reading
from annotator.services.importing import ImportOptions, import_files
from annotator.services.project import Project
from tests.fixtures.offsets import utf16_offset
from tests.formats.corpus import span_facts

EMOJI_TEXT = "Team 👩‍💻 and 𠀀 praised Huawei Ascend 910B chips."


def _snapshot(project: Project) -> tuple[object, ...]:
    documents = sorted((d.sha256, d.title) for d in reading.list_documents(project))
    labels = [label.name for label in reading.list_labels(project)]
    return tuple(documents), tuple(span_facts(project)), tuple(labels)


def _jsonl(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _span(text: str, word: str, label: str, **extra: object) -> dict[str, object]:
    start = text.index(word)
    return {"start": start, "end": start + len(word), "label": label, "text": word, **extra}


def test_a_bad_record_imports_nothing_and_names_file_line_and_field(project: Project, tmp_path: Path) -> None:
    good = {"text": "Huawei ships chips.", "spans": [_span("Huawei ships chips.", "chips", "chips")]}
    bad = {"text": "Second article.", "spans": [{"start": True, "end": 6, "label": "chips"}]}
    path = _jsonl(tmp_path / "data.jsonl", good, bad)
    before = _snapshot(project)
    with pytest.raises(InputError) as caught:
        import_files(project, [path])
    assert (caught.value.path, caught.value.line, caught.value.field) == (str(path), 2, "spans[0].start")
    assert "expected a valid integer, got True" in str(caught.value)
    assert _snapshot(project) == before


def test_skip_invalid_imports_the_rest_and_writes_where_the_rejects_are(
    project: Project, tmp_path: Path
) -> None:
    good = {"text": "Huawei ships chips.", "spans": [_span("Huawei ships chips.", "chips", "chips")]}
    path = tmp_path / "data.jsonl"
    path.write_text(
        json.dumps(good)
        + "\n"
        + '{"text": "x", "text": "y"}\n'
        + '{"text": "z", "spans": [{"start": NaN}]}\n',
        encoding="utf-8",
    )
    listing = tmp_path / "rejected.jsonl"
    report = import_files(project, [path], ImportOptions(skip_invalid=True, rejected_report=listing))
    assert len(report.added) == 1 and report.spans_added == 1
    rejects = [json.loads(line) for line in listing.read_text(encoding="utf-8").splitlines()]
    assert [(r["line"], r["field"]) for r in rejects] == [(2, "text"), (3, None)]
    assert "appears twice" in rejects[0]["error"] and "NaN" in rejects[1]["error"]
    assert str(listing) in report.summary()


def test_reimport_changes_nothing_and_keeps_span_ids(empty_project: Project, tmp_path: Path) -> None:
    span_id = str(uuid.uuid4())
    text = "Huawei ships Ascend chips."
    record = {
        "text": text,
        "spans": [_span(text, "Ascend", "chips", id=span_id), _span(text, "Huawei", "x y")],
    }
    path = _jsonl(
        tmp_path / "data.jsonl", record, {**record, "spans": [*record["spans"], record["spans"][0]]}
    )
    first = import_files(empty_project, [path])
    # The second record has the same text: the same article, already present by then.
    assert (len(first.added), len(first.unchanged), first.spans_added, first.spans_unchanged) == (1, 1, 2, 3)
    assert first.records_read == 2
    assert first.labels_added == ["x y"]
    assert "new labels added (with generated colours): x y" in first.summary()
    spans = reading.document_spans(empty_project, reading.list_documents(empty_project)[0].id)
    assert span_id in {s.id for s in spans}
    before = _snapshot(empty_project)
    again = import_files(empty_project, [path])
    assert (len(again.added), again.spans_added) == (0, 0)
    assert _snapshot(empty_project) == before


def test_a_span_id_already_in_use_is_replaced(empty_project: Project, tmp_path: Path) -> None:
    span_id = str(uuid.uuid4())
    one = {
        "text": "First text about chips.",
        "spans": [_span("First text about chips.", "chips", "chips", id=span_id)],
    }
    two = {
        "text": "Other text about chips.",
        "spans": [_span("Other text about chips.", "chips", "chips", id=span_id)],
    }
    report = import_files(empty_project, [_jsonl(tmp_path / "d.jsonl", one, two)])
    assert report.spans_added == 2 and report.span_ids_replaced == 1


def test_spans_are_attributed_from_the_file_else_the_option_else_the_project(
    empty_project: Project, tmp_path: Path
) -> None:
    text = "Huawei ships Ascend chips."
    path = _jsonl(
        tmp_path / "tasks.jsonl",
        {"text": text, "spans": [_span(text, "Huawei", "strategy")], "_annotator_id": "news-carol"},
        {"text": text, "spans": [_span(text, "Ascend", "chips")], "_session_id": "news-dan"},
        {"text": text, "spans": [_span(text, "chips", "chips")], "answer": "accept"},
        {"text": text, "spans": [_span(text, "ships", "chips")], "answer": "reject"},
    )
    report = import_files(empty_project, [path], ImportOptions(annotator="erin"))
    assert sorted((f[4], f[5]) for f in span_facts(empty_project)) == [
        ("Ascend", "news-dan"),
        ("Huawei", "news-carol"),
        ("chips", "erin"),
    ]
    assert any("answers other than 'accept' were not imported" in note for note in report.notes)
    plain = _jsonl(
        tmp_path / "plain.jsonl",
        {"text": "Another text.", "spans": [_span("Another text.", "text", "models")]},
    )
    import_files(empty_project, [plain])
    assert ("text", "alice") in {(f[4], f[5]) for f in span_facts(empty_project)}


def test_utf16_offsets_with_emoji_are_read_and_reported(empty_project: Project, tmp_path: Path) -> None:
    start = EMOJI_TEXT.index("Ascend 910B")
    javascript = {
        "text": EMOJI_TEXT,
        "spans": [
            {
                "start": utf16_offset(EMOJI_TEXT, start),
                "end": utf16_offset(EMOJI_TEXT, start + 11),
                "label": "chips",
                "text": "Ascend 910B",
            }
        ],
    }
    report = import_files(empty_project, [_jsonl(tmp_path / "js.jsonl", javascript)])
    assert [(f[1], f[2], f[4]) for f in span_facts(empty_project)] == [(start, start + 11, "Ascend 910B")]
    assert len(report.offset_readings) == 1 and "read as UTF-16 code units" in report.offset_readings[0]
    assert "js.jsonl, line 1" in report.offset_readings[0]


def test_crlf_counted_offsets_are_read_and_reported(empty_project: Project, tmp_path: Path) -> None:
    original = "First line\r\nHuawei Ascend 910B\r\nthird 👩‍💻 line Ascend"
    start = original.index("Huawei")
    crlf = {
        "text": original,
        "spans": [{"start": start, "end": start + 6, "label": "chips", "text": "Huawei"}],
    }
    both = original.rindex("Ascend")
    mixed = {
        "text": original,
        "spans": [
            {
                "start": utf16_offset(original, both),
                "end": utf16_offset(original, both) + 6,
                "label": "chips",
                "text": "Ascend",
            }
        ],
    }
    report = import_files(empty_project, [_jsonl(tmp_path / "crlf.jsonl", crlf, mixed)])
    canonical = original.replace("\r\n", "\n")
    assert {(f[1], f[4]) for f in span_facts(empty_project)} == {
        (canonical.index("Huawei"), "Huawei"),
        (canonical.rindex("Ascend"), "Ascend"),
    }
    assert [line.split(" read as ")[1].split(":")[0] for line in report.offset_readings] == [
        "code points with \\r\\n counted as two characters",
        "UTF-16 code units with \\r\\n counted as two",
    ]


def test_a_span_whose_text_matches_no_reading_is_rejected_with_its_line(
    empty_project: Project, tmp_path: Path
) -> None:
    text = "Huawei ships chips."
    path = _jsonl(
        tmp_path / "d.jsonl",
        {"text": text, "spans": []},
        {"text": text, "spans": [{"start": 0, "end": 6, "label": "chips", "text": "Nvidia"}]},
    )
    with pytest.raises(
        InputError, match=r"d.jsonl, line 2: field 'spans\[0\]': span \[0, 6\) should cover 'Nvidia'"
    ):
        import_files(empty_project, [path])
    assert reading.list_documents(empty_project) == []


@pytest.mark.parametrize(
    ("start", "end", "stated"),
    [(13, 40, "chips."), (13, 19, "chips."), (-6, 19, "chips."), (19, 13, "chips.")],
)
def test_offsets_past_the_text_are_refused_even_when_the_stated_text_is_its_tail(
    empty_project: Project, tmp_path: Path, start: int, end: int, stated: str
) -> None:
    # "Huawei ships chips."[13:40] is "chips.": a slice stops at the text's end, the offsets do not.
    text = "Huawei ships chips."
    span = {"start": start, "end": end, "label": "chips", "text": stated}
    path = _jsonl(tmp_path / "d.jsonl", {"text": text, "spans": [span]})
    if (start, end) == (13, 19):
        import_files(empty_project, [path])
        [document] = reading.list_documents(empty_project)
        assert [(s.start, s.end, s.text) for s in reading.document_spans(empty_project, document.id)] == [
            (13, 19, "chips.")
        ]
        return
    with pytest.raises(InputError) as caught:
        import_files(empty_project, [path])
    assert caught.value.line == 1
    assert (caught.value.field or "").startswith("spans[0]")
    assert reading.list_documents(empty_project) == []


def test_offsets_without_span_text_follow_the_offsets_option(empty_project: Project, tmp_path: Path) -> None:
    start = EMOJI_TEXT.index("chips")
    record = {
        "text": EMOJI_TEXT,
        "label": [[utf16_offset(EMOJI_TEXT, start), utf16_offset(EMOJI_TEXT, start + 5), "chips"]],
    }
    path = _jsonl(tmp_path / "doccano.jsonl", record)
    with pytest.raises(InputError, match="try --offsets utf-16"):
        import_files(empty_project, [path])
    report = import_files(empty_project, [path], ImportOptions(offsets=OffsetUnit.UTF16))
    assert [f[4] for f in span_facts(empty_project)] == ["chips"]
    assert report.unchecked_spans == 1 and "could not be checked" in report.summary()


def test_other_encodings_fail_clearly_then_work_with_the_option(
    empty_project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "legacy.jsonl"
    path.write_bytes('{"text": "Café revenue", "spans": []}\n'.encode("cp1252"))
    with pytest.raises(InputError, match=r"legacy.jsonl, line 1: is not valid utf-8.*--encoding"):
        import_files(empty_project, [path])
    import_files(empty_project, [path], ImportOptions(encoding="cp1252"))
    assert reading.list_documents(empty_project)[0].title == "Café revenue"


def test_cancelling_while_storing_changes_nothing(project: Project, tmp_path: Path) -> None:
    records = [{"text": f"Article number {n} about chips.", "spans": []} for n in range(5)]
    path = _jsonl(tmp_path / "many.jsonl", *records)
    before = _snapshot(project)
    seen: list[tuple[int, int]] = []

    def cancel_while_storing() -> bool:
        return any(total == 5 and done == 3 for done, total in seen)

    with pytest.raises(Cancelled):
        import_files(
            project, [path], progress=lambda d, t: seen.append((d, t)), cancelled=cancel_while_storing
        )
    assert _snapshot(project) == before
    assert (3, 5) in seen


def test_folders_of_documents_and_markup(empty_project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text("# Huawei results\n\nRevenue **rose** 12%.\n", encoding="utf-8")
    (folder / "b.html").write_text(
        "<html><head><title>Chips</title><script>var x = 'hidden';</script></head>"
        "<body><p>Ascend&nbsp;910B <img src='https://example.invalid/a.png'>ships.</p></body></html>",
        encoding="utf-8",
    )
    (folder / "c.txt").write_text("Plain text stays *as it is*.", encoding="utf-8")
    (folder / "ignored.csv").write_text("a,b", encoding="utf-8")
    report = import_files(empty_project, [folder])
    assert len(report.added) == 3
    texts = {reading.load_document(empty_project, d.id).text for d in reading.list_documents(empty_project)}
    assert texts == {
        "Huawei results\nRevenue rose 12%.",
        "Ascend\u00a0910B ships.",
        "Plain text stays *as it is*.",
    }
    assert {d.title for d in reading.list_documents(empty_project)} >= {"Huawei results", "Chips"}
