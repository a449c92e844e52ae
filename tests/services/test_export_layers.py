"""Exporting the gold layer with provenance, filtering by status, and spans whose place is under review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.models import DocumentStatus
from annotator.services import adjudication, annotation, documents, reading, revisions
from annotator.services.exporting import ExportFilter, export_dataset
from annotator.services.importing import import_files
from annotator.services.project import Project
from annotator.services.samples import open_project


def records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def tag(project: Project, document_id: str, needle: str, label: str) -> str:
    text = reading.load_document(project, document_id).text
    start = text.index(needle)
    return annotation.tag_span(project, document_id, start, start + len(needle), label).id


def test_gold_layer_export_carries_provenance(db_path: Path, tmp_path: Path) -> None:
    with open_project(db_path, annotator="alice", samples=True) as alice:
        document_id = reading.list_documents(alice)[0].id
        alice_span = tag(alice, document_id, "iFlytek", "strategy")
    with open_project(db_path, annotator="bob", samples=True) as bob:
        bob_span = tag(bob, document_id, "iFlytek", "strategy")
        adjudication.auto_accept(bob, [document_id], ["alice", "bob"], min_agree=2)
        out = tmp_path / "gold.jsonl"
        report = export_dataset(bob, out, "jsonl", ExportFilter(layer="gold"))
    assert report.spans == 1
    gold = next(r for r in records(out) if r["id"] == document_id)
    (span,) = gold["spans"]  # type: ignore[misc]
    assert span["annotator"] == "gold" and span["text"] == "iFlytek"
    assert span["provenance"]["decided_by"] == "bob" and span["provenance"]["auto_accepted"] is True
    assert {(s["span_id"], s["annotator"]) for s in span["provenance"]["sources"]} == {
        (alice_span, "alice"),
        (bob_span, "bob"),
    }
    # Other spans carry no provenance key at all.
    with open_project(db_path, annotator="bob", samples=True) as bob:
        export_dataset(bob, tmp_path / "all.jsonl", "jsonl")
    assert all("provenance" not in s for r in records(tmp_path / "all.jsonl") for s in r["spans"])  # type: ignore[attr-defined]


def test_gold_layer_exports_in_other_formats_too(project: Project, tmp_path: Path) -> None:
    document_id = reading.list_documents(project)[0].id
    tag(project, document_id, "iFlytek", "strategy")
    candidate = adjudication.document_candidates(project, document_id, ["alice"])[0]
    adjudication.decide(project, candidate.supporters, [], ["alice"])
    export_dataset(project, tmp_path / "gold.json", "label-studio", ExportFilter(layer="gold"))
    tasks = json.loads((tmp_path / "gold.json").read_text(encoding="utf-8"))
    results = [r for t in tasks for a in t["annotations"] for r in a["result"]]
    assert [r["value"]["text"] for r in results] == ["iFlytek"]


def test_status_filter_and_status_round_trip(project: Project, tmp_path: Path) -> None:
    ids = [d.id for d in reading.list_documents(project)]
    documents.set_status(project, ids[1], DocumentStatus.DONE)
    out = tmp_path / "done.jsonl"
    report = export_dataset(project, out, "jsonl", ExportFilter(statuses=("done",)))
    assert report.documents == 1
    (record,) = records(out)
    assert record["id"] == ids[1] and record["status"] == {"alice": "done"}
    with Project.open(tmp_path / "copy.db", annotator="carol") as copy:
        import_files(copy, [out])
        assert reading.list_documents(copy)[0].id == ids[1]
        assert copy.database.query("SELECT annotator, status FROM document_status")[0][:] == ("alice", "done")
    with pytest.raises(InputError, match="no status called"):
        export_dataset(project, tmp_path / "x.jsonl", "jsonl", ExportFilter(statuses=("finished",)))


def test_spans_under_review_are_left_out_and_said_so(empty_project: Project, tmp_path: Path) -> None:
    from annotator.services.importing import import_paths

    article = tmp_path / "a.txt"
    article.write_text("Huawei chips. Spark models.", encoding="utf-8")
    import_paths(empty_project, [article])
    document_id = reading.list_documents(empty_project)[0].id
    tag(empty_project, document_id, "Huawei", "chips")
    tag(empty_project, document_id, "Spark models", "models")
    revisions.update_document_text(empty_project, document_id, "Ascend chips. Spark models.")
    report = export_dataset(empty_project, tmp_path / "out.jsonl", "jsonl")
    assert report.spans == 1
    assert any("flagged for review" in note for note in report.notes)
    (record,) = records(tmp_path / "out.jsonl")
    assert [s["text"] for s in record["spans"]] == ["Spark models"]  # type: ignore[attr-defined]
