"""Relations, span attributes and document labels through every format that has room for them: our
export read back gives the same facts, and the consumers (spaCy, HF datasets, JSON Schema) read them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.services.exporting import export_dataset
from annotator.services.importing import ImportOptions, import_files
from annotator.services.project import Project
from tests.formats.structured import TEXT, build, facts

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "jsonl-schema.json"


@pytest.fixture
def structured(empty_project: Project, tmp_path: Path) -> Project:
    build(empty_project, tmp_path)
    return empty_project


def round_trip(project: Project, tmp_path: Path, format: str, suffix: str) -> tuple[Project, Path]:
    out = tmp_path / f"export{suffix}"
    export_dataset(project, out, format)
    fresh = Project.open(tmp_path / f"fresh-{format}.db", annotator="carol")
    report = import_files(fresh, [out], ImportOptions(format=format))
    assert not report.dropped, report.summary()
    return fresh, out


def test_native_jsonl_round_trips_every_structure(structured: Project, tmp_path: Path) -> None:
    fresh, out = round_trip(structured, tmp_path, "jsonl", ".jsonl")
    with fresh:
        assert facts(fresh) == facts(structured)
        # The schema came along: the symmetric type stays symmetric, the number stays a number.
        (same,) = [t for t in fresh_types(fresh) if t.name == "same_company"]
        assert same.directed is False
        # Importing the file again adds nothing.
        report = import_files(fresh, [out], ImportOptions(format="jsonl"))
        assert report.structure["relation(s) added"] == 0 and report.structure["document label(s) added"] == 0
        assert facts(fresh) == facts(structured)
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["schema_version"] == 2


def fresh_types(project: Project):  # type: ignore[no-untyped-def]
    from annotator.services.structure import structure_schema

    return structure_schema(project).relation_types


def test_native_jsonl_records_validate_against_the_shipped_schema(
    structured: Project, tmp_path: Path
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    out = tmp_path / "export.jsonl"
    export_dataset(structured, out, "jsonl")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for record in records:
        jsonschema.validate(record, schema)
    broken = dict(records[0], relations=[{"source": "x", "type": "supplies"}])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_huggingface_datasets_reads_relations_attributes_and_labels(
    structured: Project, tmp_path: Path
) -> None:
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "export.jsonl"
    export_dataset(structured, out, "jsonl")
    dataset = datasets.load_dataset("json", data_files=str(out), split="train", cache_dir=str(tmp_path / "c"))
    rows = {row["text"]: row for row in dataset}
    row = rows[TEXT]
    spans = {span["id"]: span for span in row["spans"]}
    supplies = [r for r in row["relations"] if r["type"] == "supplies" and r["annotator"] == "alice"]
    assert len(supplies) == 1
    assert spans[supplies[0]["source"]]["text"] == "Huawei"
    assert spans[supplies[0]["target"]]["text"] == "Ascend 910B"
    money = next(s for s in row["spans"] if s["text"] == "revenue of ¥4.1 billion")
    assert money["attributes"]["metric"] == "revenue" and money["attributes"]["amount"] == 4.1e9
    assert money["attributes"]["audited"] is False
    assert {(x["annotator"], x["label_set"], x["value"]) for x in row["labels"]} >= {
        ("alice", "topic", "earnings"),
        ("bob", "stance", "positive"),
    }


def test_a_relation_naming_no_span_of_its_record_is_refused_with_its_line(
    empty_project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "bad.jsonl"
    good = {
        "text": "Huawei supplies chips.",
        "spans": [{"id": "a", "start": 0, "end": 6, "label": "strategy"}],
    }
    bad = dict(good, relations=[{"source": "a", "target": "b", "type": "supplies"}])
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    from annotator.domain.errors import InputError

    with pytest.raises(InputError, match=r"bad.jsonl, line 2: field 'relations\[0\]': names no span"):
        import_files(empty_project, [path])
    wrong_value = dict(good, spans=[dict(good["spans"][0], attributes={"amount": [1]})])
    path.write_text(json.dumps(wrong_value) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        import_files(empty_project, [path])
    assert facts(empty_project)["spans"] == []


def test_doccano_round_trips_relations_and_document_labels_and_reports_attributes(
    structured: Project, tmp_path: Path
) -> None:
    out = tmp_path / "export.jsonl"
    report = export_dataset(structured, out, "doccano")
    assert "8 attribute value(s) not written" in report.summary()
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert set(record) == {"id", "text", "entities", "relations", "cats", "meta"}
    fresh = Project.open(tmp_path / "fresh.db", annotator="carol")
    with fresh:
        import_files(fresh, [out], ImportOptions(format="doccano"))
        assert facts(fresh, attributes=False) == facts(structured, attributes=False)


def test_label_studio_round_trips_relations_attributes_and_document_choices(
    structured: Project, tmp_path: Path
) -> None:
    fresh, _ = round_trip(structured, tmp_path, "label-studio", ".json")
    with fresh:
        # Label Studio's relations have no note.
        assert facts(fresh, notes=False) == facts(structured, notes=False)


def test_prodigy_round_trips_relations_attributes_and_document_labels(
    structured: Project, tmp_path: Path
) -> None:
    fresh, out = round_trip(structured, tmp_path, "prodigy", ".jsonl")
    with fresh:
        assert facts(fresh) == facts(structured)
    task = next(
        json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if "relations" in line
    )
    relation = task["relations"][0]
    assert set(relation["head_span"]) >= {"start", "end", "label"} and relation["label"]
    assert task["cats"] and task["accept"]


def test_brat_round_trips_relations_attributes_and_entity_links_and_reports_document_labels(
    structured: Project, tmp_path: Path
) -> None:
    out = tmp_path / "brat"
    report = export_dataset(structured, out, "brat")
    assert "document label(s) not written" in report.summary()
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "same_company\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric" in conf
    assert "metric\tArg:<ENTITY>, Value:revenue" in conf
    ann = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.ann"))
    assert "\tReference T" in ann and "company:Huawei\tHuawei" in ann
    assert "\tAnnotatorNotes R" in ann
    fresh = Project.open(tmp_path / "fresh.db", annotator="carol")
    with fresh:
        import_report = import_files(fresh, [out], ImportOptions(format="brat"))
        assert not import_report.dropped, import_report.summary()
        expected, found = facts(structured), facts(fresh)
        assert found["labels"] == []
        del expected["labels"], found["labels"]
        assert found == expected
