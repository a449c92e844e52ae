"""Curation of relations, attributes and document labels over every annotator of an article, on a real
project file: each distinct reading with who gave it, and taken into gold with its provenance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.errors import SpanError
from annotator.services import adjudication, reading, structure_review
from annotator.services.project import Project
from annotator.services.structure_curation import ReadingKind, curate_structure, take_structure_reading
from annotator.storage import gold_structure
from tests.formats.structured import TEXT, at, build


@pytest.fixture
def curated(empty_project: Project, tmp_path: Path) -> tuple[Project, str]:
    build(empty_project, tmp_path)
    document_id = next(d.id for d in reading.list_documents(empty_project) if d.source.endswith("first.txt"))
    empty_project.annotator = "rita"
    return empty_project, document_id


def test_every_reading_with_its_annotators_and_agreement(curated: tuple[Project, str]) -> None:
    project, document_id = curated
    found = curate_structure(project, document_id)
    assert found.annotators == ("alice", "bob")
    relations = [(r.subject, r.annotators, r.agreement) for r in found.of_kind(ReadingKind.RELATION)]
    # In reading order of the source; a symmetric relation is one reading whichever way it was drawn.
    assert relations == [
        ("supplies: strategy “Huawei” → chips “Ascend 910B”", ("alice", "bob"), "2 of 2"),
        ("same_company: strategy “Huawei” ↔ strategy “华为”", ("alice", "bob"), "2 of 2"),
        ("same_company: strategy “Huawei” ↔ strategy “Huawei Technologies”", ("alice",), "1 of 2"),
        ("trains_on: strategy “iFlytek” → chips “Ascend 910B”", ("alice", "bob"), "2 of 2"),
    ]
    company = [r for r in found.of_kind(ReadingKind.ATTRIBUTE) if r.name == "company"]
    assert [(r.subject, r.value, r.annotators) for r in company] == [
        ("company of strategy “Huawei”", "Huawei", ("alice", "bob"))
    ]
    labels = [(r.subject, r.value, r.annotators) for r in found.of_kind(ReadingKind.LABELS)]
    assert labels == [
        ("topic", "earnings, export controls", ("alice",)),
        ("topic", "export controls", ("bob",)),
        ("stance", "negative", ("alice",)),
        ("stance", "positive", ("bob",)),
    ]
    assert not any(r.in_gold for r in found.readings)


def test_a_reading_goes_into_gold_with_its_annotator_as_provenance(curated: tuple[Project, str]) -> None:
    project, document_id = curated
    found = curate_structure(project, document_id)
    supplies = next(r for r in found.of_kind(ReadingKind.RELATION) if r.subject.startswith("supplies"))
    with pytest.raises(SpanError, match="spans into gold first"):
        take_structure_reading(project, document_id, supplies)
    for piece, label in (("Huawei", "strategy"), ("Ascend 910B", "chips")):
        adjudication.add_gold(project, document_id, *at(TEXT, piece), label)
    taken = take_structure_reading(project, document_id, supplies)
    assert isinstance(taken, structure_review.GoldRelation)
    assert json.loads(taken.sources)[0]["annotator"] == "alice" and taken.decided_by == "rita"
    stance = next(r for r in found.of_kind(ReadingKind.LABELS) if r.value == "positive")
    take_structure_reading(project, document_id, stance)
    assert gold_structure.gold_document_labels(project.database, document_id) == {"stance": ("positive",)}
    company = next(r for r in found.of_kind(ReadingKind.ATTRIBUTE) if r.name == "company")
    take_structure_reading(project, document_id, company)
    again = curate_structure(project, document_id)
    assert {(r.kind, r.subject, r.value) for r in again.readings if r.in_gold} == {
        (ReadingKind.RELATION, supplies.subject, ""),
        (ReadingKind.LABELS, "stance", "positive"),
        (ReadingKind.ATTRIBUTE, "company of strategy “Huawei”", "Huawei"),
    }
