"""Review of relations, attributes and document labels: the differences between two layers, and taking
one side's into the gold layer with provenance, undone and redone, stale decisions refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.errors import ConflictError, SpanError
from annotator.domain.structure_diff import RelationMatch
from annotator.services import adjudication, reading, structure_review
from annotator.services.project import Project
from annotator.storage import gold_structure
from tests.formats.structured import TEXT, at, build


@pytest.fixture
def reviewed(empty_project: Project, tmp_path: Path) -> tuple[Project, str]:
    build(empty_project, tmp_path)
    document_id = next(d.id for d in reading.list_documents(empty_project) if d.source.endswith("first.txt"))
    empty_project.annotator = "rita"
    return empty_project, document_id


def test_the_differences_between_two_layers(reviewed: tuple[Project, str]) -> None:
    project, document_id = reviewed
    found = structure_review.structure_differences(project, document_id, "alice", "bob")
    # alice linked 'Huawei Technologies' to 'Huawei'; bob did not. The other three agree.
    assert [(d.side, d.match, d.relation.type) for d in found.relations] == [
        ("left", RelationMatch.ONLY, "same_company")
    ]
    assert found.relations[0].relation.source == (*at(TEXT, "Huawei Technologies"), "strategy")
    # They share the Huawei span with the same company; their money spans differ, so no shared attribute.
    assert found.attributes == []
    assert [(d.label_set, d.left, d.right) for d in found.labels] == [
        ("stance", ("negative",), ("positive",)),
        ("topic", ("earnings", "export controls"), ("export controls",)),
    ]


def test_relations_attributes_and_labels_go_into_gold_with_provenance_and_undo(
    reviewed: tuple[Project, str],
) -> None:
    project, document_id = reviewed
    alice = structure_review.layer_structure(project, document_id, "alice")
    supplies = next(r for r in alice.relations if r.type == "supplies")
    with pytest.raises(SpanError, match="spans into gold first"):
        structure_review.take_relation(project, document_id, "alice", supplies.id)
    decisions = [
        adjudication.add_gold(project, document_id, *at(TEXT, piece), label)
        for piece, label in (("Huawei", "strategy"), ("Ascend 910B", "chips"))
    ]
    taken = structure_review.take_relation(project, document_id, "alice", supplies.id)
    assert json.loads(taken.sources) == [{"relation_id": supplies.id, "annotator": "alice"}]
    assert taken.decided_by == "rita"
    with pytest.raises(ConflictError, match="already"):
        structure_review.take_relation(project, document_id, "alice", supplies.id)
    gold = structure_review.layer_structure(project, document_id, "gold")
    assert [(r.source[2], r.target[2], r.type) for r in gold.relations] == [("strategy", "chips", "supplies")]
    structure_review.remove_gold_relation(project, taken)
    assert structure_review.layer_structure(project, document_id, "gold").relations == []
    structure_review.restore_gold_relation(project, taken)
    assert len(gold_structure.gold_relations(project.database, document_id)) == 1

    huawei = (*at(TEXT, "Huawei"), "strategy")
    edit = structure_review.take_attribute(project, document_id, "alice", huawei, "company")
    assert structure_review.layer_structure(project, document_id, "gold").attributes == {
        huawei: {"company": "Huawei"}
    }
    structure_review.undo_gold_edit(project, edit, backward=True)
    assert structure_review.layer_structure(project, document_id, "gold").attributes == {}

    labels = structure_review.take_document_labels(project, document_id, "bob", "stance")
    assert gold_structure.gold_document_labels(project.database, document_id) == {"stance": ("positive",)}
    structure_review.take_document_labels(project, document_id, "alice", "stance")  # decided again
    with pytest.raises(ConflictError):
        structure_review.undo_gold_edit(project, labels, backward=True)  # stale: gold says negative now
    assert gold_structure.gold_document_labels(project.database, document_id) == {"stance": ("negative",)}
    # Taking a gold span back takes its gold relations with it.
    adjudication.undo_decision(project, decisions[1])
    assert gold_structure.gold_relations(project.database, document_id) == []


def test_a_gold_export_carries_the_gold_relations_attributes_and_labels(
    reviewed: tuple[Project, str], tmp_path: Path
) -> None:
    from annotator.services.exporting import ExportFilter, export_dataset

    project, document_id = reviewed
    for piece, label in (("Huawei", "strategy"), ("Ascend 910B", "chips")):
        adjudication.add_gold(project, document_id, *at(TEXT, piece), label)
    alice = structure_review.layer_structure(project, document_id, "alice")
    supplies = next(r for r in alice.relations if r.type == "supplies")
    structure_review.take_relation(project, document_id, "alice", supplies.id)
    structure_review.take_attribute(
        project, document_id, "alice", (*at(TEXT, "Huawei"), "strategy"), "company"
    )
    structure_review.take_document_labels(project, document_id, "bob", "stance")
    out = tmp_path / "gold.jsonl"
    export_dataset(project, out, "jsonl", ExportFilter(layer="gold"))
    record = next(
        json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if TEXT[:20] in line
    )
    spans = {s["id"]: s for s in record["spans"]}
    (relation,) = record["relations"]
    assert (spans[relation["source"]]["text"], spans[relation["target"]]["text"]) == ("Huawei", "Ascend 910B")
    assert relation["annotator"] == "gold" and relation["type"] == "supplies"
    huawei = next(s for s in record["spans"] if s["text"] == "Huawei")
    assert huawei["attributes"] == {"company": "Huawei"}
    assert record["labels"] == [{"label_set": "stance", "value": "positive", "annotator": "gold"}]
