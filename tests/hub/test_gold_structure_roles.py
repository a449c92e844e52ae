"""Who may write the gold layer's relations, span attributes and document labels: each member connects
with raw SQL and tries every write; only curators' writes get through, and nobody deletes a row."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from annotator.services.hub import add_member, init_hub
from tests.hub.test_roles import SHA, TEXT, as_member, refused

GOLD_SPAN = (
    'INSERT INTO gold_spans (id, document, start, "end", label, text, decided_by, decided_at) '
    "VALUES (%s, %s, %s, %s, 'chips', %s, 'carol', 'now')"
)


@pytest.fixture
def team_hub(hub_url: str) -> Iterator[str]:
    init_hub(hub_url)
    add_member(hub_url, "alice")
    add_member(hub_url, "carol", "curator")
    add_member(hub_url, "rita", "reviewer")
    with psycopg.connect(hub_url, autocommit=True) as admin:
        admin.execute(
            "INSERT INTO documents (sha256, title, text, created) VALUES (%s, 't', %s, 'now')", (SHA, TEXT)
        )
        for span_id, start, end in (("g-1", 0, 6), ("g-2", 19, 30), ("g-3", 7, 12)):
            admin.execute(GOLD_SPAN, (span_id, SHA, start, end, TEXT[start:end]))
        admin.execute(
            "INSERT INTO gold_relations (id, document, source, target, type, decided_by, decided_at) "
            "VALUES ('gr-1', %s, 'g-1', 'g-2', 'supplies', 'carol', 'now')",
            (SHA,),
        )
        admin.execute(
            "INSERT INTO gold_span_attributes (span, name, document, value, decided_by, decided_at) "
            "VALUES ('g-1', 'maker', %s, '\"x\"', 'carol', 'now')",
            (SHA,),
        )
        admin.execute(
            "INSERT INTO gold_document_labels (document, label_set, value, decided_by, decided_at) "
            "VALUES (%s, 'topic', 'chips', 'carol', 'now')",
            (SHA,),
        )
    yield hub_url


GOLD_WRITES = [
    "INSERT INTO gold_relations (id, document, source, target, type, decided_by, decided_at) "
    f"VALUES ('gr-2', '{SHA}', 'g-2', 'g-3', 'supplies', '{{me}}', 'now')",
    "UPDATE gold_relations SET type = 'owns' WHERE id = 'gr-1'",
    "UPDATE gold_relations SET deleted = true WHERE id = 'gr-1'",
    "INSERT INTO gold_span_attributes (span, name, document, value, decided_by, decided_at) "
    f"VALUES ('g-2', 'maker', '{SHA}', '\"y\"', '{{me}}', 'now')",
    "UPDATE gold_span_attributes SET value = '\"z\"' WHERE span = 'g-1'",
    "UPDATE gold_span_attributes SET deleted = true WHERE span = 'g-1'",
    "INSERT INTO gold_document_labels (document, label_set, value, decided_by, decided_at) "
    f"VALUES ('{SHA}', 'topic', 'memory', '{{me}}', 'now')",
    "UPDATE gold_document_labels SET decided_by = '{me}'",
    "UPDATE gold_document_labels SET deleted = true",
]
NOBODY = [
    "DELETE FROM gold_relations",
    "DELETE FROM gold_span_attributes",
    "DELETE FROM gold_document_labels",
    "UPDATE gold_relations SET version = 99",  # versions are the hub's
    "UPDATE gold_relations SET document = 'x'",  # fixed once added
    "UPDATE gold_span_attributes SET span = 'g-3'",  # keys are never changed
]
TABLES = ("gold_relations", "gold_span_attributes", "gold_document_labels")


@pytest.mark.parametrize("member", ["alice", "rita"])
def test_annotators_and_reviewers_read_gold_structure_and_write_none_of_it(
    team_hub: str, member: str
) -> None:
    with as_member(team_hub, member) as conn:
        for table in TABLES:
            assert conn.execute(f"SELECT COUNT(*) FROM {table}".encode()).fetchone() == (1,)
        for statement in GOLD_WRITES + NOBODY:
            assert refused(conn, statement.format(me=member)), statement
        rows = [conn.execute(f"SELECT version, deleted FROM {t}".encode()).fetchone() for t in TABLES]
    assert rows == [(1, False)] * 3


def test_a_curator_writes_gold_structure_but_never_deletes_a_row(team_hub: str) -> None:
    with as_member(team_hub, "carol") as conn:
        for statement in NOBODY:
            assert refused(conn, statement.format(me="carol")), statement
        for statement in GOLD_WRITES:
            conn.execute(statement.format(me="carol").encode())
        row = conn.execute("SELECT version, type, deleted FROM gold_relations WHERE id = 'gr-1'").fetchone()
        added = conn.execute("SELECT COUNT(*) FROM gold_document_labels").fetchone()
    assert row == (3, "owns", True)
    assert added == (2,)
