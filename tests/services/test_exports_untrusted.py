"""What exports and reports write: confined to the place the user chose, safe to open in a spreadsheet,
and refused before any work when the target cannot be written."""

from __future__ import annotations

import csv
import io
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.formats.names import EXPORT_FORMAT_NAMES
from annotator.metrics.render import report_csv
from annotator.services import annotation, reading
from annotator.services.agreement import agreement_report, write_report_files
from annotator.services.exporting import export_dataset
from annotator.services.importing import ImportOptions, import_files
from annotator.services.labels import add_label, save_schema
from annotator.services.project import Project
from tests.fixtures.hostile_projects import alter, make_project

HOSTILE_IDS = ["'../../escaped'", "'/tmp/annotator-absolute'", "'..'", "'a/b'", "'.hidden'", "'C:drive'"]
HOSTILE_TITLES = ["../../title", "/tmp/annotator-title", "a\\b", "con"]


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() or p.is_fifo()}


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
@pytest.mark.parametrize("format", EXPORT_FORMAT_NAMES)
def test_no_exporter_writes_outside_its_target_whatever_the_ids_and_titles(
    tmp_path: Path, hostile: str, format: str
) -> None:
    db = tmp_path / "p.db"
    make_project(db, "alice")
    title = HOSTILE_TITLES[HOSTILE_IDS.index(hostile) % len(HOSTILE_TITLES)]
    alter(
        db,
        "PRAGMA defer_foreign_keys = ON",
        f"UPDATE documents SET id = {hostile}, title = '{title}', source = '{title}'",
        f"UPDATE spans SET document_id = {hostile}",
    )
    outside = tmp_path / "work"
    outside.mkdir()
    out = outside / "export" / ("dataset" if format == "brat" else "dataset.out")
    before = files_under(tmp_path)
    with Project.open(db, annotator="alice") as project:
        try:
            export_dataset(project, out, format)
        except InputError as error:
            # Only a format that makes file names from ids may refuse, and it says which id.
            assert format == "brat" and "cannot be used as a file name" in str(error)
    written = files_under(tmp_path) - before
    assert all(out == p or out in p.parents for p in written), sorted(written)
    assert not Path("/tmp/annotator-absolute.txt").exists()
    assert not Path("/tmp/annotator-title").exists()


def hostile_agreement_project(tmp_path: Path) -> Project:
    project = Project.open(tmp_path / "p.db", annotator="=cmd|'/c calc'!A1")
    source = tmp_path / "a.txt"
    source.write_text("Huawei ships the Ascend 910B to iFlytek and Baidu.\n", encoding="utf-8")
    assert import_files(project, [source]).added

    for name in ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"):
        add_label(project, name, colour="#ff0000")
    document = reading.list_documents(project)[0]
    text = reading.load_document(project, document.id).text
    others = ["@bob", "+carol", "\tdave", "-erin", "\rfrank"]
    for number, name in enumerate([project.annotator, *others]):
        who = Project(project.database, name)
        label = ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)")[number % 4]
        start = text.index("Ascend")
        annotation.tag_span(who, document.id, start, start + 6 + number % 2, label)
    return project


def test_the_agreement_csv_neutralises_formulas_in_every_text_cell(tmp_path: Path) -> None:
    project = hostile_agreement_project(tmp_path)
    report = agreement_report(project)
    rows = list(csv.reader(io.StringIO(report_csv(report))))
    text_cells = [cell for row in rows[1:] for cell in row[:-1] if cell]
    names = {cell.lstrip("'") for cell in text_cells}
    assert {"=cmd|'/c calc'!A1", "@bob", "+carol", "\tdave", "-erin", "+1+1", "@SUM(A1)"} <= names
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in text_cells)
    assert any(cell.startswith("'=") for cell in text_cells)
    # Figures stay numbers (a negative kappa is not a formula).
    assert all(row[-1] == "" or float(row[-1]) == float(row[-1]) for row in rows[1:])
    project.close()


def special_targets(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link-to-pipe"
    link.symlink_to(fifo)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    return {"fifo": fifo, "link": link, "under-a-file": blocker / "out.csv", "folder": folder}


@pytest.mark.parametrize("target", ["fifo", "link", "under-a-file", "folder"])
def test_outputs_to_a_pipe_a_device_or_an_impossible_folder_are_refused_before_any_work(
    tmp_path: Path, target: str
) -> None:
    db = tmp_path / "p.db"
    make_project(db, "alice")
    out = special_targets(tmp_path)[target]
    bad_record = tmp_path / "bad.jsonl"
    bad_record.write_text('{"text": "Good text here.", "spans": []}\n{"text": 5}\n', encoding="utf-8")
    with Project.open(db, annotator="alice") as project:
        document = reading.list_documents(project)[0]
        annotation.tag_span(Project(project.database, "bob"), document.id, 0, 6, "chips")
        before = reading.list_documents(project)
        attempts = [
            lambda: export_dataset(project, out, "jsonl"),
            lambda: write_report_files(agreement_report(project), csv=out),
            lambda: write_report_files(agreement_report(project), html=out),
            lambda: save_schema(project, out),
            lambda: import_files(
                project, [bad_record], ImportOptions(skip_invalid=True, rejected_report=out)
            ),
        ]
        for attempt in attempts:
            with pytest.raises(InputError) as raised:
                attempt()
            assert str(raised.value).startswith(str(out.resolve()))
        assert reading.list_documents(project) == before
    assert out.is_fifo() if target in ("fifo", "link") else True
    assert not (tmp_path / "a-folder").exists() or not any((tmp_path / "a-folder").iterdir())


def _limit_file_size() -> None:
    # As a full disk does, refuse writes past 64 KB (EFBIG instead of ENOSPC, through the same path).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_full_disk_fails_in_one_line_and_leaves_the_old_export(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    make_project(db, "alice", "Huawei Ascend 910B chips. " * 8000)
    out = tmp_path / "dataset.jsonl"
    out.write_text("the previous export\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), "export", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limit_file_size,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"{out}: cannot be written (File too large); nothing was written" in result.stderr
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dataset")] == []
