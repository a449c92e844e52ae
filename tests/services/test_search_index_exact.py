"""The search index of word suffixes and character pairs (migration 0017) answers what reading every
article and span answers, in a new project, in one upgraded from the index of trigrams (at once, or
through the catch-up), and after another program changed rows behind Annotator's back."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import sqlite_utils

from annotator.domain.search import contains_all, parse_query
from annotator.domain.text import text_sha256
from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.services.samples import open_project
from annotator.services.search import (
    HitKind,
    catch_up_index,
    index_backlog,
    index_is_sound,
    search_corpus,
)
from annotator.storage import schema_steps_0017
from annotator.storage.migrations import migrations
from annotator.storage.schema_steps_0018 import KEY_TABLES
from annotator.storage.search_tokens import register_search_tokens
from annotator.storage.spans import find_span

CREATED = "2025-01-01T00:00:00.000+00:00"
# (title, text, span text, span note): the span covers the first occurrence of its text.
ARTICLES = [
    ("Ask Chen", "Ask Chen when the kitchen opens.", "kitchen", "ask Chen"),
    ("Chips", "Huawei ships the Ascend 910B chips; the Ascend 910C follows.", "Ascend 910B", ""),
    ("風險", "投資有風險，入市需謹慎。市場的結論是：沒有風險", "風險", "核实风险"),
    ("Emoji", "A coder 👩\u200d💻 at work 😀, e-mail and snake_case names.", "😀", "emoji"),
    ("Greek and Turkish", "ΟΔΟΣ and İstanbul, straße and STRASSE.", "ΟΔΟΣ", ""),
    ("An AI model", "The AI team met in Shanghai; the airline said 5% more.", "AI", "5%"),
    ("Quarterly rev", "enue rose in the quarter.", "rose", ""),  # "revenue" split by the title's end
    ("rev eve ven enu nue", "The pieces of a word, held apart.", "pieces", ""),
]
QUERIES = [
    "ask chen",
    "chen",
    "itche",
    '"Ascend 910B"',
    '"ascend 910b chips"',
    "Ascend 910",
    "風險",
    "投資有風險",
    "风险",
    "😀",
    "👩\u200d💻",
    "e-mail",
    "snake_case",
    "οδος",
    "ΟΔΟΣ",
    # Not "istanbul": an ASCII term is also checked with LIKE, which folds ASCII letters only, so it
    # never found "İstanbul" (storage.search), with either index.
    "straße",
    "AI",
    "ai",
    "5%",
    "revenue",
    "Huawei chips",
    "the",
    "a",
    "zzzz nothing matches",
]


def truth(project: Project, query: str) -> tuple[set[str], set[str]]:
    """Articles and spans that hold every term, found by reading each one."""
    terms = parse_query(query)
    articles = {
        summary.id
        for summary in reading.list_documents(project)
        if contains_all((summary.title, reading.load_document(project, summary.id).text), terms)
    }
    rows = project.database.query("SELECT id, label, note, text FROM spans")
    spans = {row["id"] for row in rows if contains_all((row["label"], row["note"], row["text"]), terms)}
    return articles, spans


def answered(project: Project, query: str) -> tuple[set[str], set[str]]:
    hits = search_corpus(project, query, limit=1000)
    articles = {hit.document_id for hit in hits if hit.kind is not HitKind.SPAN}
    spans = {hit.span_id for hit in hits if hit.kind is HitKind.SPAN and hit.span_id is not None}
    return articles, spans


def assert_every_query_answered_as_by_reading(project: Project) -> None:
    for query in QUERIES:
        assert answered(project, query) == truth(project, query), query


def test_the_index_answers_what_reading_every_article_answers(tmp_path: Path) -> None:
    with open_project(tmp_path / "new.db", annotator="alice", samples=True) as project:
        label = reading.list_labels(project)[0].name
        for title, text, covered, note in ARTICLES:
            document = annotation_document(project, title, text)
            start = text.index(covered)
            span = annotation.tag_span(project, document, start, start + len(covered), label)
            if note:
                annotation.set_span_note(project, span, note)
        assert_every_query_answered_as_by_reading(project)
        assert answered(project, "ask chen")[0] == {document_id(project, "Ask Chen")}
        # "revenue" split by a title's end, or its pieces held apart, is no hit.
        split = {document_id(project, "Quarterly rev"), document_id(project, "rev eve ven enu nue")}
        assert not answered(project, "revenue")[0] & split
        assert index_is_sound(project)


def annotation_document(project: Project, title: str, text: str) -> str:
    from annotator.domain.models import Document
    from annotator.storage.documents import insert_document

    document = Document(title=title, text=text, sha256=text_sha256(text))
    with project.database.write():
        insert_document(project.database, document)
    return document.id


def document_id(project: Project, title: str) -> str:
    return next(summary.id for summary in reading.list_documents(project) if summary.title == title)


def project_before_0017(path: Path, step: str = "0017_search_word_suffixes") -> None:
    """A project as the version before migration ``step`` left it (before 0017: its articles indexed as
    trigrams)."""
    with closing(sqlite3.connect(path)) as conn:
        register_search_tokens(conn)  # migration 0017 makes its index with it
        migrations.apply(sqlite_utils.Database(conn), stop_before=step)
        with conn:
            conn.execute("INSERT INTO annotators (name, created) VALUES ('alice', ?)", (CREATED,))
            conn.execute("INSERT INTO labels (name, colour) VALUES ('Thing', '#e57373')")
            for number, (title, text, covered, note) in enumerate(ARTICLES):
                conn.execute(
                    "INSERT INTO documents (id, title, text, sha256, length, created) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (f"d{number}", title, text, text_sha256(text), len(text), CREATED),
                )
                start = text.index(covered)
                conn.execute(
                    'INSERT INTO spans (id, document_id, start, "end", label, text, annotator, note, '
                    "created, updated) VALUES (?, ?, ?, ?, 'Thing', ?, 'alice', ?, ?, ?)",
                    (
                        f"s{number}",
                        f"d{number}",
                        start,
                        start + len(covered),
                        covered,
                        note,
                        CREATED,
                        CREATED,
                    ),
                )


@pytest.mark.parametrize("at_once", [True, False], ids=["indexed-at-once", "through-the-catch-up"])
def test_an_upgraded_project_finds_what_it_found_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at_once: bool
) -> None:
    path = tmp_path / "old.db"
    project_before_0017(path)
    if not at_once:  # as a large project: every row waits for the catch-up
        monkeypatch.setitem(schema_steps_0017.INDEX_AT_ONCE, "document_search", 1)
        monkeypatch.setitem(schema_steps_0017.INDEX_AT_ONCE, "span_search", 1)
    with Project.open(path, annotator="alice") as project:
        waiting = index_backlog(project)
        assert waiting == (0 if at_once else 2 * len(ARTICLES))
        assert catch_up_index(project) == waiting
        assert index_backlog(project) == 0
        assert_every_query_answered_as_by_reading(project)
        assert answered(project, "ask chen") == ({"d0"}, {"s0"})
        assert answered(project, "風險") == ({"d2"}, {"s2"})
        assert index_is_sound(project)
    with closing(sqlite3.connect(path)) as conn:  # a program without search_tokens still reads it all
        assert list(conn.iterdump())


def test_rows_another_program_changes_are_found_before_and_after_the_next_write(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    with open_project(path, annotator="alice", samples=True) as project:
        document = reading.list_documents(project)[0]
        label = reading.list_labels(project)[0].name
        span = annotation.tag_span(project, document.id, 0, 4, label)
        with closing(sqlite3.connect(path)) as conn, conn:
            conn.execute("UPDATE spans SET note = 'pangolin sighting' WHERE id = ?", (span.id,))
            conn.execute("UPDATE documents SET title = 'Armadillo digest' WHERE id = ?", (document.id,))
        # Noted by the triggers, not indexed yet: searches read the noted rows too.
        assert answered(project, "pangolin") == (set(), {span.id})
        assert answered(project, "armadillo") == ({document.id}, set())
        assert answered(project, "pangolin") == truth(project, "pangolin")
        with project.database.write():  # Annotator's next transaction indexes them
            pass
        assert project.database.query("SELECT count(*) FROM search_edits")[0][0] == 0
        assert answered(project, "pangolin") == (set(), {span.id})
        assert answered(project, "armadillo") == ({document.id}, set())
        assert index_is_sound(project)


def test_the_search_keys_keep_their_rows_and_uniqueness_through_migration_0018(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    project_before_0017(path, "0018_search_keys_named_index")
    with closing(sqlite3.connect(path)) as conn:
        keys = {table: conn.execute(f"SELECT * FROM {table} ORDER BY key").fetchall() for table in KEY_TABLES}
        dependents = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY name"
        ).fetchall()
    with Project.open(path, annotator="alice") as project:
        assert_every_query_answered_as_by_reading(project)
        assert index_is_sound(project)
        conn = project.database.conn
        for table, column in KEY_TABLES.items():
            assert conn.execute(f"SELECT * FROM {table} ORDER BY key").fetchall() == keys[table]
            # The id's index is a named one, which an import may lift, and it still refuses a second key.
            indexes = conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,)
            ).fetchall()
            assert indexes == [(f"{table}_by_{column.removesuffix('_id')}",)]
            with pytest.raises(sqlite3.IntegrityError), project.database.write():
                conn.execute(f"INSERT INTO {table} ({column}) SELECT {column} FROM {table} LIMIT 1")
        assert (
            conn.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY name"
            ).fetchall()
            == dependents
        )
        # Rows written after the upgrade are indexed through the same triggers.
        span = annotation.tag_span(project, "d1", 0, 6, "Thing")
        annotation.set_span_note(project, span, "pangolin")
        assert answered(project, "pangolin") == (set(), {span.id})
        noted = find_span(project.database, span.id)
        assert noted is not None
        annotation.delete_span(project, noted)
        assert answered(project, "pangolin") == (set(), set())
        assert index_is_sound(project)
