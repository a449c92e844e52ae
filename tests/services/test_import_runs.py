"""Records of one text in a row (Prodigy's task per annotator) are checked and stored as one, with the
outcome of storing them one by one: the same rows, the same report, the same refusals and notes naming
the same lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.formats.offset_readings import OffsetUnit
from annotator.services import importing_records
from annotator.services.importing import ImportOptions, import_files
from annotator.services.importing_report import ImportReport
from annotator.services.project import Project

TEXT = "Huawei ships the Ascend 910B 🚀 to 数据中心 in Hefei."


def span(word: str, label: str, **extra: Any) -> dict[str, Any]:
    start = TEXT.index(word)
    return {"start": start, "end": start + len(word), "label": label, "text": word, **extra}


def task(annotator: str, *spans: dict[str, Any], text: str = TEXT, **extra: Any) -> dict[str, Any]:
    return {"text": text, "spans": list(spans), "_annotator_id": annotator, "answer": "accept", **extra}


def utf16(word: str) -> dict[str, Any]:
    """A span whose offsets count UTF-16 units (the emoji before it counts twice)."""
    start = TEXT.index(word)
    return {"start": start + 1, "end": start + 1 + len(word), "label": "places", "text": word}


TASKS = [
    task("alice", span("Huawei", "companies"), span("Ascend 910B", "chips")),
    task("bob", span("Huawei", "companies"), span("Hefei", "places")),
    # Alice again: her Huawei span is already there; her new one is not.
    task("alice", span("Huawei", "companies"), span("数据中心", "places")),
    task("carol", span("Huawei", "companies", note="the maker")),
    # Another article, then the first text once more, after it (not in the run).
    task("alice", span("Hefei", "places"), text=TEXT + " Again."),
    task("dan", span("Ascend 910B", "chips")),
    # A run with a record that must be refused, and one whose offsets are read as UTF-16.
    task("erin", span("Huawei", "companies"), text=TEXT + " Third."),
    task("fay", {"start": 3, "end": 999, "label": "chips"}, text=TEXT + " Third."),
    task("gus", span("Hefei", "places"), text=TEXT + " Third."),
    task("hal", span("Hefei", "places"), text=TEXT + " Fourth."),
    task("ivy", utf16("Hefei"), text=TEXT + " Fourth."),
    # Relations break a run: the record goes its own way.
    task("jo", span("Hefei", "places"), text=TEXT + " Fifth."),
    task(
        "kim",
        span("Huawei", "companies"),
        span("Hefei", "places"),
        text=TEXT + " Fifth.",
        relations=[
            {"head_span": span("Huawei", "companies"), "child_span": span("Hefei", "places"), "label": "in"}
        ],
    ),
]


def write(path: Path, tasks: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks), encoding="utf-8")
    return path


def stored(project: Project) -> list[tuple[object, ...]]:
    return list(
        project.database.conn.execute(
            'SELECT d.text, d.source, s.start, s."end", s.label, s.text, s.annotator, s.note '
            "FROM spans s JOIN documents d ON d.id = s.document_id ORDER BY 1, 3, 4, 5, 7"
        )
    )


def facts(report: ImportReport) -> tuple[object, ...]:
    return (
        report.records_read,
        len(report.added),
        sorted(report.unchanged),
        [(r.line, r.field, r.message) for r in report.rejected],
        report.spans_added,
        report.spans_unchanged,
        sorted(report.offset_readings),
        report.summary(),
    )


def imported(tmp_path: Path, name: str, source: Path, **options: Any) -> tuple[list[tuple[object, ...]], Any]:
    with Project.open(tmp_path / f"{name}.db", annotator="me") as project:
        report = import_files(
            project, [source], ImportOptions(format="prodigy", skip_invalid=True, **options)
        )
        return stored(project), facts(report)


@pytest.mark.parametrize("where", ["here", "child"])
def test_a_run_of_one_text_is_stored_as_its_records_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    if where == "child":
        monkeypatch.setattr(importing_records, "CHILD_FROM_BYTES", 0)
    source = write(tmp_path / "tasks.jsonl", TASKS)
    joined = imported(tmp_path, "joined", source)

    real = importing_records.checked_runs
    monkeypatch.setattr(
        importing_records, "checked_runs", lambda documents, check, join: real(documents, check, join=False)
    )
    apart = imported(tmp_path, "apart", source)
    assert joined == apart

    rows, (read, added, unchanged, rejected, spans_added, spans_unchanged, readings, _) = joined
    assert (read, added, len(unchanged)) == (len(TASKS), 5, len(TASKS) - 5 - 1)
    assert rejected == [(8, "spans[0]", rejected[0][2])] and "999" in rejected[0][2]
    assert spans_unchanged == 1  # alice's Huawei, given twice
    assert len(readings) == 1 and "line 11" in readings[0] and "UTF-16" in readings[0]
    assert spans_added == len(rows)
    assert {row[6] for row in rows} == {
        "alice",
        "bob",
        "carol",
        "dan",
        "erin",
        "gus",
        "hal",
        "ivy",
        "jo",
        "kim",
    }


def test_update_by_keeps_records_apart(tmp_path: Path) -> None:
    # Each record names its own article with --update-by: nothing is joined, and the import still counts
    # every record.
    tasks = [task("alice", span("Huawei", "companies"), meta={"id": "a"}), task("bob", meta={"id": "a"})]
    rows, report = imported(tmp_path, "update", write(tmp_path / "tasks.jsonl", tasks), update_by="meta.id")
    assert report[0] == 2 and len(rows) == 1


def test_offsets_read_as_utf16_by_choice_are_joined_and_named_nowhere(tmp_path: Path) -> None:
    # With --offsets utf-16 every span is read as asked: no note, so the run stays joined.
    tasks = [task("alice", utf16("Hefei")), task("bob", utf16("Hefei"))]
    source = write(tmp_path / "tasks.jsonl", tasks)
    rows, report = imported(tmp_path, "u16", source, offsets=OffsetUnit.UTF16)
    assert report[0] == 2 and [row[6] for row in rows] == ["alice", "bob"]
