"""Reading a whole file at once holds the cycle collector while the documents pile up, and gives it back."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.formats.records import ParsedDocument, ReadOptions, ReadResult, read_all


def test_the_collector_is_held_while_reading_and_given_back_even_on_failure(tmp_path: Path) -> None:
    seen: list[bool] = []

    def stream(path: Path, options: ReadOptions, result: ReadResult) -> Iterator[ParsedDocument]:
        for n in range(3):
            seen.append(gc.isenabled())
            yield ParsedDocument(path=path, line=n + 1, text=f"text {n}", title="t", source="s")

    assert gc.isenabled()
    result = read_all(stream, tmp_path / "any.jsonl", ReadOptions())
    assert len(result.documents) == 3 and seen == [False] * 3
    assert gc.isenabled()

    def failing(path: Path, options: ReadOptions, result: ReadResult) -> Iterator[ParsedDocument]:
        yield ParsedDocument(path=path, line=1, text="text", title="t", source="s")
        raise OSError("the disk went away")

    with pytest.raises(OSError):
        read_all(failing, tmp_path / "any.jsonl", ReadOptions())
    assert gc.isenabled()
