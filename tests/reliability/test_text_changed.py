"""Text that changed: a new version of an article never silently shifts its spans."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.domain.adjudication import GoldSpan
from annotator.domain.anchoring import AnchorStatus
from annotator.domain.errors import InputError, SpanError
from annotator.services.annotation import tag_span
from annotator.services.integrity import check_database
from annotator.services.project import Project
from annotator.services.revisions import (
    Layer,
    previous_text,
    resolve_review,
    restore_review,
    spans_needing_review,
    update_document_text,
)
from annotator.storage import gold
from annotator.storage.activity import activity
from annotator.storage.documents import get_document, list_documents
from annotator.storage.spans import get_span

OLD = (
    "Huawei unveiled the Ascend 910B chip on Tuesday.\n"
    "Analysts at Bernstein said demand for the Ascend 910B exceeded supply.\n"
    "iFlytek trained its Spark model entirely on Huawei hardware.\n"
)
NEW = (
    "Updated on Wednesday.\n"
    "Huawei unveiled the Ascend 910B chip on Tuesday.\n"
    "Analysts said demand exceeded supply.\n"
    "iFlytek trained its Xinghuo model entirely on Huawei hardware.\n"
)


def dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


@pytest.fixture
def article(empty_project: Project, tmp_path: Path) -> str:
    from annotator.services.importing import import_paths

    source = tmp_path / "article.txt"
    source.write_text(OLD, encoding="utf-8")
    import_paths(empty_project, [source])
    return list_documents(empty_project.database)[0].id


def tag(project: Project, document_id: str, needle: str, occurrence: int = 0, label: str = "chips") -> str:
    start = -1
    for _ in range(occurrence + 1):
        start = OLD.index(needle, start + 1)
    return tag_span(project, document_id, start, start + len(needle), label).id


def test_new_version_moves_spans_exactly_and_flags_the_rest(empty_project: Project, article: str) -> None:
    project = empty_project
    chip = tag(project, article, "Ascend 910B")
    bernstein = tag(project, article, "Bernstein", label="financials")
    spark = tag(project, article, "Spark model", label="models")
    hardware = tag(project, article, "Huawei hardware")

    report = update_document_text(project, article, NEW)

    assert report.changed and report.revision == 2
    status = {outcome.span_id: outcome.status for outcome in report.outcomes}
    assert status == {
        chip: AnchorStatus.MOVED,
        bernstein: AnchorStatus.FLAGGED,
        spark: AnchorStatus.FLAGGED,
        hardware: AnchorStatus.MOVED,
    }
    document = get_document(project.database, article)
    assert document.text == NEW
    for span_id in (chip, hardware):
        span = get_span(project.database, span_id)
        assert document.text[span.start : span.end] == span.text
    flagged = {row.id: row for row in spans_needing_review(project, article)}
    assert set(flagged) == {bernstein, spark}
    assert flagged[bernstein].text == "Bernstein"  # what was tagged is kept for the reviewer
    assert "not in the new version" in flagged[bernstein].review_reason
    assert previous_text(project, article, 1) == OLD
    report_lines = check_database(project.database.path).lines()  # type: ignore[arg-type]
    assert "note: 2 span(s) wait for review after their article's text changed" in report_lines


def test_the_same_text_again_changes_nothing(empty_project: Project, article: str, db_path: Path) -> None:
    tag(empty_project, article, "Ascend 910B")
    before = dump(db_path)
    report = update_document_text(empty_project, article, OLD.replace("\n", "\r\n"))
    assert not report.changed
    assert dump(db_path) == before


def test_text_of_another_document_is_refused_and_nothing_changes(
    empty_project: Project, article: str, db_path: Path, tmp_path: Path
) -> None:
    from annotator.services.importing import import_paths

    other = tmp_path / "other.txt"
    other.write_text(NEW, encoding="utf-8")
    import_paths(empty_project, [other])
    tag(empty_project, article, "Ascend 910B")
    before = dump(db_path)
    refused = r"new\.txt: this text is already in the project as another document"
    with pytest.raises(InputError, match=refused):
        update_document_text(empty_project, article, NEW, source="new.txt")
    with pytest.raises(InputError, match="empty"):
        update_document_text(empty_project, article, " \n ", source="new.txt")
    assert dump(db_path) == before


def test_gold_spans_move_too_and_rejections_follow_or_are_dropped(
    empty_project: Project, article: str
) -> None:
    project = empty_project
    start = OLD.index("iFlytek")
    with project.database.write():
        gold.upsert_gold(
            project.database,
            [
                GoldSpan(
                    document_id=article,
                    start=start,
                    end=start + 7,
                    label="models",
                    text="iFlytek",
                    decided_by="r",
                )
            ],
        )
    chip = OLD.index("Ascend 910B")
    with project.database.write():
        gold.reject(project.database, article, chip, chip + len("Ascend 910B"), "chips", "r")
    gone = OLD.index("Bernstein")
    with project.database.write():
        gold.reject(project.database, article, gone, gone + len("Bernstein"), "financials", "r")

    report = update_document_text(project, article, NEW)

    (placed,) = gold.gold_for_document(project.database, article)
    assert NEW[placed.start : placed.end] == "iFlytek"
    shift = len("Updated on Wednesday.\n")
    assert gold.rejected_keys(project.database, article) == {(chip + shift, chip + shift + 11, "chips")}
    assert (report.rejections_moved, report.rejections_dropped) == (1, 1)


def test_a_flagged_span_is_resolved_in_one_step_and_undone(empty_project: Project, article: str) -> None:
    project = empty_project
    spark = tag(project, article, "Spark model", label="models")
    update_document_text(project, article, NEW)
    (row,) = spans_needing_review(project, article)
    start = NEW.index("Xinghuo model")

    before = resolve_review(project, Layer.SPANS, spark, start, start + len("Xinghuo model"))

    assert spans_needing_review(project) == []
    assert get_span(project.database, spark).text == "Xinghuo model"
    assert activity(project.database)[-1].action == "keep flagged span"  # the analyst's work, for sessions
    with pytest.raises(SpanError):
        resolve_review(project, Layer.SPANS, spark, 0, len(NEW) + 1)
    restore_review(project, before)
    assert spans_needing_review(project) == [row]


def test_a_second_new_version_keeps_flags_and_their_first_reason(
    empty_project: Project, article: str
) -> None:
    bernstein = tag(empty_project, article, "Bernstein", label="financials")
    update_document_text(empty_project, article, NEW)
    report = update_document_text(empty_project, article, "Preface.\n" + NEW)
    assert report.revision == 3
    (row,) = spans_needing_review(empty_project, article)
    assert row.id == bernstein and "not in the new version" in row.review_reason
