"""``annotator stats --sessions``: the weekly progress report, as a table and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.services import annotation
from annotator.services.project import Project
from tests.cli.test_cli import run_cli
from tests.fixtures.three_annotators import fill_three_annotators


def make_project(path: Path) -> None:
    with Project.open(path, annotator="alice") as project:
        fill_three_annotators(project)
        # bob comes back an hour later for one more tag: a second session.
        document_id = project.database.query("SELECT id FROM documents ORDER BY id LIMIT 1")[0]["id"]
        with project.database.write() as db:
            db.execute("UPDATE activity SET at = '2026-03-02T09:00:00.000+00:00' WHERE annotator = 'bob'")
        annotation.tag_span(Project(project.database, "bob"), document_id, 0, 3, "chips")


def test_sessions_as_json(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    make_project(path)
    result = run_cli("--db", str(path), "stats", "--sessions", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["idle_minutes"] == 5
    people = {a["annotator"]: a for a in report["annotators"]}
    assert sorted(people) == ["alice", "bob", "carol"]
    bob = people["bob"]
    assert [s["spans_added"] for s in bob["sessions"]] == [5, 1]
    assert bob["spans_added"] == 6
    assert bob["sessions"][0]["start"] == "2026-03-02T09:00:00.000+00:00"
    assert all(s["spans_per_minute"] == s["spans_added"] / s["minutes"] for s in bob["sessions"])


def test_sessions_as_a_table(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    make_project(path)
    result = run_cli("--db", str(path), "stats", "--sessions")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("sessions end after 5 minutes without an edit")
    bob = lines.index("bob")
    assert "spans/min" in lines[bob + 1]
    assert lines[bob + 4].split()[:3] == ["total", "(2", "sessions)"]
    assert lines[bob + 4].split()[-3:] == ["6", "0", "3.00"]  # 6 spans over two one-minute sessions


def test_no_sessions_yet(tmp_path: Path) -> None:
    result = run_cli("--db", str(tmp_path / "new.db"), "stats", "--sessions")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "no annotation sessions recorded yet"


def test_only_the_last_days(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    make_project(path)
    result = run_cli("--db", str(path), "stats", "--sessions", "--days", "7", "--json")
    assert result.returncode == 0, result.stderr
    bob = next(a for a in json.loads(result.stdout)["annotators"] if a["annotator"] == "bob")
    assert [s["spans_added"] for s in bob["sessions"]] == [1]  # his March session is long past
