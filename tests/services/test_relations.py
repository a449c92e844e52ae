"""Relations and span attributes through the services, on real project files: one transaction per
action, stale edits refused, a span's relations and attributes deleted with it and brought back by undo."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import ConflictError, NotAllowedError, SpanError
from annotator.domain.structure import AttributeDefinition, AttributeKind, RelationType
from annotator.services import annotation, labels, reading, relations, structure
from annotator.services.labels import DELETE_SPANS
from annotator.services.project import Project
from annotator.storage import relations as relation_rows
from annotator.storage.migrations import known_migrations
from tests.formats.structured import relation_total


def documents(project: Project) -> list[str]:
    return [d.id for d in reading.list_documents(project)]


@pytest.fixture
def linked(project: Project) -> Project:
    structure.save_relation_type(
        project,
        RelationType(name="supplies", source_labels=("strategy",), target_labels=("chips",)),
        seen=None,
    )
    structure.save_relation_type(project, RelationType(name="same_as", directed=False), seen=None)
    structure.save_attribute(
        project,
        AttributeDefinition(label="financials", name="metric", kind="choice", choices=("revenue", "profit")),
    )
    structure.save_attribute(project, AttributeDefinition(label="financials", name="amount", kind="number"))
    structure.save_attribute(project, AttributeDefinition(label="financials", name="audited", kind="boolean"))
    return project


def test_the_migration_is_registered_after_the_ones_it_builds_on() -> None:
    names = known_migrations()
    assert names == sorted(names)  # applied in the order of their numbers
    assert names.index("0014_structured_annotation") == names.index("0013_annotation_sessions") + 1
    assert names.index("0014_structured_annotation") > names.index("0010_suggestions")


def test_a_relation_links_two_spans_and_respects_the_type_s_labels(linked: Project) -> None:
    document_id = documents(linked)[0]
    company = annotation.tag_span(linked, document_id, 0, 4, "strategy")
    chip = annotation.tag_span(linked, document_id, 10, 14, "chips")
    relation = relations.add_relation(linked, company, chip, "supplies")
    assert relation_rows.relations_for_document(linked.database, document_id) == [relation]
    with pytest.raises(SpanError, match="goes from strategy to chips"):
        relations.add_relation(linked, chip, company, "supplies")
    # A symmetric type accepts either order, and any labels.
    relations.add_relation(linked, chip, company, "same_as")
    with pytest.raises(SpanError, match="no relation type"):
        relations.add_relation(linked, company, chip, "owns")
    with pytest.raises(SpanError, match="two different spans"):
        relations.add_relation(linked, company, company, "same_as")


def test_relations_across_two_articles_are_refused_by_the_service_and_by_the_database(
    linked: Project,
) -> None:
    first, second = documents(linked)[:2]
    a = annotation.tag_span(linked, first, 0, 4, "chips")
    b = annotation.tag_span(linked, second, 0, 4, "chips")
    with pytest.raises(SpanError, match="two articles"):
        relations.add_relation(linked, a, b, "same_as")
    # Any other writer meets the trigger.
    assert linked.database.path is not None
    other = sqlite3.connect(linked.database.path)
    with pytest.raises(sqlite3.IntegrityError, match="its own article"):
        other.execute(
            "INSERT INTO relations VALUES ('x', ?, ?, ?, 'same_as', 'alice', '', 't', 't')",
            (first, a.id, b.id),
        )
    other.close()
    assert relation_total(linked) == 0


def test_only_the_owner_links_their_spans_and_stale_relation_edits_are_refused(
    linked: Project, db_path: Path
) -> None:
    document_id = documents(linked)[0]
    a = annotation.tag_span(linked, document_id, 0, 4, "chips")
    b = annotation.tag_span(linked, document_id, 10, 14, "chips")
    seen = relations.add_relation(linked, a, b, "same_as")
    with Project.open(db_path, annotator="bob") as bob:
        with pytest.raises(NotAllowedError):
            relations.add_relation(bob, a, b, "same_as")
        with pytest.raises(NotAllowedError):
            relations.remove_relation(bob, seen)
    with Project.open(db_path, annotator="alice") as other_window:
        relations.set_relation_note(other_window, seen, "from the other window")
    for attempt in (
        lambda: relations.remove_relation(linked, seen),
        lambda: relations.set_relation_note(linked, seen, "mine"),
        lambda: relations.retype_relation(linked, seen, "same_as"),
    ):
        with pytest.raises(ConflictError):
            attempt()
    (stored,) = relation_rows.relations_for_document(linked.database, document_id)
    assert stored.note == "from the other window"


def test_deleting_a_span_deletes_its_relations_and_attributes_and_undo_brings_all_back(
    linked: Project,
) -> None:
    document_id = documents(linked)[0]
    money = annotation.tag_span(linked, document_id, 0, 4, "financials")
    other = annotation.tag_span(linked, document_id, 10, 14, "financials")
    third = annotation.tag_span(linked, document_id, 20, 24, "chips")
    r1 = relations.add_relation(linked, money, other, "same_as")
    r2 = relations.add_relation(linked, third, money, "same_as")
    kept = relations.add_relation(linked, other, third, "same_as")
    relations.set_span_attribute(linked, money, "metric", "revenue", was=None)
    relations.set_span_attribute(linked, money, "amount", 4.1e9, was=None)

    removed = annotation.delete_span(linked, money)
    assert {r.id for r in removed.relations} == {r1.id, r2.id}
    assert dict(removed.attributes) == {"amount": 4.1e9, "metric": "revenue"}
    assert [r.id for r in relation_rows.relations_for_document(linked.database, document_id)] == [kept.id]
    assert relation_rows.attributes_of_spans(linked.database, [money.id]) == {}

    annotation.undelete_span(linked, removed)
    after = relation_rows.relations_for_document(linked.database, document_id)
    assert {r.id: r for r in after} == {r.id: r for r in (r1, r2, kept)}
    assert relation_rows.attributes_of_spans(linked.database, [money.id]) == {
        money.id: {"amount": 4.1e9, "metric": "revenue"}
    }


def test_undo_of_a_span_deletion_is_refused_whole_when_a_related_span_is_gone(linked: Project) -> None:
    document_id = documents(linked)[0]
    a = annotation.tag_span(linked, document_id, 0, 4, "chips")
    b = annotation.tag_span(linked, document_id, 10, 14, "chips")
    relations.add_relation(linked, a, b, "same_as")
    removed = annotation.delete_span(linked, a)
    annotation.remove_span(linked, b)
    with pytest.raises(ConflictError, match="was deleted since"):
        annotation.undelete_span(linked, removed)
    # Nothing of the refused step stayed: not even the span itself.
    assert relation_total(linked) == 0
    assert annotation.span_rows.find_span(linked.database, a.id) is None


def test_deleting_a_label_takes_its_relations_attributes_and_definitions_and_undo_restores_them(
    linked: Project,
) -> None:
    document_id = documents(linked)[0]
    money = annotation.tag_span(linked, document_id, 0, 4, "financials")
    chip = annotation.tag_span(linked, document_id, 10, 14, "chips")
    relation = relations.add_relation(linked, money, chip, "same_as")
    relations.set_span_attribute(linked, money, "audited", True, was=None)
    deleted = labels.delete_label(linked, "financials", DELETE_SPANS)
    assert relation_total(linked) == 0
    assert not [d for d in structure.structure_schema(linked).attributes if d.label == "financials"]
    labels.restore_label(linked, deleted)
    assert relation_rows.relations_for_document(linked.database, document_id) == [relation]
    assert relation_rows.attributes_of_spans(linked.database, [money.id]) == {money.id: {"audited": True}}
    assert len([d for d in structure.structure_schema(linked).attributes if d.label == "financials"]) == 3


def test_attributes_are_checked_against_their_definition_and_stale_values_refused(
    linked: Project, db_path: Path
) -> None:
    document_id = documents(linked)[0]
    money = annotation.tag_span(linked, document_id, 0, 4, "financials")
    chip = annotation.tag_span(linked, document_id, 10, 14, "chips")
    for name, value, problem in (
        ("metric", "turnover", "one of revenue, profit"),
        ("amount", "4.1bn", "is a number"),
        ("amount", True, "is a number"),
        ("amount", float("nan"), "is a number"),
        ("audited", "yes", "yes/no"),
        ("colour", "red", "no attribute"),
    ):
        with pytest.raises(SpanError, match=problem):
            relations.set_span_attribute(linked, money, name, value, was=None)
    with pytest.raises(SpanError, match="no attribute"):
        relations.set_span_attribute(linked, chip, "metric", "revenue", was=None)
    edit = relations.set_span_attribute(linked, money, "amount", 3, was=None)
    assert edit.before is None and edit.after == 3
    with Project.open(db_path, annotator="alice") as other_window:
        relations.set_span_attribute(other_window, money, "amount", 4, was=3)
    with pytest.raises(ConflictError):
        relations.set_span_attribute(linked, money, "amount", 5, was=3)
    # True and 1 compare equal in Python; a stored 1 is not what a caller saw as True.
    relations.set_span_attribute(linked, money, "audited", True, was=None)
    relations.set_span_attribute(linked, money, "amount", None, was=4)
    assert relation_rows.attributes_of_spans(linked.database, [money.id]) == {money.id: {"audited": True}}


def test_attribute_and_relation_type_definitions_cannot_strand_stored_values(linked: Project) -> None:
    document_id = documents(linked)[0]
    money = annotation.tag_span(linked, document_id, 0, 4, "financials")
    chip = annotation.tag_span(linked, document_id, 10, 14, "chips")
    relations.set_span_attribute(linked, money, "metric", "profit", was=None)
    with pytest.raises(Exception, match="does not fit"):
        structure.save_attribute(
            linked,
            AttributeDefinition(label="financials", name="metric", kind="choice", choices=("revenue",)),
        )
    relation = relations.add_relation(linked, money, chip, "same_as")
    (same_as,) = [t for t in structure.structure_schema(linked).relation_types if t.name == "same_as"]
    # A rename carries the relations along.
    structure.save_relation_type(linked, same_as.model_copy(update={"name": "identical"}), seen=same_as)
    (stored,) = relation_rows.relations_for_document(linked.database, document_id)
    assert stored.id == relation.id and stored.type == "identical"
    assert AttributeKind("entity") is AttributeKind.ENTITY
