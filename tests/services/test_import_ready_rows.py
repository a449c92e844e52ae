"""A new article's span rows are made while its record is read; storing takes them as they are only when
the span-by-span path would store exactly the same.

Every case where it would not (the article is already there, a span id is taken, a second record with the
same text, relations or attributes) falls back to storing span by span. Each test imports the same files
twice, once with the rows and once without them, and compares what is stored and what is reported.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from annotator.services import importing_records
from annotator.services.importing import ImportOptions, import_files
from annotator.services.importing_report import ImportReport
from annotator.services.project import Project

ARTICLE_ID = "0123456789abcdef0123456789abcdef"
TAKEN_SPAN = "11111111-2222-4333-8444-555555555555"


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def span(text: str, part: str, label: str, **extra: object) -> dict[str, object]:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "label": label, "text": part, **extra}


HUAWEI = "Huawei ships the Ascend 910B to 数据中心 🚀 while iFlytek trains Spark."
IFLYTEK = "iFlytek's revenue rose 12% 📈; the Spark model now runs on Ascend chips."
MONEY = "Moonshot raised money at a 3 billion dollar valuation."


def first_file(tmp_path: Path) -> Path:
    """What the project holds before the file under test: an article and a span whose id the file reuses."""
    return write_jsonl(
        tmp_path / "first.jsonl",
        [{"text": MONEY, "spans": [span(MONEY, "3 billion dollar", "financials", id=TAKEN_SPAN)]}],
    )


def mixed_file(tmp_path: Path) -> Path:
    records: list[dict[str, object]] = [
        # A new article with the file's own id, a gold span (refused), a span twice under two ids (stored
        # once), spans without id, and a label and an annotator the project does not have yet.
        {
            "id": ARTICLE_ID,
            "text": HUAWEI,
            "status": {"lee": "done"},
            "spans": [
                span(HUAWEI, "Ascend 910B", "chips", id="aaaaaaaa-0000-4000-8000-000000000001"),
                span(HUAWEI, "Ascend 910B", "chips", id="aaaaaaaa-0000-4000-8000-000000000002"),
                span(HUAWEI, "Huawei", "companies", annotator="lee"),
                span(HUAWEI, "Spark", "models", annotator="gold"),
                span(HUAWEI, "iFlytek", "companies", annotator="lee"),
            ],
        },
        # The same text again: the article of the record above, with one more span and one it has.
        {
            "text": HUAWEI,
            "spans": [span(HUAWEI, "Ascend 910B", "chips"), span(HUAWEI, "数据中心", "strategy")],
        },
        # The same text again from another annotator, sharing no span with the records above (as Prodigy
        # writes one record per annotator): its rows go in as read, under the article's id.
        {
            "text": HUAWEI,
            "status": {"wang": "done"},
            "spans": [
                span(HUAWEI, "Ascend 910B", "chips", annotator="wang"),
                span(HUAWEI, "数据中心", "strategy", annotator="wang"),
            ],
        },
        # ... and from a third, with a span id an earlier record of the file gave: it gets a new id.
        {
            "text": HUAWEI,
            "spans": [
                span(
                    HUAWEI, "Huawei", "companies", annotator="chen", id="aaaaaaaa-0000-4000-8000-000000000001"
                )
            ],
        },
        # A span id the project already has: that span gets a new id.
        {"text": IFLYTEK, "spans": [span(IFLYTEK, "12%", "financials", id=TAKEN_SPAN)]},
        # An article the project has: only its new span is added.
        {
            "text": MONEY,
            "spans": [span(MONEY, "3 billion dollar", "financials"), span(MONEY, "Moonshot", "companies")],
        },
        # The id of an article this file already gave: the new article gets an id of its own.
        {"id": ARTICLE_ID, "text": "Another text with the same id.", "spans": []},
        # Attributes are stored span by span.
        {
            "text": "Baidu's Ernie 4.0 is a model.",
            "spans": [
                span("Baidu's Ernie 4.0 is a model.", "Ernie 4.0", "models", attributes={"open": False})
            ],
        },
    ]
    return write_jsonl(tmp_path / "mixed.jsonl", records)


def stored(project: Project) -> dict[str, list[tuple[object, ...]]]:
    conn = project.database.conn
    return {
        "spans": conn.execute(
            'SELECT d.text, s.start, s."end", s.label, s.text, s.annotator, s.note, s.created = s.updated, '
            "s.id = ? FROM spans s JOIN documents d ON d.id = s.document_id ORDER BY 1, 2, 3, 4, 6",
            (TAKEN_SPAN,),
        ).fetchall(),
        "file ids": conn.execute(
            "SELECT id FROM spans WHERE id LIKE 'aaaaaaaa-%' OR id = ? ORDER BY id", (TAKEN_SPAN,)
        ).fetchall(),
        "documents": conn.execute(
            "SELECT text, id = ? FROM documents ORDER BY text", (ARTICLE_ID,)
        ).fetchall(),
        "statuses": conn.execute(
            "SELECT d.text, s.annotator, s.status FROM document_status s "
            "JOIN documents d ON d.id = s.document_id"
        ).fetchall(),
        "labels": conn.execute("SELECT name FROM labels ORDER BY rowid").fetchall(),
        "annotators": conn.execute("SELECT name FROM annotators ORDER BY name").fetchall(),
        "counts": conn.execute(
            "SELECT d.text, c.spans FROM document_span_counts c JOIN documents d ON d.id = c.document_id "
            "ORDER BY 1"
        ).fetchall(),
        "attributes": conn.execute("SELECT name, value FROM span_attributes").fetchall(),
    }


def reported(report: ImportReport) -> dict[str, object]:
    return {key: value for key, value in asdict(report).items() if key != "rejected_report"}


def import_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: list[Path], *, in_child: bool = False
) -> list[tuple[dict[str, list[tuple[object, ...]]], list[dict[str, object]]]]:
    if in_child:
        monkeypatch.setattr(importing_records, "CHILD_FROM_BYTES", 0)
    outcomes = []
    for with_rows in (True, False):
        if not with_rows:
            monkeypatch.setattr(importing_records, "ready_rows", lambda *_: None)
        with Project.open(tmp_path / f"rows-{with_rows}.db", annotator="alice") as project:
            reports = [
                reported(import_files(project, [path], ImportOptions(format="jsonl"))) for path in files
            ]
            outcomes.append((stored(project), reports))
    return outcomes


@pytest.mark.parametrize("in_child", [False, True], ids=["read here", "read in the child"])
def test_rows_made_while_reading_store_what_span_by_span_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_child: bool
) -> None:
    with_rows, without = import_both_ways(
        tmp_path, monkeypatch, [first_file(tmp_path), mixed_file(tmp_path)], in_child=in_child
    )
    assert with_rows == without
    tables, reports = with_rows
    # What the rules did, as the report says and the tables show.
    last = reports[-1]
    assert last["gold_spans_refused"] == 1
    assert last["span_ids_replaced"] == 2  # the id the project already has, and one the file gave before
    assert last["spans_unchanged"] == 3  # the repeated span, and one span each of records 2 and 6
    assert last["spans_added"] == 10
    taken = [row for row in tables["spans"] if row[-1]]
    assert taken == [(MONEY, 27, 43, "financials", "3 billion dollar", "alice", "", True, True)]
    assert tables["file ids"] == [(TAKEN_SPAN,), ("aaaaaaaa-0000-4000-8000-000000000001",)]
    assert ("Another text with the same id.", 0) in tables["documents"] and (HUAWEI, 1) in tables["documents"]
    assert sorted(tables["statuses"]) == [(HUAWEI, "lee", "done"), (HUAWEI, "wang", "done")]
    assert ("companies",) in tables["labels"]
    assert {("lee",), ("wang",), ("chen",)} <= set(tables["annotators"])
    assert (HUAWEI, 7) in tables["counts"]
    assert [row[5] for row in tables["spans"] if row[0] == HUAWEI].count("wang") == 2
    assert len(tables["attributes"]) == 1


def test_importing_a_file_again_changes_nothing_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mixed = mixed_file(tmp_path)
    with_rows, without = import_both_ways(tmp_path, monkeypatch, [mixed, mixed])
    assert with_rows == without
    again = with_rows[1][-1]
    assert again["added"] == [] and again["spans_added"] == 0 and again["labels_added"] == []
