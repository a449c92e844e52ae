"""Where Annotator finds its shipped files and keeps the user's database."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Annotator"
# Names the desktop file, the AppStream metadata and the macOS bundle (packaging/), and the window on Wayland.
APP_ID = "org.annotator.Annotator"
DB_ENV = "ANNOTATOR_DB"


def _shipped_dir(name: str) -> Path:
    """``resources/`` and ``seeds/`` live inside a frozen bundle, in ``_shipped/`` of an installed wheel
    (see setup.py) and beside the package in a checkout."""
    roots = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle))
    package = Path(__file__).resolve().parent
    # _shipped first: beside an installed package is site-packages, where another distribution's
    # "resources" folder may sit.
    roots += [package / "_shipped", package.parent]
    for root in roots:
        if (root / name).is_dir():
            return root / name
    raise FileNotFoundError(f"cannot find the '{name}' folder shipped with Annotator (looked in {roots})")


def resources_dir() -> Path:
    return _shipped_dir("resources")


def seeds_dir() -> Path:
    return _shipped_dir("seeds")


def default_database_path() -> Path:
    """``--db`` wins, then ``ANNOTATOR_DB``, then ``annotator.db`` in the platform's user data folder."""
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return builtin_database_path()


def builtin_database_path() -> Path:
    """The project the app opens when told of no other: the only one that starts with the samples."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "annotator.db"


def log_file_path() -> Path:
    """Where the app writes warnings and unexpected errors (with their tracebacks)."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / "annotator.log"
