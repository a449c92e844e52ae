"""A non-editable wheel carries resources/ and seeds/ and works from site-packages."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.packaging.source_tree import copy_source_tree

pytestmark = pytest.mark.slow


def clean_environment(**extra: str) -> dict[str, str]:
    """This process's environment without what would make Python import from somewhere else."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return {**env, **extra}


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env or clean_environment(),
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_wheel_install_finds_its_shipped_files(tmp_path: Path) -> None:
    source = copy_source_tree(tmp_path / "source")
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", wheels, ".", cwd=source)
    (wheel,) = wheels.glob("annotator-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "annotator/_shipped/resources/labels.json" in names
    assert "annotator/_shipped/resources/icons/annotator.svg" in names
    assert any(name.startswith("annotator/_shipped/seeds/") and name.endswith(".txt") for name in names)

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    run(python, "-m", "pip", "install", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    # The dependencies come from this test environment (a path line, so its editable Annotator is not
    # activated); the wheel's own site-packages comes first on sys.path.
    purelib = "import sysconfig; print(sysconfig.get_path('purelib'))"
    site = Path(run(python, "-c", purelib, cwd=tmp_path).strip())
    (site / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = clean_environment(ANNOTATOR_DB=str(tmp_path / "user.db"), HOME=str(tmp_path))
    locate = "import annotator.paths as p; print(p.__file__); print(p.resources_dir()); print(p.seeds_dir())"
    where = run(python, "-c", locate, cwd=workdir, env=env).splitlines()
    package = Path(where[0]).parent
    assert package.is_relative_to(site)
    assert Path(where[1]) == package / "_shipped" / "resources"
    assert Path(where[2]) == package / "_shipped" / "seeds"

    program = venv / ("Scripts/annotator.exe" if os.name == "nt" else "bin/annotator")
    report = run(program, "selftest", cwd=workdir, env=env)
    assert report.splitlines()[-1] == "selftest passed"
    assert "5 sample articles" in report
