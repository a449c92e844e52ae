"""JSON array files read a block at a time: the same records as parsing the whole file, in bounded memory."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.formats import json_array
from annotator.formats.json_array import iter_json_records, read_json_records
from annotator.formats.records import Rejection

# Characters of one, two, three and four UTF-8 bytes, so that blocks end inside characters.
WORDS = ["Huawei", "Ascend 910B", "讯飞星火", "华为", "😀 emoji", "e\u0301", "Revenue ¥4.1"]


def task(n: int, size: int) -> dict[str, object]:
    text = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(size))
    return {"id": n, "data": {"text": text}, "annotations": [{"result": [], "score": n * 10**12}]}


def starts_of(text: str, pieces: list[str]) -> list[int]:
    lines, at, line = [], 0, 1
    for piece in pieces:
        found = text.index(piece, at)
        line += text.count("\n", at, found)
        lines.append(line)
        line += piece.count("\n")
        at = found + len(piece)
    return lines


@pytest.mark.parametrize("layout", ["one line", "indented"])
def test_records_across_many_blocks_equal_parsing_the_whole_file(tmp_path: Path, layout: str) -> None:
    # Small tasks, one task several blocks long, and numbers written last in a task: every boundary kind.
    tasks = [task(n, 40 + n % 7) for n in range(6000)]
    tasks.insert(3000, task(3000, 3 * json_array.BLOCK // 5))
    indent = None if layout == "one line" else 2
    pieces = [json.dumps(t, ensure_ascii=False, indent=indent) for t in tasks]
    separator = ", " if layout == "one line" else ",\n"
    text = "[" + separator.join(pieces) + "]"
    path = tmp_path / "tasks.json"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 4 * json_array.BLOCK
    records = read_json_records(path, "utf-8")
    assert [value for _, value in records] == json.loads(text)
    assert [line for line, _ in records] == starts_of(text, pieces)


def peak_while_reading(path: Path, tasks: int) -> int:
    with path.open("w", encoding="utf-8") as stream:  # one line, as Label Studio writes it
        stream.write("[")
        stream.write(",".join(json.dumps(task(n, 60), ensure_ascii=False) for n in range(tasks)))
        stream.write("]")
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_json_records(path, "utf-8"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == tasks
    return peak


def test_memory_stays_near_one_block_whatever_the_file_size(tmp_path: Path) -> None:
    small = peak_while_reading(tmp_path / "small.json", 8_000)
    large = peak_while_reading(tmp_path / "large.json", 32_000)
    assert (tmp_path / "large.json").stat().st_size > 18 * 2**20
    # A window of a block and what is kept ahead (a str of up to 4 bytes per character, copied once as it
    # grows) and one task: not the file.
    assert large < 16 * json_array.BLOCK
    assert large < 1.3 * small


def test_a_refused_element_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    filler = "x" * (json_array.BLOCK - 30)  # the refused element straddles the first block's end
    text = f'[{{"a": "{filler}"}},\n{{"b": 1, "b": 2, "c": "{filler}"}},\n{{"d": NaN}}, {{"e": 5}}]'
    path = tmp_path / "tasks.json"
    path.write_text(text, encoding="utf-8")
    records = read_json_records(path, "utf-8")
    assert [line for line, _ in records] == [1, 2, 3, 3]
    assert isinstance(records[1][1], Rejection) and records[1][1].field == "b"
    assert isinstance(records[2][1], Rejection) and "NaN" in records[2][1].message
    assert records[3][1] == {"e": 5}


def test_bad_bytes_in_a_later_block_name_their_line(tmp_path: Path) -> None:
    good = ",\n".join(json.dumps(task(n, 50), ensure_ascii=False) for n in range(6000))
    raw = ("[" + good + ',\n{"data": {"text": "').encode() + b"caf\xe9" + b'"}}]'
    path = tmp_path / "tasks.json"
    path.write_bytes(raw)
    assert len(raw) > 2 * json_array.BLOCK
    with pytest.raises(InputError, match=r"tasks.json, line 6001: is not valid utf-8 \(byte 0xe9"):
        read_json_records(path, "utf-8")


def test_a_file_cut_short_is_refused_with_the_line_it_breaks_on(tmp_path: Path) -> None:
    text = "[\n" + ",\n".join(json.dumps(task(n, 50), ensure_ascii=False) for n in range(3000))
    path = tmp_path / "tasks.json"
    path.write_text(text[:-20], encoding="utf-8")
    with pytest.raises(InputError, match=r"tasks.json, line 3001: is not valid JSON"):
        read_json_records(path, "utf-8")
    path.write_text(text + "]]", encoding="utf-8")
    with pytest.raises(InputError, match="extra data after the list"):
        read_json_records(path, "utf-8")


def test_utf16_files_and_a_single_task_read_too(tmp_path: Path) -> None:
    path = tmp_path / "tasks.json"
    tasks = [task(n, 30) for n in range(2000)]
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-16")
    assert [value for _, value in read_json_records(path, "utf-16")] == tasks
    path.write_text("\ufeff\n\n" + json.dumps(tasks[0]), encoding="utf-8")
    assert read_json_records(path, "utf-8") == [(3, tasks[0])]
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        read_json_records(path, "utf-8")


def test_a_file_ending_inside_a_character_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "tasks.json"
    path.write_bytes('[\n{"data": {"text": "flags 🇨'.encode()[:-1])
    with pytest.raises(InputError, match=r"tasks.json, line 2: is not valid utf-8"):
        read_json_records(path, "utf-8")
