"""Merging a colleague's relations, span attributes and document labels: carried once, checked as untrusted
input, and never touching the merging analyst's own."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.models import Span
from annotator.domain.structure import AttributeDefinition, DocumentLabelSet, RelationType
from annotator.services import annotation, reading, relations, structure
from annotator.services.merge import merge_project
from annotator.services.project import Project
from annotator.services.samples import open_project
from annotator.storage import relations as relation_rows


def article(project: Project) -> str:
    return next(d.id for d in reading.list_documents(project) if d.title.startswith("China's iFlytek"))


def tag(project: Project, needle: str, label: str) -> Span:
    document_id = article(project)
    start = reading.load_document(project, document_id).text.index(needle)
    return annotation.tag_span(project, document_id, start, start + len(needle), label)


def schema(project: Project) -> None:
    structure.save_relation_type(project, RelationType(name="same_as", directed=False, hotkey="s"), seen=None)
    structure.save_attribute(
        project, AttributeDefinition(label="models", name="stage", kind="choice", choices=("beta", "final"))
    )
    structure.save_document_label_set(project, DocumentLabelSet(name="topic", choices=("chips", "policy")))


def state(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
            for table in ("relations", "span_attributes", "document_labels", "spans", "relation_types")
        }
    finally:
        conn.close()


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    mine, theirs = tmp_path / "alice.db", tmp_path / "bob.db"
    with open_project(mine, annotator="alice", samples=True) as alice:
        a, b = tag(alice, "iFlytek", "strategy"), tag(alice, "Huawei", "chips")
        structure.save_relation_type(alice, RelationType(name="supplies"), seen=None)
        relations.add_relation(alice, a, b, "supplies")
    with open_project(theirs, annotator="bob", samples=True) as bob:
        schema(bob)
        x, y = tag(bob, "iFlytek", "models"), tag(bob, "Huawei", "chips")
        relations.add_relation(bob, x, y, "same_as", note="one company")
        relations.set_span_attribute(bob, x, "stage", "beta", was=None)
        structure.set_document_labels(bob, article(bob), "topic", ["chips"], seen=[])
    return mine, theirs


def test_their_structure_arrives_once_with_their_schema(pair: tuple[Path, Path]) -> None:
    mine, theirs = pair
    with Project.open(mine, annotator="alice") as alice:
        report = merge_project(alice, theirs)
        document_id = article(alice)
        shown = relation_rows.relations_for_document(alice.database, document_id, ["bob"])
        assert [(r.type, r.note) for r in shown] == [("same_as", "one company")]
        bobs = {s.id: s for s in reading.document_spans(alice, document_id) if s.annotator == "bob"}
        assert relation_rows.attributes_for_document(alice.database, document_id) == {
            next(i for i, s in bobs.items() if s.label == "models"): {"stage": "beta"}
        }
        assert [
            (x.annotator, x.value) for x in relation_rows.document_labels(alice.database, document_id)
        ] == [("bob", "chips")]
        kept = structure.structure_schema(alice)
        # Their schema arrives without their keys; ours is kept.
        assert {t.name: t.hotkey for t in kept.relation_types} == {"supplies": "", "same_as": ""}
        s = report.structure
        assert (s.relations_added, s.attributes_set, s.document_labels_added) == (1, 1, 1)
        assert "relation type same_as" in s.schema_added
        assert "relations: 1 added" in report.summary()
    before = state(mine)
    with Project.open(mine, annotator="alice") as alice:
        again = merge_project(alice, theirs).structure
    assert (again.relations_added, again.relations_updated, again.attributes_set) == (0, 0, 0)
    assert again.document_labels_added == 0
    assert state(mine) == before


def test_their_later_change_updates_and_our_own_layer_is_never_touched(pair: tuple[Path, Path]) -> None:
    mine, theirs = pair
    with Project.open(mine, annotator="alice") as alice:
        merge_project(alice, theirs)
    with Project.open(theirs, annotator="bob") as bob:
        (relation,) = relation_rows.relations_for_document(bob.database, article(bob))
        relations.set_relation_note(bob, relation, "the same company")
    with Project.open(mine, annotator="alice") as alice:
        ours_before = [
            r
            for r in relation_rows.relations_for_document(alice.database, article(alice))
            if r.annotator == "alice"
        ]
        report = merge_project(alice, theirs).structure
        assert report.relations_updated == 1
        notes = {
            r.annotator: r.note for r in relation_rows.relations_for_document(alice.database, article(alice))
        }
        assert notes["bob"] == "the same company"
        ours_after = [
            r
            for r in relation_rows.relations_for_document(alice.database, article(alice))
            if r.annotator == "alice"
        ]
        assert ours_after == ours_before
    with Project.open(mine, annotator="bob") as bob_here:
        # Merging Bob's own file as Bob skips every one of Bob's rows.
        report = merge_project(bob_here, theirs).structure
        assert report.relations_added == report.relations_updated == report.attributes_set == 0
        assert report.skipped


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        ("UPDATE relations SET type = 'owns'", r"table relations, record 1 .*type 'owns'"),
        (
            "DELETE FROM spans WHERE label = 'chips'",
            r"table relations, record 1.*two spans of its own article",
        ),
        (
            "UPDATE span_attributes SET value = '\"alpha\"'",
            r"table span_attributes, record 1.*'stage' is one of",
        ),
        ("UPDATE span_attributes SET value = 'not json'", r"table span_attributes, record 1"),
        ("UPDATE document_labels SET value = 'sport'", r"table document_labels, record 1.*'sport'"),
        ("UPDATE relation_types SET source_labels = '[1]'", r"table relation_types, record 1.*list of names"),
        ("UPDATE document_label_sets SET multiple = 2", r"table document_label_sets, record 1.*0 or 1"),
    ],
)
def test_a_bad_row_names_the_file_and_record_and_nothing_changes(
    pair: tuple[Path, Path], change: str, pattern: str
) -> None:
    mine, theirs = pair
    conn = sqlite3.connect(theirs)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(change)
    conn.commit()
    conn.close()
    before = state(mine)
    with Project.open(mine, annotator="alice") as alice, pytest.raises(InputError, match=pattern) as error:
        merge_project(alice, theirs)
    assert str(theirs) in str(error.value)
    assert state(mine) == before
