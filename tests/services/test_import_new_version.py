"""Importing a new version of an article already in the project re-anchors its spans; never duplicates."""

from __future__ import annotations

from pathlib import Path

from annotator.services import annotation, reading, revisions
from annotator.services.importing import import_files
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
    report = import_files(empty_project, [article])
    assert report.added == [] and len(report.updated) == 1
    assert "1 flagged for review" in report.updated[0]
    assert [d.id for d in reading.list_documents(empty_project)] == [document.id]
    new_text = reading.load_document(empty_project, document.id).text
    moved = next(s for s in reading.document_spans(empty_project, document.id) if s.id == spark.id)
    assert new_text[moved.start : moved.end] == "Spark"
    assert [row.id for row in revisions.spans_needing_review(empty_project, document.id)] == [huawei.id]
