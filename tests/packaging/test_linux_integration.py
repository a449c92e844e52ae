"""Linux desktop integration: icons, the menu entry, AppStream metadata and the install script."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from annotator import __version__
from annotator.paths import APP_ID

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header (the IHDR chunk is always first)."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


@pytest.mark.parametrize("size", SIZES)
def test_png_icons_exist_in_every_size(size: int) -> None:
    assert png_size(ICONS / f"annotator-{size}.png") == (size, size)


def test_png_icons_are_not_blank() -> None:
    # A transparent corner (rounded square) and the dark body colour in the middle of the 64 px icon.
    from PySide6.QtGui import QImage

    image = QImage(str(ICONS / "annotator-64.png"))
    assert image.pixelColor(0, 0).alpha() == 0
    assert image.pixelColor(32, 10).name() == "#263238"


def test_desktop_entry_names_the_icon_and_program() -> None:
    entry = desktop_entry(DESKTOP)
    assert entry["Type"] == "Application"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == "annotator"
    assert entry["Terminal"] == "false"


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils not installed")
def test_desktop_entry_validates() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_metainfo_matches_the_app() -> None:
    component = ElementTree.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findtext("provides/binary") == "annotator"
    newest = component.find("releases/release")
    assert newest is not None and newest.get("version") == __version__, "add a release for the new version"


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream not installed")
def test_metainfo_validates() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if line.lstrip().startswith(("E:", "W:"))]
    assert problems == []


def fake_bundle(tmp_path: Path) -> Path:
    bundle = tmp_path / "dist" / "annotator"
    bundle.mkdir(parents=True)
    program = bundle / "annotator"
    program.write_text("#!/bin/sh\necho 'annotator from the bundle'\n")
    program.chmod(0o755)
    (bundle / "_internal").mkdir()
    return bundle


@pytest.mark.skipif(os.name != "posix", reason="a bash script")
def test_install_script_stages_a_complete_tree(tmp_path: Path) -> None:
    stage = tmp_path / "stage"
    env = {**os.environ, "PREFIX": "/usr", "DESTDIR": str(stage)}
    result = subprocess.run(
        ["bash", str(LINUX / "install.sh"), str(fake_bundle(tmp_path))],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    usr = stage / "usr"
    assert os.readlink(usr / "bin" / "annotator") == "/usr/lib/annotator/annotator"
    assert (usr / "lib" / "annotator" / "annotator").read_text().startswith("#!/bin/sh")
    assert desktop_entry(usr / "share" / "applications" / DESKTOP.name)["Exec"] == "/usr/bin/annotator"
    assert (usr / "share" / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    hicolor = usr / "share" / "icons" / "hicolor"
    for size in SIZES:
        assert png_size(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    if shutil.which("appstreamcli"):
        tree = subprocess.run(
            ["appstreamcli", "validate-tree", "--no-net", str(stage)], capture_output=True, text=True
        )
        assert tree.returncode == 0, tree.stdout + tree.stderr


@pytest.mark.skipif(os.name != "posix", reason="a bash script")
def test_install_script_refuses_a_missing_bundle(tmp_path: Path) -> None:
    env = {**os.environ, "PREFIX": str(tmp_path / "prefix")}
    result = subprocess.run(
        ["bash", str(LINUX / "install.sh"), str(tmp_path / "nothing")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    assert "no bundle at" in result.stderr
    assert not (tmp_path / "prefix").exists()
