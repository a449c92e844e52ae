"""A new version of an article is only ever an explicit act (``--update-by FIELD`` or ``update-text``);
it re-anchors the spans and never duplicates. Without it, a changed text is a new article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.services import annotation, reading, revisions
from annotator.services.importing import ImportOptions, import_files
from annotator.services.project import Project


def test_a_changed_file_updates_its_article_and_keeps_spans_in_place(
    empty_project: Project, tmp_path: Path
) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Huawei makes Ascend chips.\nSpark is a model.", encoding="utf-8")
    import_files(empty_project, [article])
    (document,) = reading.list_documents(empty_project)
    text = reading.load_document(empty_project, document.id).text
    spark = annotation.tag_span(
        empty_project, document.id, text.index("Spark"), text.index("Spark") + 5, "models"
    )
    huawei = annotation.tag_span(empty_project, document.id, 0, 6, "chips")

    article.write_text("Update: Ascend chips.\nSpark is a model.", encoding="utf-8")  # Huawei is gone
    report = import_files(empty_project, [article], ImportOptions(update_by="source"))
    assert report.added == [] and len(report.updated) == 1
    assert "1 flagged for review" in report.updated[0]
    assert [d.id for d in reading.list_documents(empty_project)] == [document.id]
    new_text = reading.load_document(empty_project, document.id).text
    moved = next(s for s in reading.document_spans(empty_project, document.id) if s.id == spark.id)
    assert new_text[moved.start : moved.end] == "Spark"
    assert [row.id for row in revisions.spans_needing_review(empty_project, document.id)] == [huawei.id]


def test_a_changed_file_without_update_by_is_a_new_article(empty_project: Project, tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Huawei makes Ascend chips.", encoding="utf-8")
    import_files(empty_project, [article])
    article.write_text("Huawei makes Kunpeng chips.", encoding="utf-8")
    report = import_files(empty_project, [article])
    assert (len(report.added), report.updated) == (1, [])
    texts = sorted(
        reading.load_document(empty_project, d.id).text for d in reading.list_documents(empty_project)
    )
    assert texts == ["Huawei makes Ascend chips.", "Huawei makes Kunpeng chips."]


def test_update_by_id_of_our_own_export_replaces_the_text(empty_project: Project, tmp_path: Path) -> None:
    from annotator.services.exporting import export_dataset

    article = tmp_path / "story.txt"
    article.write_text("Huawei makes Ascend chips.", encoding="utf-8")
    import_files(empty_project, [article])
    (document,) = reading.list_documents(empty_project)
    annotation.tag_span(empty_project, document.id, 13, 19, "chips")
    out = tmp_path / "out.jsonl"
    export_dataset(empty_project, out, "jsonl")
    record = json.loads(out.read_text(encoding="utf-8"))
    record["text"] = "Today Huawei makes Ascend chips."
    record["spans"] = []
    edited = tmp_path / "edited.jsonl"
    edited.write_text(json.dumps(record) + "\n", encoding="utf-8")

    report = import_files(empty_project, [edited], ImportOptions(update_by="id"))
    assert (report.records_read, len(report.added), len(report.updated)) == (1, 0, 1)
    assert [d.id for d in reading.list_documents(empty_project)] == [document.id]
    (moved,) = reading.document_spans(empty_project, document.id)
    assert (moved.start, moved.text) == (19, "Ascend")


def test_update_by_a_field_the_record_lacks_refuses_the_record(
    empty_project: Project, tmp_path: Path
) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"text": "No id here."}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"has no field 'meta\.doc_id'"):
        import_files(empty_project, [data], ImportOptions(update_by="meta.doc_id"))
    assert reading.list_documents(empty_project) == []
