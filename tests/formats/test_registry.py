"""Telling formats apart with ``--format auto``."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.formats import html_text
from annotator.formats.records import ReadOptions
from annotator.formats.registry import EXPORT_FORMATS, FORMATS, IMPORT_FORMATS, detect, inputs


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.jsonl", {"text": "t", "spans": []}, "jsonl"),
        ("a.jsonl", {"text": "t", "label": [[0, 1, "x"]]}, "doccano"),
        ("a.jsonl", {"text": "t", "entities": []}, "doccano"),
        ("a.jsonl", {"text": "t", "spans": [], "_session_id": "s"}, "prodigy"),
        ("a.jsonl", {"text": "t", "answer": "accept"}, "prodigy"),
        ("a.json", [{"data": {"text": "t"}}], "label-studio"),
        ("a.conll", None, "conll"),
        ("a.bio", None, "conll"),
        ("a.ann", None, "brat"),
        ("a.spacy", None, "spacy"),
        ("a.md", None, "markdown"),
        ("a.HTML", None, "html"),
        ("a.txt", None, "text"),
    ],
)
def test_detect_by_name_and_first_record(tmp_path: Path, name: str, content: object, expected: str) -> None:
    path = tmp_path / name
    path.write_text(json.dumps(content) + "\n" if content is not None else "x", encoding="utf-8")
    assert detect(path).name == expected


def test_unknown_names_ask_for_format(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a,b", encoding="utf-8")
    with pytest.raises(InputError, match="say which with --format"):
        detect(path)


def test_a_folder_with_ann_files_is_one_brat_collection(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.ann").write_text("", encoding="utf-8")
    assert [(p, f.name) for p, f in inputs([tmp_path])] == [(tmp_path, "brat")]


def test_a_folder_with_an_explicit_format_takes_that_formats_files(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("{}", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    assert [(p.name, f.name) for p, f in inputs([tmp_path], "doccano")] == [("a.jsonl", "doccano")]


def test_every_format_reads_and_most_write() -> None:
    assert IMPORT_FORMATS[0] == "auto" and set(IMPORT_FORMATS[1:]) == set(FORMATS)
    assert len(FORMATS) == 10 and len(EXPORT_FORMATS) == 7


def test_html_is_read_without_touching_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the HTML reader opened a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    page = tmp_path / "p.html"
    page.write_text(
        "<img src='http://example.invalid/i.png'><iframe src='http://example.invalid'>x</iframe>"
        "<script src='http://example.invalid/s.js'>alert(1)</script><p>Only this.</p>",
        encoding="utf-8",
    )
    [document] = html_text.read(page, ReadOptions()).documents
    assert document.text == "Only this."
