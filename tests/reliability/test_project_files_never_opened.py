"""No code in a process that holds the project open may open() its database, -wal or -shm file.

POSIX drops all of a process's locks on a file when the process closes any descriptor of it; SQLite then
no longer knows that this process uses the project, and another program may delete its log under it.
A Python audit hook sees every ``open`` made through Python (builtins, ``os.open``, ``pathlib``), so each
operation a window or a command runs beside an open project is run here with the hook listening.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator.cli.main import main as cli_main
from annotator.services import backup, integrity
from annotator.services.project import Project

_watched: set[Path] = set()
_seen: list[str] = []


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and _watched and isinstance(args[0], str | Path):
        try:
            path = Path(args[0]).resolve()
        except (OSError, ValueError):
            return
        if path in _watched:
            _seen.append(str(path))


sys.addaudithook(_hook)  # hooks cannot be removed; this one only acts while ``_watched`` is set


@pytest.fixture
def watching(project: Project) -> Iterator[list[str]]:
    _watched.update(project.database.own_files())
    _seen.clear()
    try:
        yield _seen
    finally:
        _watched.clear()


def operations(db: Path, tmp_path: Path) -> dict[str, Callable[[], object]]:
    article = tmp_path / "article.txt"
    article.write_text("A short article about Huawei chips.", encoding="utf-8")
    return {
        "start-up backup": lambda: backup.take_rolling_backup(db),
        "backup again (unchanged)": lambda: backup.take_rolling_backup(db),
        "restore": lambda: backup.restore_backup(db, backup.list_backups(db)[-1].path),
        "check": lambda: integrity.check_database(db),
        "annotator stats": lambda: cli_main(["stats", "--db", str(db)]),
        "annotator export": lambda: cli_main(["export", "--db", str(db), str(tmp_path / "out.jsonl")]),
        "annotator backup": lambda: cli_main(["backup", "--db", str(db)]),
        "annotator check": lambda: cli_main(["check", "--db", str(db)]),
        "annotator import": lambda: cli_main(["import", "--db", str(db), str(article)]),
        "annotator import of the project itself": lambda: cli_main(["import", "--db", str(db), str(db)]),
    }


def test_no_operation_beside_an_open_project_opens_its_files(
    project: Project, db_path: Path, tmp_path: Path, watching: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    project.database.conn.execute("SELECT count(*) FROM spans").fetchone()
    for name, operation in operations(db_path, tmp_path).items():
        operation()
        assert watching == [], f"{name} opened {watching} in a process that holds the project open"
    assert "is this project's own database file" in capsys.readouterr().err


def test_the_guard_sees_an_open_of_the_project(project: Project, db_path: Path, watching: list[str]) -> None:
    with db_path.open("rb") as file:  # what the start-up backup once did to fingerprint the project
        file.read(100)
    assert watching == [str(db_path.resolve())]
