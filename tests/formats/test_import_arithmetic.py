"""In every format: a document is its text (never its source, title or place in the file), and the import
report adds up: records read = added + already present (same text) + refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.services import reading
from annotator.services.importing import ImportOptions, import_files
from annotator.services.importing_report import ImportReport
from annotator.services.project import Project

# Two different texts that share their metadata (source and title), then the first text again.
FIRST = "Huawei ships Ascend chips."
SECOND = "Huawei ships Kunpeng servers."
TEXTS = [FIRST, SECOND, FIRST]
SOURCE = "The New York Times"


def _at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def _lines(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _jsonl(folder: Path) -> Path:
    records: list[object] = [
        {"text": t, "meta": {"source": SOURCE, "title": "Headline"}, "spans": [_span(t)]} for t in TEXTS
    ]
    return _lines(folder / "data.jsonl", [*records, {"text": 5}])


def _span(text: str) -> dict[str, object]:
    start, end = _at(text, "Huawei")
    return {"start": start, "end": end, "label": "chips", "text": "Huawei"}


def _doccano(folder: Path) -> Path:
    records: list[object] = [
        {"id": n, "text": t, "label": [[0, 6, "ORG"]], "meta": {"source": SOURCE}}
        for n, t in enumerate(TEXTS)
    ]
    return _lines(folder / "doccano.jsonl", [*records, {"text": "Too short.", "label": [[0, 99, "ORG"]]}])


def _prodigy(folder: Path) -> Path:
    records: list[object] = [
        {
            "text": t,
            "spans": [_span(t)],
            "meta": {"source": SOURCE},
            "_annotator_id": "ann-1",
            "answer": "accept",
        }
        for t in TEXTS
    ]
    return _lines(folder / "prodigy.jsonl", [*records, {"_annotator_id": "ann-1", "spans": []}])


def _label_studio(folder: Path) -> Path:
    tasks: list[object] = [
        {
            "id": n,
            "data": {"text": t, "source": SOURCE},
            "annotations": [
                {
                    "result": [
                        {
                            "type": "labels",
                            "value": {"start": 0, "end": 6, "text": "Huawei", "labels": ["ORG"]},
                        }
                    ]
                }
            ],
        }
        for n, t in enumerate(TEXTS)
    ]
    path = folder / "tasks.json"
    # One line for the whole list, as Label Studio writes it.
    path.write_text(json.dumps([*tasks, {"id": 9, "data": {"image": 1, "other": 2}}]), encoding="utf-8")
    return path


def _conll(folder: Path) -> Path:
    blocks = [
        "-DOCSTART- O\n\n" + "".join(f"{w} {'B-ORG' if w == 'Huawei' else 'O'}\n" for w in t.split())
        for t in TEXTS
    ]
    path = folder / "train.conll"
    path.write_text("\n".join(blocks) + "\n-DOCSTART- O\n\nHuawei\n", encoding="utf-8")
    return path


def _brat(folder: Path) -> Path:
    collection = folder / "brat"
    collection.mkdir()
    for n, text in enumerate(TEXTS):
        (collection / f"doc{n}.txt").write_text(text, encoding="utf-8")
        (collection / f"doc{n}.ann").write_text("T1\tORG 0 6\tHuawei\n", encoding="utf-8")
    (collection / "bad.txt").write_text("Broken.", encoding="utf-8")
    (collection / "bad.ann").write_text("T1\tORG zero six\tBroken\n", encoding="utf-8")
    return collection


def _documents(suffix: str, wrap: Callable[[str], str]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        files = folder / suffix.strip(".")
        files.mkdir()
        for n, text in enumerate(TEXTS):
            (files / f"doc{n}{suffix}").write_text(wrap(text), encoding="utf-8")
        (files / f"empty{suffix}").write_text("", encoding="utf-8")
        return files

    return build


BUILDERS: dict[str, Callable[[Path], Path]] = {
    "jsonl": _jsonl,
    "doccano": _doccano,
    "prodigy": _prodigy,
    "label-studio": _label_studio,
    "conll": _conll,
    "brat": _brat,
    "text": _documents(".txt", lambda t: t),
    "markdown": _documents(".md", lambda t: f"{t}\n"),
    "html": _documents(".html", lambda t: f"<p>{t}</p>"),
}


def _adds_up(report: ImportReport) -> None:
    parts = len(report.added) + len(report.unchanged) + len(report.updated) + len(report.rejected)
    assert report.records_read == parts
    assert f"{report.records_read} record(s) read" in report.summary()


@pytest.mark.parametrize("name", list(BUILDERS))
def test_every_distinct_text_is_an_article_and_the_report_adds_up(
    name: str, empty_project: Project, tmp_path: Path
) -> None:
    path = BUILDERS[name](tmp_path)
    report = import_files(empty_project, [path], ImportOptions(format=name, skip_invalid=True))
    _adds_up(report)
    assert (report.records_read, len(report.added), len(report.unchanged), len(report.rejected)) == (
        4,
        2,
        1,
        1,
    )
    texts = sorted(
        reading.load_document(empty_project, d.id).text.strip() for d in reading.list_documents(empty_project)
    )
    assert texts == sorted({FIRST, SECOND})

    again = import_files(empty_project, [path], ImportOptions(format=name, skip_invalid=True))
    _adds_up(again)
    assert (again.records_read, len(again.added), len(again.unchanged)) == (4, 0, 3)


def test_spacy_docbin_documents_are_their_texts_too(empty_project: Project, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    docs = DocBin(store_user_data=True)
    for text in TEXTS:
        doc = nlp(text)
        doc.user_data["annotator"] = {"source": SOURCE, "title": "Headline"}
        docs.add(doc)
    path = tmp_path / "train.spacy"
    path.write_bytes(docs.to_bytes())
    report = import_files(empty_project, [path])
    _adds_up(report)
    assert (report.records_read, len(report.added), len(report.unchanged)) == (3, 2, 1)
    assert "no span found in its 3 record(s)" in report.summary()
