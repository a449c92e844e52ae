"""Renaming and deleting relation types, label attributes and document label sets on a real project
file: renames carry the data along, deletions take it along and give it back, refusals say why."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import ConflictError, InputError, NotAllowedError
from annotator.domain.structure import AttributeDefinition, AttributeKind, DocumentLabelSet, RelationType
from annotator.services import adjudication, labels, reading, structure, structure_review
from annotator.services import structure_editing as editing
from annotator.services.project import Project
from annotator.storage import gold_structure
from tests.formats.structured import TEXT, at, build, facts


@pytest.fixture
def built(empty_project: Project, tmp_path: Path) -> tuple[Project, str]:
    build(empty_project, tmp_path)
    document_id = next(d.id for d in reading.list_documents(empty_project) if d.source.endswith("first.txt"))
    return empty_project, document_id


def schema_part(project: Project, name: str) -> RelationType | DocumentLabelSet:
    schema = structure.structure_schema(project)
    return next(p for p in (*schema.relation_types, *schema.document_label_sets) if p.name == name)


def attribute(project: Project, label: str, name: str) -> AttributeDefinition:
    return next(
        d for d in structure.structure_schema(project).attributes if (d.label, d.name) == (label, name)
    )


def test_renaming_a_relation_type_keeps_its_relations(built: tuple[Project, str]) -> None:
    project, _ = built
    supplies = schema_part(project, "supplies")
    assert isinstance(supplies, RelationType)
    before = facts(project)
    editing.save_relation_type(project, supplies.model_copy(update={"name": "sells_to"}), seen=supplies)
    after = facts(project)
    renamed = [r for r in after["relations"] if r[2] == "sells_to"]  # type: ignore[union-attr]
    assert len(renamed) == 3 and not [r for r in after["relations"] if r[2] == "supplies"]  # type: ignore[union-attr]
    assert len(after["relations"]) == len(before["relations"])  # type: ignore[arg-type]
    with pytest.raises(ConflictError, match="was changed since you saw it"):
        editing.save_relation_type(project, supplies, seen=supplies)


def test_names_that_are_taken_or_reserved_are_refused(built: tuple[Project, str]) -> None:
    project, _ = built
    supplies = schema_part(project, "supplies")
    assert isinstance(supplies, RelationType)
    with pytest.raises(InputError, match="already a relation type called 'trains_on'"):
        editing.save_relation_type(project, supplies.model_copy(update={"name": "trains_on"}), seen=supplies)
    with pytest.raises(NotAllowedError, match="'Equiv' is a reserved name for a relation type"):
        editing.save_relation_type(project, RelationType(name="Equiv"), seen=None)
    metric = attribute(project, "financials", "metric")
    with pytest.raises(InputError, match="already has an attribute called 'amount'"):
        editing.save_attribute(project, metric.model_copy(update={"name": "amount"}), seen=metric)
    with pytest.raises(NotAllowedError, match="'Annotator' is a reserved name"):
        editing.save_attribute(
            project, AttributeDefinition(label="chips", name="Annotator", kind="text"), seen=None
        )
    with pytest.raises(NotAllowedError, match="reserved"):
        editing.save_document_label_set(project, DocumentLabelSet(name="gold", choices=("yes",)), seen=None)
    # A value that no longer fits the changed kind is refused, and nothing changes.
    with pytest.raises(InputError, match="does not fit"):
        editing.save_attribute(
            project, metric.model_copy(update={"kind": AttributeKind.NUMBER, "choices": ()}), seen=metric
        )
    assert attribute(project, "financials", "metric") == metric


def test_renaming_an_attribute_carries_the_values_of_its_label_only(built: tuple[Project, str]) -> None:
    project, document_id = built
    editing.save_attribute(project, AttributeDefinition(label="chips", name="metric", kind="text"), seen=None)
    metric = attribute(project, "financials", "metric")
    adjudication.add_gold(project, document_id, *at(TEXT, "revenue of ¥4.1 billion"), "financials")
    structure_review.take_attribute(
        project, document_id, "alice", (*at(TEXT, "revenue of ¥4.1 billion"), "financials"), "metric"
    )
    editing.save_attribute(project, metric.model_copy(update={"name": "measure"}), seen=metric)
    values = [a for a in facts(project)["attributes"] if a[1] in ("metric", "measure")]  # type: ignore[union-attr]
    assert {a[1] for a in values} == {"measure"} and len(values) == 2  # alice's and bob's
    gold = structure_review.layer_structure(project, document_id, "gold").attributes
    assert list(gold.values()) == [{"measure": "revenue"}]
    assert [d.name for d in structure.structure_schema(project).attributes if d.label == "chips"] == [
        "metric"
    ]


@pytest.mark.parametrize("part", ["relation type", "attribute", "document label set"])
def test_a_deletion_takes_its_data_along_and_undo_brings_both_back(
    built: tuple[Project, str], part: str
) -> None:
    project, document_id = built
    for piece, label in (("Huawei", "strategy"), ("Ascend 910B", "chips")):
        adjudication.add_gold(project, document_id, *at(TEXT, piece), label)
    alice = structure_review.layer_structure(project, document_id, "alice")
    supplies = next(r for r in alice.relations if r.type == "supplies")
    structure_review.take_relation(project, document_id, "alice", supplies.id)
    structure_review.take_document_labels(project, document_id, "alice", "topic")
    before = facts(project)
    gold_before = gold_structure.all_gold_structure(project.database)
    schema_before = structure.structure_schema(project)
    deleted: editing.DeletedRelationType | editing.DeletedAttribute | editing.DeletedLabelSet
    if part == "relation type":
        seen = schema_part(project, "supplies")
        assert isinstance(seen, RelationType)
        deleted = editing.delete_relation_type(project, seen)
        assert deleted.rows.total == 4  # alice's two, bob's one, gold's one
        assert not [r for r in facts(project)["relations"] if r[2] == "supplies"]  # type: ignore[union-attr]
    elif part == "attribute":
        deleted = editing.delete_attribute(project, attribute(project, "financials", "amount"))
        assert deleted.rows.total == 2
        assert not [a for a in facts(project)["attributes"] if a[1] == "amount"]  # type: ignore[union-attr]
    else:
        seen = schema_part(project, "topic")
        assert isinstance(seen, DocumentLabelSet)
        deleted = editing.delete_document_label_set(project, seen)
        assert deleted.rows.total == 6  # alice 2 + bob 1 on the first article, alice 1 on the second, gold 2
        assert not [x for x in facts(project)["labels"] if x[2] == "topic"]  # type: ignore[union-attr]
    assert structure.structure_schema(project) != schema_before
    editing.restore_part(project, deleted)
    assert facts(project) == before
    assert gold_structure.all_gold_structure(project.database) == gold_before
    assert structure.structure_schema(project) == schema_before
    editing.delete_part(project, deleted)  # redo
    assert facts(project) != before
    editing.restore_part(project, deleted)
    assert facts(project) == before


def test_renaming_a_label_set_and_its_choices_keeps_the_articles_labels(built: tuple[Project, str]) -> None:
    project, document_id = built
    topic = schema_part(project, "topic")
    assert isinstance(topic, DocumentLabelSet)
    changed = topic.model_copy(update={"name": "subject", "choices": ("sanctions", "earnings", "chips")})
    editing.save_document_label_set(
        project, changed, seen=topic, renamed_choices={"export controls": "sanctions"}
    )
    chosen = structure.document_labels(project, document_id, "alice")
    assert sorted(chosen["subject"]) == ["earnings", "sanctions"] and "topic" not in chosen
    # Dropping a choice articles still have is refused, and nothing changes.
    subject = schema_part(project, "subject")
    assert isinstance(subject, DocumentLabelSet)
    with pytest.raises(InputError, match="keep those choices"):
        editing.save_document_label_set(
            project, subject.model_copy(update={"choices": ("earnings", "chips")}), seen=subject
        )
    assert schema_part(project, "subject") == subject


def test_a_renamed_label_stays_a_relation_type_s_source(built: tuple[Project, str]) -> None:
    project, _ = built
    labels.update_label(project, "strategy", new_name="company")
    supplies = schema_part(project, "supplies")
    assert isinstance(supplies, RelationType)
    assert (supplies.source_labels, supplies.target_labels) == (("company",), ("chips",))
    assert supplies.refusal("company", "chips") is None
