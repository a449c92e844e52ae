"""Shared fixtures. GUI tests run on Qt's offscreen platform; core tests never need a display."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.services.samples import open_project

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.services.project import Project

ADVERSARIAL_TEXT = (
    "Emoji 👩‍💻 and flags 🇨🇳🇺🇸 before Huawei Ascend 910B.\n"
    "CJK Extension B 𠀀𠀁 then 讯飞星火 model.\n"
    "Combining e\u0301 marks, RTL עברית text,\ttabs,\u00a0no-break and\u2028line separator.\n"
    "Revenue rose 12% to 1.2 billion yuan."
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False, help="run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow") or os.environ.get("ANNOTATOR_RUNSLOW"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow or ANNOTATOR_RUNSLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "project.db"


@pytest.fixture
def project(db_path: Path) -> Iterator[Project]:
    """A project on a real SQLite file, seeded with the five sample articles, annotator 'alice'."""
    with open_project(db_path, annotator="alice", samples=True) as opened:
        yield opened


@pytest.fixture
def empty_project(db_path: Path) -> Iterator[Project]:
    """A project on a real SQLite file with the default labels but no documents."""
    with Project.open(db_path, annotator="alice") as opened:
        yield opened
