"""Document labels, the entity list and schema files with relation types, attributes and label sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.errors import ConflictError, InputError
from annotator.domain.structure import AttributeDefinition, DocumentLabelSet, Entity, RelationType
from annotator.services import annotation, entities, labels, reading, relations, structure
from annotator.services.project import Project


def first_document(project: Project) -> str:
    return reading.list_documents(project)[0].id


def test_document_labels_single_and_multi_choice_with_keys_and_stale_views(
    project: Project, db_path: Path
) -> None:
    structure.save_document_label_set(
        project, DocumentLabelSet(name="topic", choices=("export controls", "earnings"), multiple=True)
    )
    structure.save_document_label_set(
        project, DocumentLabelSet(name="stance", choices=("positive", "negative"))
    )
    document_id = first_document(project)
    structure.toggle_document_label(project, document_id, "topic", "export controls")
    structure.toggle_document_label(project, document_id, "topic", "earnings")
    structure.toggle_document_label(project, document_id, "stance", "positive")
    edit = structure.toggle_document_label(project, document_id, "stance", "negative")
    assert edit.before == ("positive",) and edit.after == ("negative",)
    assert structure.document_labels(project, document_id) == {
        "stance": ("negative",),
        "topic": ("earnings", "export controls"),
    }
    with pytest.raises(InputError, match="takes one choice"):
        structure.set_document_labels(
            project, document_id, "stance", ["positive", "negative"], seen=["negative"]
        )
    with pytest.raises(InputError, match="no choice"):
        structure.set_document_labels(project, document_id, "stance", ["neutral"], seen=["negative"])
    with Project.open(db_path, annotator="alice") as other_window:
        structure.set_document_labels(other_window, document_id, "stance", [], seen=["negative"])
    with pytest.raises(ConflictError, match="changed since"):
        structure.set_document_labels(project, document_id, "stance", ["positive"], seen=["negative"])
    # Each annotator has their own; undo is setting back what was before.
    with Project.open(db_path, annotator="bob") as bob:
        structure.toggle_document_label(bob, document_id, "stance", "positive")
    assert structure.document_labels(project, document_id) == {"topic": ("earnings", "export controls")}
    structure.set_document_labels(
        project, document_id, "topic", ["export controls"], seen=("earnings", "export controls")
    )
    # A choice in use cannot leave the set.
    structure.toggle_document_label(project, document_id, "topic", "earnings")
    with pytest.raises(InputError, match="keep those choices"):
        structure.save_document_label_set(
            project, DocumentLabelSet(name="topic", choices=("export controls",))
        )


def test_the_entity_list_edits_searches_imports_csv_and_renames_links(
    empty_project: Project, tmp_path: Path
) -> None:
    project = empty_project
    huawei = entities.add_entity(project, "Huawei", ("华为", "Huawei Technologies", "華為"))
    entities.add_entity(project, "iFlytek", ("科大讯飞",))
    with pytest.raises(InputError, match="already names the entity 'Huawei'"):
        entities.add_entity(project, "Huawei Tech", ("华为",))
    assert [e.name for e in entities.suggest_entities(project, "华")] == ["Huawei"]
    assert [e.name for e in entities.suggest_entities(project, "huawei tech")] == ["Huawei"]
    assert [e.name for e in entities.suggest_entities(project, "FLY")] == ["iFlytek"]
    assert [e.name for e in entities.suggest_entities(project, "%")] == []

    csv_file = tmp_path / "entities.csv"
    csv_file.write_text(
        "name,aliases,description\r\nHuawei,Huawei Investment|华为,\r\n"
        "SMIC,中芯国际|Semiconductor Manufacturing "
        'International,"a foundry, Shanghai"\r\n',
        encoding="utf-8",
    )
    report = entities.import_entities_csv(project, csv_file)
    assert report == (1, 1, 0)
    smic = next(e for e in entities.list_entities(project) if e.name == "SMIC")
    assert smic.aliases == ("中芯国际", "Semiconductor Manufacturing International")
    assert smic.description == "a foundry, Shanghai"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,aliases\nA,x\n,y\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.csv, line 3"):
        entities.import_entities_csv(project, bad)
    assert "A" not in {e.name for e in entities.list_entities(project)}  # all or nothing

    # Links follow a rename of the entry, in the same transaction.
    structure.save_attribute(project, AttributeDefinition(label="strategy", name="company", kind="entity"))
    from annotator.services.importing import import_paths

    text = tmp_path / "a.txt"
    text.write_text("Huawei supplies chips to iFlytek.", encoding="utf-8")
    import_paths(project, [text])
    document_id = first_document(project)
    span = annotation.tag_span(project, document_id, 0, 6, "strategy")
    relations.set_span_attribute(project, span, "company", "Huawei", was=None)
    current = next(e for e in entities.list_entities(project) if e.id == huawei.id)
    entities.update_entity(project, current, current.model_copy(update={"name": "Huawei Technologies Co."}))
    assert relations.span_attributes(project, document_id) == {
        span.id: {"company": "Huawei Technologies Co."}
    }
    with pytest.raises(ConflictError):
        entities.delete_entity(project, current)


def test_a_schema_file_carries_relation_types_attributes_and_document_label_sets(
    project: Project, tmp_path: Path
) -> None:
    structure.save_relation_type(
        project,
        RelationType(
            name="supplies",
            colour="#e57373",
            hotkey="s",
            source_labels=("strategy",),
            target_labels=("chips",),
        ),
        seen=None,
    )
    structure.save_attribute(
        project,
        AttributeDefinition(label="financials", name="metric", kind="choice", choices=("revenue", "profit")),
    )
    structure.save_attribute(project, AttributeDefinition(label="financials", name="company", kind="entity"))
    structure.save_document_label_set(
        project, DocumentLabelSet(name="topic", choices=("export controls",), multiple=True)
    )
    saved = tmp_path / "schema.json"
    labels.save_schema(project, saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["relation_types"][0]["name"] == "supplies"
    assert data["document_labels"] == [
        {"name": "topic", "choices": ["export controls"], "multiple": True, "hotkeys": []}
    ]
    financials = next(label for label in data["labels"] if label["name"] == "financials")
    assert [a["name"] for a in financials["attributes"]] == ["metric", "company"]

    with Project.open(tmp_path / "fresh.db", annotator="bob") as fresh:
        merge = labels.load_schema(fresh, saved)
        assert "relation type supplies" in merge.summary()
        assert structure.structure_schema(fresh) == structure.structure_schema(project)
        # Loading the same file again changes nothing.
        assert labels.load_schema(fresh, saved).structure == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["relation_types"][0].update(directed="yes"), "relation_types[0].directed"),
        (lambda d: d["relation_types"][0].update(colour="red"), "relation_types[0].colour"),
        (lambda d: d["relation_types"][0].update(source_labels=["nope"]), "label 'nope'"),
        (lambda d: d["relation_types"].append(dict(d["relation_types"][0])), "listed twice"),
        (
            lambda d: d["labels"][0].update(attributes=[{"name": "x", "kind": "choice"}]),
            "needs a list of choices",
        ),
        (lambda d: d["labels"][0].update(attributes=[{"name": "x", "kind": "colour"}]), "attributes[0].kind"),
        (
            lambda d: d["labels"][0].update(attributes=[{"name": "x", "kind": "text", "colour": 1}]),
            "unknown field",
        ),
        (
            lambda d: d["document_labels"].append({"name": "stance", "choices": []}),
            "document_labels[0].choices",
        ),
        (lambda d: d.update(relations=[]), "unknown key 'relations'"),
    ],
)
def test_bad_structure_in_a_schema_file_is_refused_naming_the_field_and_nothing_changes(
    project: Project, tmp_path: Path, change, problem: str
) -> None:
    data = {
        "labels": [{"name": "chips"}, {"name": "strategy"}],
        "relation_types": [{"name": "supplies", "source_labels": ["strategy"], "target_labels": ["chips"]}],
        "document_labels": [],
    }
    change(data)
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = structure.structure_schema(project), labels.list_labels(project)
    with pytest.raises(InputError, match=problem.replace("[", r"\[").replace("]", r"\]")) as raised:
        labels.load_schema(project, path)
    assert str(path) in str(raised.value)
    assert (structure.structure_schema(project), labels.list_labels(project)) == before
    assert Entity(name="x").name == "x"
