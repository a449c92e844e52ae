"""Label names with invisible characters (zero-width, bidirectional overrides, controls) can display as
another label; every path that creates or renames a label refuses them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.services import labels
from annotator.services.importing import import_paths
from annotator.services.project import Project

INVISIBLE = {
    "zero-width space": "ch\u200bips",
    "zero-width joiner": "chips\u200d",
    "right-to-left override": "\u202espihc",
    "left-to-right isolate": "chips\u2066x",
    "byte order mark": "\ufeffchips",
    "escape": "chips\x1b[31m",
    "line separator": "chi\u2028ps",
}


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.open(tmp_path / "p.db", annotator="alice") as opened:
        yield opened


@pytest.mark.parametrize("name", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_every_path_that_makes_a_label_refuses_invisible_characters(
    project: Project, tmp_path: Path, name: str
) -> None:
    before = labels.list_labels(project)
    with pytest.raises(InputError, match="invisible or control characters"):
        labels.add_label(project, name)
    with pytest.raises(InputError, match="invisible or control characters"):
        labels.update_label(project, before[0].name, new_name=name)
    schema = tmp_path / "labels.json"
    schema.write_text(json.dumps({"labels": [{"name": name, "colour": "#ff0000"}]}), encoding="utf-8")
    with pytest.raises(InputError, match=f"{schema}.*invisible or control characters"):
        labels.load_schema(project, schema)
    data = tmp_path / "data.jsonl"
    record = {"text": "Huawei chips.", "spans": [{"start": 7, "end": 12, "label": name}]}
    data.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"{data}.*invisible or control characters"):
        import_paths(project, [data])
    assert labels.list_labels(project) == before


def test_visible_names_in_any_script_are_still_labels(project: Project) -> None:
    for name in ("芯片", "شرائح", "puces électroniques", "R&D <b>", "👩‍💻"[:1]):
        labels.add_label(project, name)
    assert {"芯片", "شرائح", "puces électroniques", "R&D <b>"} <= {
        label.name for label in labels.list_labels(project)
    }
