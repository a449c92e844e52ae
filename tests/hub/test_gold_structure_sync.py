"""What a curator takes into gold beyond spans reaches everyone: gold relations, gold span attributes and
gold document labels, with who decided and where they came from; undoing it travels too, an annotator's
gold decisions stay hers, and a gold relation whose gold spans are not here is skipped and counted."""

from __future__ import annotations

import psycopg

from annotator.services.adjudication import Decision, decide, document_candidates, undo_decision
from annotator.services.project import Project
from annotator.services.structure_curation import ReadingKind, curate_structure, take_structure_reading
from annotator.services.structure_review import (
    GoldEdit,
    GoldRelation,
    remove_gold_relation,
    take_attribute,
    undo_gold_edit,
)
from annotator.services.sync import sync
from annotator.storage import gold_structure as gold_rows
from tests.hub.team import ARTICLES, document_id
from tests.hub.test_structure_sync import annotate
from tests.hub.test_structure_sync import team as team  # the fixture: carol's schema, alice and bob

GOLD_KINDS = ("gold_relations", "gold_span_attributes", "gold_document_labels")


def gold_structure(project: Project) -> tuple[object, ...]:
    """The gold layer's relations, attributes and labels of the first article, with provenance."""
    db = project.database
    relations = [
        tuple(row)
        for row in db.conn.execute(
            "SELECT r.id, s.start, t.start, r.type, r.sources, r.decided_by, r.decided_at "
            "FROM gold_relations r JOIN gold_spans s ON s.id = r.source_id "
            "JOIN gold_spans t ON t.id = r.target_id ORDER BY r.id"
        )
    ]
    attributes = [
        tuple(row)
        for row in db.conn.execute(
            "SELECT span_id, name, value, source, decided_by, decided_at "
            "FROM gold_span_attributes ORDER BY 1, 2"
        )
    ]
    labels = [
        tuple(row)
        for row in db.conn.execute(
            "SELECT d.sha256, l.label_set, l.value, l.source, l.decided_by, l.decided_at "
            "FROM gold_document_labels l JOIN documents d ON d.id = l.document_id ORDER BY 1, 2, 3"
        )
    ]
    return relations, attributes, labels


def curate(carol: Project) -> tuple[Decision, list[GoldRelation | GoldEdit]]:
    """carol decides both annotators' spans into gold, then takes a relation, an attribute and the
    article's labels through the curation view's service; returns what undo needs."""
    doc = document_id(carol, ARTICLES[0])
    candidates = document_candidates(carol, doc, ["alice", "bob"])
    decision = decide(carol, [span for c in candidates for span in c.supporters], [], ["alice", "bob"])
    readings = curate_structure(carol, doc)
    chosen = [
        next(r for r in readings.of_kind(ReadingKind.RELATION) if r.layer == "alice"),
        next(r for r in readings.of_kind(ReadingKind.ATTRIBUTE) if r.layer == "bob"),
        next(r for r in readings.of_kind(ReadingKind.LABELS)),
    ]
    return decision, [take_structure_reading(carol, doc, reading) for reading in chosen]


def test_the_curators_gold_structure_reaches_everyone_with_provenance(team: dict[str, Project]) -> None:
    carol, alice, bob = team["carol"], team["alice"], team["bob"]
    annotate(alice, "alice's")
    annotate(bob, "bob's")
    for project in (alice, bob, carol):
        sync(project)
    _, taken = curate(carol)
    report = sync(carol)
    assert [report.sent[kind] for kind in GOLD_KINDS] == [1, 1, 1]
    expected = gold_structure(carol)
    relations, attributes, labels = expected
    assert len(relations) == len(attributes) == len(labels) == 1
    assert '"annotator": "alice"' in str(relations[0][4]) and relations[0][5] == "carol"
    assert attributes[0][2:5] == ('"bob\'s"', "bob", "carol")
    assert labels[0][1:3] == ("topic", "export_controls")
    for project in (alice, bob):
        report = sync(project)
        assert not report.problems and not report.missing_here
        assert gold_structure(project) == expected
        assert sync(project).sent.total() == 0  # what arrived is not sent back

    # Undo travels: the relation, the attribute and the labels leave gold everywhere.
    relation, attribute, chosen_labels = taken
    assert isinstance(relation, GoldRelation)
    assert isinstance(attribute, GoldEdit) and isinstance(chosen_labels, GoldEdit)
    remove_gold_relation(carol, relation)
    undo_gold_edit(carol, attribute, backward=True)
    undo_gold_edit(carol, chosen_labels, backward=True)
    report = sync(carol)
    assert [report.sent[kind] for kind in GOLD_KINDS] == [1, 1, 1]
    for project in (alice, bob):
        sync(project)
        assert gold_structure(project) == ([], [], [])
    # ...and redone, it is there again.
    take_structure_reading(
        carol, relation.document_id, next(iter(curate_structure(carol, relation.document_id).readings))
    )
    sync(carol)
    sync(alice)
    assert gold_structure(alice) == gold_structure(carol) != ([], [], [])


def test_an_annotators_gold_structure_is_kept_local(team: dict[str, Project], hub_url: str) -> None:
    carol, alice, bob = team["carol"], team["alice"], team["bob"]
    annotate(alice, "alice's")
    annotate(bob, "bob's")
    for project in (alice, bob, carol):
        sync(project)
    curate(carol)
    sync(carol)
    sync(alice)
    # alice takes her own attribute value into her copy of gold: not hers to send.
    take_attribute(alice, document_id(alice, ARTICLES[0]), "alice", (0, 6, "chips"), "maker")
    report = sync(alice)
    assert report.kept_local["gold_span_attributes"] == 1 and report.sent.total() == 0
    with psycopg.connect(hub_url) as conn:
        assert conn.execute("SELECT value, deleted FROM gold_span_attributes").fetchall() == [
            ('"bob\'s"', False)
        ]


def test_a_gold_relation_without_its_gold_spans_here_is_skipped_and_counted(
    team: dict[str, Project], hub_url: str
) -> None:
    alice = team["alice"]
    text = ARTICLES[0]
    with psycopg.connect(hub_url, autocommit=True) as admin:
        sha = admin.execute("SELECT sha256 FROM documents WHERE text = %s", (text,)).fetchone()[0]  # type: ignore[index]
        # A gold span that fails the checks here (its text is not the article's), and a good one.
        for span_id, start, end, quoted in (("g-bad", 0, 6, "wrong!"), ("g-ok", 19, 30, text[19:30])):
            admin.execute(
                'INSERT INTO gold_spans (id, document, start, "end", label, text, decided_by, decided_at) '
                "VALUES (%s, %s, %s, %s, 'chips', %s, 'carol', 'now')",
                (span_id, sha, start, end, quoted),
            )
        admin.execute(
            "INSERT INTO gold_relations (id, document, source, target, type, decided_by, decided_at) "
            "VALUES ('gr', %s, 'g-bad', 'g-ok', 'supplies', 'carol', 'now')",
            (sha,),
        )
        admin.execute(
            "INSERT INTO gold_span_attributes (span, name, document, value, decided_by, decided_at) "
            "VALUES ('g-bad', 'maker', %s, '\"x\"', 'carol', 'now')",
            (sha,),
        )
    report = sync(alice)
    assert report.missing_here["gold relations"] == 1
    assert report.missing_here["gold span attributes"] == 1
    assert len(report.problems) == 1 and "gold_spans" in report.problems[0]  # the bad span, not the rest
    assert gold_structure(alice)[:2] == ([], [])
    assert gold_rows.gold_relations(alice.database, document_id(alice, text)) == []


def test_bad_gold_structure_from_the_hub_is_skipped_and_named(team: dict[str, Project], hub_url: str) -> None:
    alice = team["alice"]
    text = ARTICLES[0]
    with psycopg.connect(hub_url, autocommit=True) as admin:
        sha = admin.execute("SELECT sha256 FROM documents WHERE text = %s", (text,)).fetchone()[0]  # type: ignore[index]
        for span_id, start, end in (("g-1", 0, 6), ("g-2", 19, 30)):
            admin.execute(
                'INSERT INTO gold_spans (id, document, start, "end", label, text, decided_by, decided_at) '
                "VALUES (%s, %s, %s, %s, 'chips', %s, 'carol', 'now')",
                (span_id, sha, start, end, text[start:end]),
            )
        admin.execute(
            "INSERT INTO gold_relations "
            "(id, document, source, target, type, sources, decided_by, decided_at) "
            "VALUES ('bad-sources', %s, 'g-1', 'g-2', 'supplies', 'nope', 'carol', 'now'), "
            "('no-one', %s, 'g-1', 'g-2', 'supplies', '[]', ' ', 'now'), "
            "('good', %s, 'g-1', 'g-2', 'supplies', '[]', 'carol', 'now')",
            (sha, sha, sha),
        )
        admin.execute(
            "INSERT INTO gold_span_attributes (span, name, document, value, decided_by, decided_at) "
            "VALUES ('g-1', 'maker', %s, 'not json', 'carol', 'now'), "
            "('g-2', 'maker', %s, '[1]', 'carol', 'now')",
            (sha, sha),
        )
        admin.execute(
            "INSERT INTO gold_document_labels (document, label_set, value, decided_by, decided_at) "
            "VALUES (%s, 'topic', 'not a choice', 'carol', 'now'), (%s, 'topic', 'funding', 'carol', 'now')",
            (sha, sha),
        )
    report = sync(alice)
    problems = "\n".join(report.problems)
    assert len(report.problems) == 5, problems
    for named in ("bad-sources", "no-one", "g-1/maker", "g-2/maker", "not a choice"):
        assert named in problems
    relations, attributes, labels = gold_structure(alice)
    assert [r[0] for r in relations] == ["good"] and attributes == []
    assert [label[1:3] for label in labels] == [("topic", "funding")]


def test_gold_spans_taken_back_take_their_relations_and_attributes_along_everywhere(
    team: dict[str, Project], hub_url: str
) -> None:
    carol, alice, bob = team["carol"], team["alice"], team["bob"]
    annotate(alice, "alice's")
    annotate(bob, "bob's")
    for project in (alice, bob, carol):
        sync(project)
    decision, _ = curate(carol)
    sync(carol)
    sync(alice)
    assert gold_structure(alice) == gold_structure(carol)
    undo_decision(carol, decision)  # the gold spans go, their relation and attribute with them
    report = sync(carol)
    assert [report.sent[kind] for kind in ("gold_spans", *GOLD_KINDS)] == [2, 1, 1, 0]
    report = sync(alice)
    assert not report.problems
    assert gold_structure(alice)[:2] == ([], []) and gold_structure(alice) == gold_structure(carol)
    assert (
        sync(alice).sent.total() == 0
        and alice.database.query("SELECT COUNT(*) AS n FROM hub_pending")[0]["n"] == 0
    )
    with psycopg.connect(hub_url) as conn:
        for table in ("gold_relations", "gold_span_attributes"):
            assert conn.execute(f"SELECT bool_and(deleted) FROM {table}".encode()).fetchone() == (True,)
