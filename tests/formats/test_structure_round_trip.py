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


def test_spacy_round_trips_every_structure_and_spacy_reads_cats_relations_and_attributes(
    structured: Project, tmp_path: Path
) -> None:
    pytest.importorskip("spacy")
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

    fresh, out = round_trip(structured, tmp_path, "spacy", ".spacy")
    with fresh:
        assert facts(fresh) == facts(structured)
    # A consumer: register the extension, load the DocBin, read relations through the span group.
    if not Doc.has_extension("relations"):
        Doc.set_extension("relations", default=None)
    docs = {doc.text: doc for doc in DocBin().from_bytes(out.read_bytes()).get_docs(Vocab())}
    doc = docs[TEXT]
    assert doc.cats["earnings"] == 1.0 and doc.cats["export controls"] == 1.0 and doc.cats["chips"] == 0.0
    group = doc.spans["sc"]
    found = {
        (group[r["head"]].text, group[r["child"]].text, r["label"], r["annotator"]) for r in doc._.relations
    }
    assert ("Huawei", "Ascend 910B", "supplies", "alice") in found
    assert ("华为", "Huawei", "same_company", "bob") in found
    attributes = doc.user_data["annotator"]["attributes"]
    money = next(i for i, span in enumerate(group) if span.text == "revenue of ¥4.1 billion")
    assert attributes[money]["metric"] == "revenue" and attributes[money]["audited"] is False


LABEL_STUDIO_CONFIG = """<View>
  <Relations>
    <Relation value="supplies"/><Relation value="trains_on"/><Relation value="same_company"/>
  </Relations>
  <Labels name="label" toName="text">
    <Label value="strategy"/><Label value="chips"/><Label value="financials"/>
  </Labels>
  <Text name="text" value="$text"/>
  <Choices name="metric" toName="text" perRegion="true">
    <Choice value="revenue"/><Choice value="profit"/>
  </Choices>
  <Number name="amount" toName="text" perRegion="true"/>
  <TextArea name="period" toName="text" perRegion="true"/>
  <Choices name="topic" toName="text" choice="multiple">
    <Choice value="export controls"/><Choice value="earnings"/><Choice value="chips"/>
  </Choices>
</View>"""


def test_label_studio_converter_reads_per_region_values_and_document_choices(
    structured: Project, tmp_path: Path
) -> None:
    converter_module = pytest.importorskip("label_studio_converter")
    out = tmp_path / "tasks.json"
    export_dataset(structured, out, "label-studio")
    converter = converter_module.Converter(LABEL_STUDIO_CONFIG, project_dir=None)
    converter.convert_to_json_min(str(out), str(tmp_path / "min"), is_dir=False)
    rows = json.loads((tmp_path / "min" / "result.json").read_text(encoding="utf-8"))
    alice = next(row for row in rows if row["text"] == TEXT and "period" in row)
    assert alice["metric"] == "revenue" and alice["period"] == "Q3 2025"
    (amount,) = alice["amount"]
    assert amount["number"] == 4.1e9 and TEXT[amount["start"] : amount["end"]] == "revenue of ¥4.1 billion"
    assert sorted(alice["topic"]["choices"]) == ["earnings", "export controls"]
