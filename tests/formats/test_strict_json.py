"""Strict JSON: what Python's json module lets through is an error naming the line and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.formats import doccano, jsonl, label_studio
from annotator.formats.json_array import read_json_records
from annotator.formats.records import ReadOptions, Rejection
from annotator.formats.strict_json import field_path, iter_json_lines


def _rejections(path: Path) -> list[tuple[int | None, str | None, str]]:
    result = jsonl.read(path, ReadOptions())
    return [(r.line, r.field, r.message) for r in result.rejections]


@pytest.mark.parametrize(
    ("line", "field", "expected"),
    [
        ('{"text": "a", "spans": [{"start": NaN, "end": 1, "label": "x"}]}', None, "NaN is not a number"),
        ('{"text": "a", "spans": [{"start": 0, "end": Infinity, "label": "x"}]}', None, "Infinity is not"),
        ('{"text": "a", "spans": [{"start": 0, "end": -Infinity, "label": "x"}]}', None, "-Infinity"),
        ('{"text": "a", "text": "b"}', "text", "the key appears twice"),
        ('{"text": "ab", "spans": [{"start": 0, "end": 1, "end": 2, "label": "x"}]}', "end", "appears twice"),
        (
            '{"text": "a", "spans": [{"start": false, "end": 1, "label": "x"}]}',
            "spans[0].start",
            "valid integer",
        ),
        ('{"text": "a", "spans": [{"start": 0, "end": 1.0, "label": "x"}]}', "spans[0].end", "valid integer"),
        (
            '{"text": "a", "spans": [{"start": "0", "end": 1, "label": "x"}]}',
            "spans[0].start",
            "valid integer",
        ),
        ('{"text": "a", "spans": [{"start": 0, "end": 1, "label": 7}]}', "spans[0].label", "valid string"),
        ('{"text": 5}', "text", "valid string"),
        ('{"spans": []}', "text", "Field required"),
        ('{"text": "a", "spans": [{"start": -1, "end": 1, "label": "x"}]}', "spans[0].start", "greater than"),
        ('{"text": "a",}', None, "is not valid JSON"),
        ('["text"]', None, "valid dictionary"),
    ],
)
def test_each_problem_names_line_and_field(
    tmp_path: Path, line: str, field: str | None, expected: str
) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "fine"}\n\n' + line + "\n", encoding="utf-8")
    [(number, found_field, message)] = _rejections(path)
    assert number == 3
    assert found_field == field
    assert expected in message


def test_bad_bytes_reject_only_their_line(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"text": "fine"}\n{"text": "caf\xe9"}\n{"text": "also fine"}\n')
    result = jsonl.read(path, ReadOptions())
    assert [d.text for d in result.documents] == ["fine", "also fine"]
    [rejection] = result.rejections
    assert rejection.line == 2
    assert "is not valid utf-8 (byte 0xe9" in rejection.message and "--encoding" in rejection.message


def test_a_byte_order_mark_and_utf16_files_are_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "a"}\n')
    assert [value for _, value in iter_json_lines(path, "utf-8")] == [{"text": "a"}]
    wide = tmp_path / "wide.jsonl"
    wide.write_text('{"text": "😀"}\n{"text": "b"}\n', encoding="utf-16")
    assert [value for _, value in iter_json_lines(wide, "utf-16")] == [{"text": "😀"}, {"text": "b"}]


def test_unicode_line_separators_inside_strings_do_not_split_records(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "one\u2028two\u0085three"}\n', encoding="utf-8")
    assert [d.text for d in jsonl.read(path, ReadOptions()).documents] == ["one\u2028two\u0085three"]


def test_json_arrays_give_each_record_its_starting_line(tmp_path: Path) -> None:
    path = tmp_path / "tasks.json"
    path.write_text(
        '[\n  {"a": 1},\n  {\n    "b": 2,\n    "b": 3\n  },\n  {"c": NaN}, {"d": 4}\n]\n', encoding="utf-8"
    )
    records = read_json_records(path, "utf-8")
    assert [line for line, _ in records] == [2, 3, 7, 7]
    assert records[0][1] == {"a": 1} and records[3][1] == {"d": 4}
    assert isinstance(records[1][1], Rejection) and records[1][1].field == "b"
    assert isinstance(records[2][1], Rejection) and "NaN" in records[2][1].message


def test_broken_json_arrays_are_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "tasks.json"
    path.write_text('[\n {"data": {"text": "a"}},\n {"data": }\n]', encoding="utf-8")
    with pytest.raises(InputError, match=r"tasks.json, line 3: is not valid JSON"):
        label_studio.read(path, ReadOptions())


def test_field_paths_read_like_code() -> None:
    assert field_path(("spans", 2, "start")) == "spans[2].start"
    assert field_path(("label", 0, 1)) == "label[0][1]"


def test_each_task_of_a_json_list_gets_the_line_it_starts_on(tmp_path: Path) -> None:

    tasks = [{"data": {"text": f"task {n}"}} for n in range(5)]
    text = "[\n" + ",\n\n".join(json.dumps(t, indent=1) for t in tasks) + "\n]\n"
    path = tmp_path / "tasks.json"
    path.write_text(text, encoding="utf-8")
    starts = [text.count("\n", 0, text.index(json.dumps(t, indent=1))) + 1 for t in tasks]
    assert [line for line, _ in read_json_records(path, "utf-8")] == starts


@pytest.mark.parametrize(
    ("value", "field", "expected"),
    [
        ({"start": True, "end": 3, "labels": ["chips"]}, "value.start", "valid integer"),
        ({"start": 0, "end": 3.0, "labels": ["chips"]}, "value.end", "valid integer"),
        ({"start": "0", "end": 3, "labels": ["chips"]}, "value.start", "valid integer"),
        ({"start": -1, "end": 3, "labels": ["chips"]}, "value.start", "greater than"),
        ({"start": 0, "end": 0, "labels": ["chips"]}, "value.end", "greater than"),
        ({"start": 0, "end": 3, "text": 5, "labels": ["chips"]}, "value.text", "valid string"),
        ({"start": 0, "end": 3, "labels": []}, "value.labels", "at least 1 item"),
        ({"start": 0, "end": 3, "labels": "chips"}, "value.labels", "valid list"),
        ({"start": 0, "end": 3, "labels": ["chips", 7]}, "value.labels[1]", "valid string"),
        ({"end": 3, "labels": ["chips"]}, "value.start", "Field required"),
    ],
)
def test_label_studio_region_values_are_checked_as_strictly_as_records(
    tmp_path: Path, value: dict[str, object], field: str, expected: str
) -> None:
    good = {"start": 0, "end": 3, "text": "abc", "labels": ["chips"]}
    tasks = [
        {"data": {"text": "abc def"}, "annotations": [{"result": [{"type": "labels", "value": good}]}]},
        {"data": {"text": "abc def"}, "annotations": [{"result": [{"type": "labels", "value": value}]}]},
    ]
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    result = label_studio.read(path, ReadOptions())
    assert [d.spans[0].text for d in result.documents] == ["abc"]
    [rejection] = result.rejections
    assert rejection.field == f"annotations[0].result[0].{field}"
    assert expected in rejection.message


@pytest.mark.parametrize(
    ("triple", "field", "expected"),
    [
        ([True, 3, "chips"], "label[1].start", "valid integer"),
        ([0, 3.0, "chips"], "label[1].end", "valid integer"),
        ([-1, 3, "chips"], "label[1].start", "greater than"),
        ([0, 0, "chips"], "label[1].end", "greater than"),
        ([0, 3, ""], "label[1].label", "at least 1 character"),
        ([0, 3, 7], "label[1].label", "valid string"),
    ],
)
def test_doccano_triples_are_checked_as_strictly_as_records(
    tmp_path: Path, triple: list[object], field: str, expected: str
) -> None:
    path = tmp_path / "d.jsonl"
    records = [
        {"text": "abc def", "label": [[0, 3, "chips"]]},
        {"text": "abc def", "label": [[4, 7, "chips"], triple]},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = doccano.read(path, ReadOptions())
    assert [(s.start, s.end, s.label) for d in result.documents for s in d.spans] == [(0, 3, "chips")]
    [rejection] = result.rejections
    assert (rejection.line, rejection.field) == (2, field)
    assert expected in rejection.message
