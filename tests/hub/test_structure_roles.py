"""Who may change relations, span attributes, document labels, their schema and the record of edits:
each member connects with raw SQL and tries every write; the hub refuses every forbidden one."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from annotator.services.hub import add_member, init_hub
from tests.hub.test_roles import SHA, TEXT, as_member, refused

SPAN = (
    'INSERT INTO spans (id, document, annotator, created, start, "end", label, text, updated) '
    "VALUES (%s, %s, %s, 'now', %s, %s, 'chips', %s, 'now')"
)


@pytest.fixture
def team_hub(hub_url: str) -> Iterator[str]:
    init_hub(hub_url)
    add_member(hub_url, "alice")
    add_member(hub_url, "bob")
    add_member(hub_url, "carol", "curator")
    add_member(hub_url, "rita", "reviewer")
    with psycopg.connect(hub_url, autocommit=True) as admin:
        admin.execute(
            "INSERT INTO documents (sha256, title, text, created) VALUES (%s, 't', %s, 'now')", (SHA, TEXT)
        )
        for span_id, who, start, end in (
            ("bob-1", "bob", 0, 6),
            ("bob-2", "bob", 19, 30),
            ("alice-1", "alice", 0, 6),
            ("alice-2", "alice", 19, 30),
            ("carol-1", "carol", 0, 6),
            ("carol-2", "carol", 19, 30),
        ):
            admin.execute(SPAN, (span_id, SHA, who, start, end, TEXT[start:end]))
        admin.execute(
            "INSERT INTO relations (id, document, annotator, created, source, target, type, updated) "
            "VALUES ('bob-r', %s, 'bob', 'now', 'bob-1', 'bob-2', 'supplies', 'now')",
            (SHA,),
        )
        admin.execute(
            "INSERT INTO span_attributes VALUES ('bob-1', 'generation', %s, 'bob', '\"2\"')", (SHA,)
        )
        admin.execute("INSERT INTO document_labels VALUES (%s, 'bob', 'topic', 'chips')", (SHA,))
        admin.execute("INSERT INTO relation_types (name, colour) VALUES ('supplies', '#ff0000')")
        admin.execute("INSERT INTO label_attributes (label, name, kind) VALUES ('chips', 'maker', 'text')")
        admin.execute("INSERT INTO document_label_sets (name, choices) VALUES ('topic', '[\"chips\"]')")
        admin.execute(
            "INSERT INTO activity VALUES ('bob', %s, '2026-01-01T00:00:00.000+00:00', 'tag', 1, 0)", (SHA,)
        )
    yield hub_url


def own_relation(me: str, relation_id: str) -> str:
    return (
        "INSERT INTO relations (id, document, annotator, created, source, target, type, updated) "
        f"VALUES ('{relation_id}', '{SHA}', '{me}', 'now', '{me}-1', '{me}-2', 'supplies', 'now')"
    )


# Writes to another annotator's layer, which nobody may make.
OTHERS_LAYER = [
    own_relation("bob", "x-r"),  # a relation in bob's layer
    "UPDATE relations SET note = 'mine now' WHERE id = 'bob-r'",
    "UPDATE relations SET annotator = '{me}' WHERE id = 'bob-r'",  # taking it over
    "UPDATE relations SET deleted = true WHERE id = 'bob-r'",
    "DELETE FROM relations WHERE id = 'bob-r'",
    "INSERT INTO span_attributes VALUES ('bob-1', 'maker', '" + SHA + "', 'bob', '\"x\"')",
    # an attribute of bob's span, claimed as one's own
    "INSERT INTO span_attributes VALUES ('bob-2', 'maker', '" + SHA + "', '{me}', '\"x\"')",
    "UPDATE span_attributes SET value = '\"3\"' WHERE span = 'bob-1'",
    "UPDATE span_attributes SET deleted = true WHERE span = 'bob-1'",
    "DELETE FROM span_attributes",
    "INSERT INTO document_labels VALUES ('" + SHA + "', 'bob', 'topic', 'other')",
    "UPDATE document_labels SET deleted = true WHERE annotator = 'bob'",
    "DELETE FROM document_labels",
    "INSERT INTO activity VALUES ('bob', '" + SHA + "', 'then', 'tag', 1, 0)",
    "UPDATE activity SET spans_added = 9",  # the record of edits is never changed
    "DELETE FROM activity",
    "UPDATE relations SET version = 99 WHERE id = 'bob-r'",  # versions are the hub's
]
SCHEMA_CHANGES = [
    "INSERT INTO relation_types (name, colour) VALUES ('owns', '#00ff00')",
    "UPDATE relation_types SET colour = '#000000'",
    "UPDATE relation_types SET deleted = true",
    "INSERT INTO label_attributes (label, name, kind) VALUES ('chips', 'node', 'number')",
    "UPDATE label_attributes SET kind = 'number'",
    "INSERT INTO document_label_sets (name, choices) VALUES ('stance', '[\"for\"]')",
    "UPDATE document_label_sets SET multiple = true",
]
SCHEMA_REMOVALS = [
    "DELETE FROM relation_types",
    "DELETE FROM label_attributes",
    "DELETE FROM document_label_sets",
]


def test_annotators_write_only_their_own_relations_attributes_and_labels(team_hub: str) -> None:
    with as_member(team_hub, "alice") as conn:
        for statement in OTHERS_LAYER + SCHEMA_CHANGES + SCHEMA_REMOVALS:
            assert refused(conn, statement.format(me="alice")), statement
        conn.execute(own_relation("alice", "alice-r").encode())
        conn.execute("UPDATE relations SET note = 'ok', type = 'owns' WHERE id = 'alice-r'")
        conn.execute("INSERT INTO span_attributes VALUES ('alice-1', 'maker', %s, 'alice', '\"x\"')", (SHA,))
        conn.execute("UPDATE span_attributes SET value = '\"y\"' WHERE span = 'alice-1'")
        conn.execute("INSERT INTO document_labels VALUES (%s, 'alice', 'topic', 'chips')", (SHA,))
        conn.execute("UPDATE document_labels SET deleted = true WHERE annotator = 'alice'")
        conn.execute("INSERT INTO activity VALUES ('alice', %s, 'now', 'tag', 1, 0)", (SHA,))
        row = conn.execute("SELECT version, note FROM relations WHERE id = 'alice-r'").fetchone()
    assert row == (2, "ok")


def test_a_curator_writes_the_schema_but_not_others_layers(team_hub: str) -> None:
    with as_member(team_hub, "carol") as conn:
        for statement in OTHERS_LAYER + SCHEMA_REMOVALS:
            assert refused(conn, statement.format(me="carol")), statement
        for statement in SCHEMA_CHANGES:
            conn.execute(statement.encode())
        conn.execute(own_relation("carol", "carol-r").encode())


def test_a_reviewer_reads_everything_and_writes_nothing(team_hub: str) -> None:
    with as_member(team_hub, "rita") as conn:
        for table in ("relations", "span_attributes", "document_labels", "relation_types", "activity"):
            assert conn.execute(f"SELECT COUNT(*) FROM {table}".encode()).fetchone()[0] > 0  # type: ignore[index]
        for statement in OTHERS_LAYER + SCHEMA_CHANGES + SCHEMA_REMOVALS + [own_relation("rita", "rita-r")]:
            assert refused(conn, statement.format(me="rita")), statement
