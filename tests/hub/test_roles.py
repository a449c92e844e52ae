"""Who may change what, enforced by the hub: each member connects with raw SQL and tries every write."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import conninfo

from annotator.domain.errors import AnnotatorError, StorageError
from annotator.services.hub import add_member, init_hub, list_members

TEXT = "Huawei shipped the Ascend 910B."
SHA = hashlib.sha256(TEXT.encode()).hexdigest()


def as_member(url: str, role: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(conninfo.make_conninfo(url, user=role), autocommit=True)


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
        admin.execute(
            'INSERT INTO spans (id, document, annotator, created, start, "end", label, text, updated) '
            "VALUES ('bob-1', %s, 'bob', 'now', 0, 6, 'chips', 'Huawei', 'now')",
            (SHA,),
        )
        admin.execute("INSERT INTO statuses VALUES (%s, 'bob', 'done', 'now')", (SHA,))
        admin.execute("INSERT INTO labels (name, colour) VALUES ('chips', '#ff0000')")
        admin.execute(
            'INSERT INTO gold_spans (id, document, start, "end", label, text, decided_by, decided_at) '
            "VALUES ('gold-1', %s, 0, 6, 'chips', 'Huawei', 'carol', 'now')",
            (SHA,),
        )
    yield hub_url


OWN_SPAN = (
    'INSERT INTO spans (id, document, annotator, created, start, "end", label, text, updated) '
    "VALUES ('{id}', '" + SHA + "', '{who}', 'now', 7, 14, 'chips', 'shipped', 'now')"
)

# Writes no annotator may make, whoever they are.
FORBIDDEN_TO_ANNOTATORS = [
    OWN_SPAN.format(id="x-1", who="bob"),  # a span in someone else's layer
    "UPDATE spans SET note = 'mine now' WHERE id = 'bob-1'",  # changing someone else's span
    "UPDATE spans SET annotator = '{me}' WHERE id = 'bob-1'",  # taking it over
    "DELETE FROM spans WHERE id = 'bob-1'",  # removing it (removals are tombstones)
    "UPDATE statuses SET status = 'todo' WHERE annotator = 'bob'",
    "INSERT INTO statuses VALUES ('" + SHA + "', 'bob', 'todo', 'now')",
    "INSERT INTO notes VALUES ('" + SHA + "', 'bob', 'forged', 'now')",
    'INSERT INTO gold_spans (id, document, start, "end", label, text, decided_by, decided_at) '
    "VALUES ('gold-2', '" + SHA + "', 0, 6, 'chips', 'Huawei', '{me}', 'now')",
    "UPDATE gold_spans SET label = 'models' WHERE id = 'gold-1'",
    "INSERT INTO labels (name, colour) VALUES ('new', '#00ff00')",
    "UPDATE labels SET colour = '#000000' WHERE name = 'chips'",
    "INSERT INTO documents (sha256, title, text, created) VALUES ('" + "0" * 64 + "', 'x', 'x', 'now')",
    "UPDATE documents SET text = 'changed' WHERE sha256 = '" + SHA + "'",
    "INSERT INTO hub_members (name, role, kind) VALUES ('eve', 'eve', 'curator')",
    "UPDATE hub_members SET kind = 'curator'",
    "UPDATE spans SET version = 99 WHERE annotator = '{me}'",  # versions are the hub's
    "DELETE FROM hub_migrations",
    "INSERT INTO label_renames VALUES ('r-1', 'chips', 'hardware', 'now')",
    'INSERT INTO gold_rejections (document, start, "end", label, decided_by, decided_at) '
    "VALUES ('" + SHA + "', 7, 14, 'chips', '{me}', 'now')",
    "UPDATE gold_rejections SET deleted = true",
    "INSERT INTO review_statuses VALUES ('" + SHA + "', 'reviewed', '{me}', 'now')",
]
# Curators may write the gold layer, labels and articles, but still only their own layer of spans.
FORBIDDEN_TO_CURATORS = [
    OWN_SPAN.format(id="x-1", who="bob"),
    "UPDATE spans SET note = 'mine now' WHERE id = 'bob-1'",
    "UPDATE spans SET annotator = '{me}' WHERE id = 'bob-1'",
    "DELETE FROM spans WHERE id = 'bob-1'",
    "DELETE FROM gold_spans WHERE id = 'gold-1'",
    "UPDATE statuses SET status = 'todo' WHERE annotator = 'bob'",
    "UPDATE documents SET text = 'changed' WHERE sha256 = '" + SHA + "'",
    "INSERT INTO hub_members (name, role, kind) VALUES ('eve', 'eve', 'curator')",
    "DELETE FROM gold_rejections",
    "UPDATE label_renames SET new_name = 'other'",  # a rename is history: never changed
]


def refused(conn: psycopg.Connection[tuple[object, ...]], statement: str) -> bool:
    try:
        with conn.transaction():
            conn.execute(statement.encode())
    except psycopg.errors.InsufficientPrivilege:
        return True
    return False


def test_annotators_write_their_own_layer_only(team_hub: str) -> None:
    member = "alice"
    with as_member(team_hub, member) as conn:
        for statement in FORBIDDEN_TO_ANNOTATORS:
            assert refused(conn, statement.format(me=member)), statement
        conn.execute(OWN_SPAN.format(id=f"{member}-own", who=member).encode())
        conn.execute("UPDATE spans SET note = 'ok', label = 'models' WHERE id = %s", (f"{member}-own",))
        conn.execute("UPDATE spans SET deleted = true WHERE id = %s", (f"{member}-own",))
        conn.execute("INSERT INTO statuses VALUES (%s, %s, 'in_progress', 'now')", (SHA, member))
        conn.execute("INSERT INTO notes VALUES (%s, %s, 'my note', 'now')", (SHA, member))
        row = conn.execute("SELECT version, deleted FROM spans WHERE id = %s", (f"{member}-own",)).fetchone()
    assert row == (3, True)  # the hub counted every change itself


def test_bob_may_change_his_own_rows(team_hub: str) -> None:
    with as_member(team_hub, "bob") as conn:
        conn.execute("UPDATE spans SET note = 'his' WHERE id = 'bob-1'")
        conn.execute("UPDATE statuses SET status = 'todo' WHERE annotator = 'bob'")
        assert refused(conn, "UPDATE spans SET annotator = 'alice' WHERE id = 'bob-1'")


def test_a_curator_writes_gold_labels_and_articles_but_not_others_layers(team_hub: str) -> None:
    with as_member(team_hub, "carol") as conn:
        for statement in FORBIDDEN_TO_CURATORS:
            assert refused(conn, statement.format(me="carol")), statement
        conn.execute(
            'INSERT INTO gold_spans (id, document, start, "end", label, text, decided_by, decided_at) '
            "VALUES ('gold-2', %s, 7, 14, 'chips', 'shipped', 'carol', 'now')",
            (SHA,),
        )
        conn.execute("UPDATE gold_spans SET deleted = true WHERE id = 'gold-1'")
        conn.execute("INSERT INTO labels (name, colour) VALUES ('policy', '#00ff00')")
        conn.execute("UPDATE labels SET colour = '#000000' WHERE name = 'chips'")
        conn.execute(
            "INSERT INTO documents (sha256, title, text, created) VALUES (%s, 'x', 'x', 'now')", ("1" * 64,)
        )
        conn.execute(OWN_SPAN.format(id="carol-1", who="carol").encode())
        conn.execute("INSERT INTO label_renames VALUES ('r-1', 'chips', 'hardware', 'now')")
        conn.execute(
            'INSERT INTO gold_rejections (document, start, "end", label, decided_by, decided_at) '
            "VALUES (%s, 7, 14, 'chips', 'carol', 'now')",
            (SHA,),
        )
        conn.execute("UPDATE gold_rejections SET deleted = true")
        conn.execute("INSERT INTO review_statuses VALUES (%s, 'reviewed', 'carol', 'now')", (SHA,))


def test_a_reviewer_reads_everything_and_writes_nothing(team_hub: str) -> None:
    with as_member(team_hub, "rita") as conn:
        for table in ("spans", "statuses", "gold_spans", "labels", "documents", "hub_members"):
            assert conn.execute(f"SELECT COUNT(*) FROM {table}".encode()).fetchone()[0] > 0  # type: ignore[index]
        for statement in [*FORBIDDEN_TO_ANNOTATORS, *FORBIDDEN_TO_CURATORS, OWN_SPAN]:
            assert refused(conn, statement.format(me="rita", id="rita-1", who="rita")), statement


def test_a_stranger_reads_nothing(team_hub: str, pg_server: object) -> None:
    with psycopg.connect(team_hub, autocommit=True) as admin:
        admin.execute("DROP ROLE IF EXISTS stranger")
        admin.execute("CREATE ROLE stranger LOGIN")
    with as_member(team_hub, "stranger") as conn:
        assert refused(conn, "SELECT * FROM spans")


def test_init_is_repeatable_and_members_are_listed(team_hub: str) -> None:
    assert init_hub(team_hub) == []
    assert list_members(team_hub) == [
        ("alice", "annotator"),
        ("bob", "annotator"),
        ("carol", "curator"),
        ("rita", "reviewer"),
    ]
    add_member(team_hub, "alice", "curator")  # promoted: now may write gold
    with as_member(team_hub, "alice") as conn:
        conn.execute("UPDATE gold_spans SET note = 'checked' WHERE id = 'gold-1'")


def test_member_names_must_be_plain_role_names(team_hub: str) -> None:
    with pytest.raises(AnnotatorError, match="lower-case"):
        add_member(team_hub, 'Robert"; DROP TABLE spans; --')


def test_a_database_that_is_not_a_hub_is_named(hub_url: str) -> None:
    with pytest.raises(StorageError, match="hub init"):
        add_member(hub_url, "alice")


def test_a_newer_hub_is_refused(team_hub: str) -> None:
    with psycopg.connect(team_hub, autocommit=True) as admin:
        admin.execute("INSERT INTO hub_migrations VALUES ('9999_future', now())")
    with pytest.raises(StorageError, match="newer version"):
        init_hub(team_hub)


def test_a_hub_of_the_first_version_is_upgraded_and_its_members_granted_the_new_tables(
    hub_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.storage.hub import members, schema, tables

    first = (tables.DOCUMENTS, tables.LABELS, tables.SPANS, tables.STATUSES, tables.NOTES, tables.GOLD)
    with monkeypatch.context() as old_version:  # the first version's schema and tables
        old_version.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        old_version.setattr(members, "TABLES", first)
        assert init_hub(hub_url) == ["0001_foundation"]
        add_member(hub_url, "carol", "curator")
    assert init_hub(hub_url) == ["0002_adjudication", "0003_structure", "0004_gold_structure"]
    with psycopg.connect(hub_url, autocommit=True) as admin:
        admin.execute(
            "INSERT INTO documents (sha256, title, text, created) VALUES (%s, 't', %s, 'now')", (SHA, TEXT)
        )
    with as_member(hub_url, "carol") as conn:
        conn.execute("INSERT INTO review_statuses VALUES (%s, 'reviewed', 'carol', 'now')", (SHA,))
