"""A copy of the checkout's buildable files, so builds never write into the working tree."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "*.db"
)


def copy_source_tree(target: Path) -> Path:
    names = ["annotator", "resources", "seeds", "packaging", "pyproject.toml", "setup.py", "MANIFEST.in"]
    names += ["README.md"]
    for name in names:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=SKIPPED)
        else:
            shutil.copy2(source, target / name)
    return target
