"""The PyInstaller bundle, built from the spec and run: the same version, a passing selftest, a lean Qt."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import __version__
from tests.packaging.source_tree import copy_source_tree

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None, reason="PyInstaller not installed"),
]

UNUSED_QT = ("QtNetwork", "QtQml", "QtQuick", "QtWebEngine", "QtPdf", "QtSql", "QtMultimedia", "Qt3D")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build once for the module, from a copy of the checkout, into a temporary folder."""
    root = tmp_path_factory.mktemp("bundle")
    source = copy_source_tree(root / "source")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "ERROR",
            "--distpath",
            str(root / "dist"),
            "--workpath",
            str(root / "work"),
            str(source / "packaging" / "annotator.spec"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return root / "dist" / "annotator"


def program(bundle: Path) -> Path:
    return bundle / ("annotator-cli.exe" if sys.platform == "win32" else "annotator")


def run_bundled(bundle: Path, *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # No Python of ours on the path: the bundle must carry everything it needs.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(tmp_path), ANNOTATOR_DB=str(tmp_path / "user.db"))
    return subprocess.run(
        [str(program(bundle)), *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
    )


def test_bundled_version_is_the_package_version(bundle: Path, tmp_path: Path) -> None:
    result = run_bundled(bundle, "--version", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"annotator {__version__}"


def test_bundled_selftest_passes(bundle: Path, tmp_path: Path) -> None:
    result = run_bundled(bundle, "selftest", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "selftest passed"
    assert "5 sample articles" in result.stdout  # seeds/ and resources/ came along
    assert not (tmp_path / "user.db").exists()


def test_bundle_leaves_out_unused_qt(bundle: Path) -> None:
    files = [path.relative_to(bundle).as_posix() for path in bundle.rglob("*")]
    assert not [name for name in files if any(module in name for module in UNUSED_QT)]
    assert not [name for name in files if name.endswith(".qm")], "Qt translations are never loaded"
    plugins = {name.split("/plugins/")[1].split("/")[0] for name in files if "/plugins/" in name}
    assert "platforms" in plugins and "iconengines" in plugins
    assert not plugins & {"sqldrivers", "tls", "networkinformation", "printsupport", "qmltooling"}


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("ldd"), reason="Linux ldd")
def test_every_bundled_qt_library_resolves(bundle: Path) -> None:
    """Qt libraries and plugins link only to what the bundle or the system provides."""
    unresolved = {}
    for path in bundle.rglob("*.so*"):
        if path.is_symlink() or not path.is_file():
            continue
        output = subprocess.run(["ldd", str(path)], capture_output=True, text=True).stdout
        missing = [line.split()[0] for line in output.splitlines() if "not found" in line]
        # System libraries of the desktop (xcb, wayland, GTK) may be absent on a build server.
        missing = [name for name in missing if "Qt6" in name or "pyside" in name or "shiboken" in name]
        if missing:
            unresolved[path.name] = missing
    assert unresolved == {}
    broken_links = [path for path in bundle.rglob("*") if path.is_symlink() and not path.exists()]
    assert broken_links == []
