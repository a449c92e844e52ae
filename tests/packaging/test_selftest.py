"""``annotator selftest``, run as a user would: a real process, with the user's files watched."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from annotator.ui.selftest import SelftestFailure, Step, run_steps

STEP_TITLES = [
    "open a temporary project",
    "import a test article",
    "window shown offscreen",
    "tag a span in the window",
    "export the dataset",
    "read the export back",
    "compute agreement",
    "close the window",
]


def isolated_environment(tmp_path: Path) -> tuple[dict[str, str], Path, Path]:
    """An environment whose home, config, data folders and default database are all under ``tmp_path``."""
    home = tmp_path / "home"
    home.mkdir()
    user_db = tmp_path / "user.db"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "ANNOTATOR_DB": str(user_db),
        # A desktop platform that cannot start here: the selftest must choose offscreen by itself.
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": ":999",
        "WAYLAND_DISPLAY": "",
    }
    return env, home, user_db


def test_selftest_passes_and_leaves_the_users_files_alone(tmp_path: Path) -> None:
    env, home, user_db = isolated_environment(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "selftest"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("] ", 1)[1].split(":")[0].split(" (")[0] for line in lines[:-1]] == STEP_TITLES
    assert all(line.startswith("ok   ") for line in lines[:-1])
    assert lines[-1] == "selftest passed"
    assert "'Ascend 910B'" in lines[3]
    assert "propagateSizeHints" not in result.stderr
    assert not user_db.exists()
    written = [path for path in home.rglob("*") if path.is_file()]
    assert not [path for path in written if "annotator" in str(path).lower()], written


def test_selftest_is_listed_in_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--help"], capture_output=True, text=True, timeout=60
    )
    assert "selftest" in result.stdout


def test_a_failing_step_stops_the_run_and_fails_it() -> None:
    ran: list[str] = []

    def passing() -> str:
        ran.append("first")
        return "fine"

    def failing() -> str:
        ran.append("second")
        raise SelftestFailure("expected 1 span, found 0")

    def never() -> str:
        ran.append("third")
        return ""

    out = io.StringIO()
    code = run_steps([Step("first", passing), Step("second", failing), Step("third", never)], out)
    assert code == 1
    assert ran == ["first", "second"]
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("ok   [1/3] first: fine (")
    assert lines[1] == "FAIL [2/3] second: expected 1 span, found 0"
    assert lines[-1] == "selftest FAILED"


def test_an_unexpected_error_is_reported_with_its_traceback() -> None:
    def broken() -> str:
        return str(1 / 0)

    out = io.StringIO()
    assert run_steps([Step("divide", broken)], out) == 1
    report = out.getvalue()
    assert "FAIL [1/1] divide: division by zero" in report
    assert "ZeroDivisionError" in report and "Traceback" in report


def test_all_steps_passing_exits_zero() -> None:
    out = io.StringIO()
    assert run_steps([Step("only", lambda: "")], out) == 0
    assert out.getvalue().splitlines()[-1] == "selftest passed"
