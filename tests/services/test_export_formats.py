"""Exports in every format, re-imported into an empty project: the spans come back unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.errors import Cancelled, InputError, SpanError
from annotator.domain.tokens import tokenize
from annotator.formats.registry import EXPORT_FORMATS
from annotator.services import reading
from annotator.services.exporting import ExportFilter, export_dataset, export_jsonl
from annotator.services.importing import ImportOptions, import_files
from annotator.services.project import Project
from tests.formats.corpus import span_facts, tag_corpus

# What each format cannot carry: line breaks inside notes (brat).
NOTES_KEPT = {name: "exact" for name in ("jsonl", "label-studio", "spacy", "doccano", "prodigy")} | {
    "brat": "flattened"
}
LOSSLESS = ["jsonl", "doccano", "label-studio", "brat", "spacy", "prodigy"]


@pytest.fixture
def tagged(project: Project, tmp_path: Path) -> Project:
    tag_corpus(project, tmp_path)
    return project


def _out(tmp_path: Path, name: str) -> Path:
    return tmp_path / (f"export-{name}" if name == "brat" else f"export.{name}")


def _without_notes(facts: list[tuple[str, int, int, str, str, str, str]], how: str | None) -> list[object]:
    if how == "exact":
        return list(facts)
    if how == "flattened":
        return [(*f[:6], f[6].replace("\n", " ")) for f in facts]
    return [f[:6] for f in facts]


@pytest.mark.parametrize("name", LOSSLESS)
def test_round_trip_into_an_empty_project_keeps_every_span(
    tagged: Project, tmp_path: Path, name: str
) -> None:
    out = _out(tmp_path, name)
    report = export_dataset(tagged, out, name)
    assert report.documents == 6
    assert report.spans == len(span_facts(tagged))
    with Project.open(tmp_path / "copy.db", annotator="zed") as copy:
        imported = import_files(copy, [out], ImportOptions(format=name))
        assert imported.rejected == []
        assert len(imported.added) == 6
        assert {d.sha256 for d in reading.list_documents(copy)} == {
            d.sha256 for d in reading.list_documents(tagged)
        }
        how = NOTES_KEPT.get(name)
        assert _without_notes(span_facts(copy), how) == _without_notes(span_facts(tagged), how)
        # Importing the same file again changes nothing.
        again = import_files(copy, [out], ImportOptions(format=name))
        assert (again.added, again.spans_added) == ([], 0)
        assert again.spans_unchanged == len(span_facts(tagged))


@pytest.mark.parametrize("name", ["jsonl", "label-studio"])
def test_round_trip_keeps_ids_so_the_export_is_byte_identical(
    tagged: Project, tmp_path: Path, name: str
) -> None:
    first = tmp_path / f"first.{name}"
    export_dataset(tagged, first, name)
    with Project.open(tmp_path / "copy.db", annotator="zed") as copy:
        import_files(copy, [first], ImportOptions(format=name))
        second = tmp_path / f"second.{name}"
        export_dataset(copy, second, name)
    assert second.read_bytes() == first.read_bytes()


def test_conll_round_trip_keeps_labels_and_token_texts(tagged: Project, tmp_path: Path) -> None:
    out = tmp_path / "export.conll"
    report = export_dataset(tagged, out, "conll", ExportFilter(annotators=("alice",)))
    left_out = sum(1 for note in report.notes if note.startswith("'"))  # one line per span left out
    assert "CoNLL: 1 span note(s) not written" in report.summary()
    with Project.open(tmp_path / "copy.db", annotator="zed") as copy:
        import_files(copy, [out], ImportOptions(format="conll"))
        again = tmp_path / "again.conll"
        export_dataset(copy, again, "conll")
        written = [(f[3], f[4]) for f in span_facts(copy)]
    # CoNLL keeps tokens, not whitespace: texts come back with one space between tokens, and a span
    # text is its tokens joined that way.
    expected = {
        (f[3], " ".join(t.text for t in tokenize(f[4]))) for f in span_facts(tagged) if f[5] == "alice"
    }
    assert len(written) == report.spans == len([f for f in span_facts(tagged) if f[5] == "alice"]) - left_out
    assert set(written) <= expected
    # Writing the re-imported corpus gives the same documents (in another order: ids are new).
    assert sorted(again.read_text(encoding="utf-8").split("-DOCSTART-")) == sorted(
        out.read_text(encoding="utf-8").split("-DOCSTART-")
    )


def test_filters_choose_annotators_and_labels(tagged: Project, tmp_path: Path) -> None:
    out = tmp_path / "bob.jsonl"
    report = export_dataset(tagged, out, "jsonl", ExportFilter(annotators=("bob",), labels=("chips",)))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 6  # every document, so the dataset keeps its negative examples
    spans = [s for r in records for s in r["spans"]]
    assert spans and {(s["annotator"], s["label"]) for s in spans} == {("bob", "chips")}
    assert report.spans == len(spans)
    with pytest.raises(InputError, match="no annotator called 'nobody'"):
        export_dataset(tagged, out, "jsonl", ExportFilter(annotators=("nobody",)))
    with pytest.raises(InputError, match="no label called 'colour'"):
        export_dataset(tagged, out, "jsonl", ExportFilter(labels=("colour",)))


def test_cancelled_export_leaves_the_target_as_it_was(tagged: Project, tmp_path: Path) -> None:
    out = tmp_path / "data.jsonl"
    out.write_text("old\n", encoding="utf-8")
    calls: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        export_dataset(
            tagged, out, "jsonl", progress=lambda d, t: calls.append((d, t)), cancelled=lambda: bool(calls)
        )
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".data")) == []
    folder = tmp_path / "brat"
    with pytest.raises(Cancelled):
        export_dataset(tagged, folder, "brat", cancelled=lambda: True)
    assert not folder.exists()


def test_progress_counts_documents(tagged: Project, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    export_dataset(tagged, tmp_path / "d.jsonl", "jsonl", progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 6) and calls[-1] == (6, 6)


def test_brat_needs_a_new_or_empty_folder(tagged: Project, tmp_path: Path) -> None:
    folder = tmp_path / "collection"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="needs a new or empty folder"):
        export_dataset(tagged, folder, "brat")
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    export_dataset(tagged, empty, "brat")
    assert len(list(empty.glob("*.ann"))) == 6
    assert (empty / "annotation.conf").read_text(encoding="utf-8").startswith("[entities]\n")


def test_export_refuses_a_span_that_no_longer_matches_its_text(tagged: Project, tmp_path: Path) -> None:
    span = reading.document_spans(tagged, reading.list_documents(tagged)[0].id)[0]
    tagged.database.conn.execute("UPDATE spans SET text = 'moved' || text WHERE id = ?", (span.id,))
    tagged.database.conn.commit()
    out = tmp_path / "d.jsonl"
    with pytest.raises(SpanError, match="no longer matches its text"):
        export_jsonl(tagged, out)
    assert not out.exists()


def test_every_export_format_is_listed() -> None:
    assert set(EXPORT_FORMATS) == {*LOSSLESS, "conll"}
