"""Windows and the command line on one project, in real processes, then a SIGKILL of every window.

Every tag a window acknowledged on screen must be in the file afterwards. This is the everyday workflow
that once lost edits: the window's start-up backup had opened and closed the project's files itself,
which dropped the window's SQLite locks; the next command to close its connection then took itself for
the last user, folded the log into the file and deleted it under the window.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.services import reading
from annotator.services.samples import open_project

ROOT = Path(__file__).resolve().parents[2]


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "annotator", *args[:1], "--db", str(db), *args[1:]],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, f"annotator {' '.join(args)}: {result.stderr}"
    return result


class Window:
    """A window process (tests/reliability/window_child.py) on ``db``."""

    def __init__(self, db: Path, folder: Path, annotator: str) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.reliability.window_child",
                str(db),
                str(folder / f"{annotator}.ini"),
                annotator,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        assert self._answer() == "READY"

    def _answer(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def tag(self, document_id: str, start: int, end: int, label: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(f"tag {document_id} {start} {end} {label}\n")
        self.process.stdin.flush()
        answer = self._answer()
        assert answer.startswith("ACK "), answer
        return answer.removeprefix("ACK ")

    def journals_deleted_underneath(self) -> list[str]:
        """The project files this process still has open although they were deleted."""
        folder = Path(f"/proc/{self.process.pid}/fd")
        targets = [os.readlink(fd) for fd in folder.iterdir()] if folder.is_dir() else []
        return [target for target in targets if target.endswith("(deleted)") and ".db" in target]

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


def stored_span_ids(db: Path) -> set[str]:
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
        ids = {row[0] for row in conn.execute("SELECT id FROM spans")}
    conn.close()
    return ids


@pytest.mark.parametrize("annotators", [("alice",), ("alice", "bob")], ids=["one window", "two windows"])
def test_every_tag_acknowledged_on_screen_survives_commands_and_a_kill(
    tmp_path: Path, annotators: tuple[str, ...]
) -> None:
    db = tmp_path / "r.db"
    with open_project(db, annotator="alice", samples=True) as project:
        documents = [d.id for d in reading.list_documents(project)]
    windows = [Window(db, tmp_path, name) for name in annotators]
    acknowledged: set[str] = set()
    commands = [
        ("stats",),
        ("export", str(tmp_path / "out.jsonl")),
        ("backup",),
        ("check",),
        ("import", "IMPORT"),
    ]
    try:
        for round_number in range(2):
            for step, command in enumerate(commands):
                for number, window in enumerate(windows):
                    start = 10 * (round_number * len(commands) + step) + number
                    acknowledged.add(window.tag(documents[step], start, start + 4, "chips"))
                if command[0] == "import":
                    article = tmp_path / f"article-{round_number}.txt"
                    article.write_text(f"A new article, number {round_number}.", encoding="utf-8")
                    command = ("import", str(article))
                if command[0] == "export":
                    Path(command[1]).unlink(missing_ok=True)
                cli(db, *command)
                counted = json.loads(cli(db, "stats", "--json").stdout)["spans"]
                assert counted == len(acknowledged), f"after '{command[0]}' the file lost tags"
        for window in windows:
            assert window.journals_deleted_underneath() == []
    finally:
        for window in windows:
            window.kill()
    assert acknowledged <= stored_span_ids(db)
    assert len(acknowledged) == 2 * len(commands) * len(windows)
