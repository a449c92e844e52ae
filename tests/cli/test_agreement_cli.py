"""``annotator agreement`` run as a user would: a real process on a real database file."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.services.agreement import agreement_report
from annotator.services.project import Project
from annotator.services.structure_agreement import structure_agreement
from tests.fixtures.three_annotators import fill_three_annotators


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "three.db"
    with Project.open(path, annotator="alice") as project:
        fill_three_annotators(project)
    return path


def test_the_table_starts_with_the_headline(db: Path) -> None:
    result = run_cli("agreement", "--db", str(db))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "mean pairwise F1  0.524 exact  0.651 overlap"
    assert "annotators: alice, bob, carol" in lines[1]
    table = "\n".join(lines)
    assert "alice / bob       6    0.800  0.667  0.727" in table
    assert "alice / carol     5    0.400  0.400  0.400" in table
    assert "unitizing alpha_u" in table


def test_json_has_every_figure_of_the_service_report(db: Path) -> None:
    result = run_cli("agreement", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    with Project.open(db, annotator="alice", samples=True) as project:
        expected = agreement_report(project).to_dict()
        structure = structure_agreement(project, expected["annotators"]).to_dict()
    assert printed == json.loads(json.dumps(expected | {"structure": structure}))


def test_filters_by_annotator_and_label(db: Path) -> None:
    for chooser in (["--annotator", "alice", "bob"], ["--annotator", "alice", "--annotator", "bob"]):
        result = run_cli("agreement", "--db", str(db), *chooser, "--label", "models", "--json")
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["annotators"] == ["alice", "bob"]
        assert report["labels"] == ["models"]
        assert report["mean_pairwise_f1"] == 1.0


def test_report_files(db: Path, tmp_path: Path) -> None:
    out_csv, out_html = tmp_path / "report" / "agreement.csv", tmp_path / "report" / "agreement.html"
    result = run_cli("agreement", "--db", str(db), "--csv", str(out_csv), "--html", str(out_html))
    assert result.returncode == 0, result.stderr
    assert f"wrote {out_csv}" in result.stderr
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    pair_f1 = {
        (row["annotator_a"], row["annotator_b"]): float(row["value"])
        for row in rows
        if row["section"] == "pair" and row["measure"] == "exact_f1"
    }
    assert pair_f1[("alice", "bob")] == pytest.approx(8 / 11)
    page = out_html.read_text(encoding="utf-8")
    assert "0.524" in page and "boundary example" in page


def _spans_and_statuses(db: Path) -> list[object]:
    conn = sqlite3.connect(db)
    try:
        return [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("spans", "document_status")
        ]
    finally:
        conn.close()


def test_unknown_annotator_is_an_error_that_changes_nothing(db: Path) -> None:
    before = _spans_and_statuses(db)
    result = run_cli("agreement", "--db", str(db), "--annotator", "alice", "dave")
    assert result.returncode == 1
    assert result.stderr.startswith("annotator: error: ")
    assert "no annotator called 'dave'" in result.stderr
    assert result.stdout == ""
    assert "agreement" in run_cli("--help").stdout
    assert _spans_and_statuses(db) == before


def test_agreement_never_imports_qt(db: Path) -> None:
    code = (
        "import sys; from annotator.cli.main import main; "
        f"main(['--db', r'{db}', 'agreement', '--json']); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
