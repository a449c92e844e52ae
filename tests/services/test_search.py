"""Corpus search and "Tag all matches" against real SQLite files (FTS5 indexes kept by triggers)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from annotator.domain.errors import SpanError
from annotator.domain.models import Document, DocumentStatus
from annotator.domain.text import text_sha256
from annotator.services import annotation, reading, revisions
from annotator.services import labels as label_service
from annotator.services.project import Project
from annotator.services.search import (
    Hit,
    HitKind,
    index_is_sound,
    preview_groups,
    preview_tag_all,
    rebuild_index,
    remove_spans,
    restore_spans,
    search_corpus,
    tag_all_matches,
)
from annotator.storage.documents import insert_document
from annotator.storage.status import get_status

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# Queries a user may type that are FTS5 syntax, SQL, or LIKE wildcards: all are searched for as text.
HOSTILE_QUERIES = [
    '"',
    '""',
    '"""',
    'a"b',
    "NEAR(chips model, 3)",
    "AND",
    "OR NOT",
    "chips OR",
    "NOT",
    "*",
    "chip*",
    "^Huawei",
    "text:Huawei",
    "title : x",
    "(",
    ")",
    "{title}",
    "'",
    "'; DROP TABLE documents; --",
    "\\",
    "%",
    "_",
    "%%%",
    "\x00",
    "a\x00bc",
    "+-",
]


def connect(path: Path) -> closing[sqlite3.Connection]:
    """A second connection, as another program would open the file."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    return closing(conn)


def count(path: Path, sql: str, *params: object) -> int:
    with connect(path) as conn:
        return int(conn.execute(sql, params).fetchone()[0])


def text_of(project: Project, document_id: str) -> str:
    return reading.load_document(project, document_id).text


def texts_by_title(project: Project) -> dict[str, str]:
    return {s.title: text_of(project, s.id) for s in reading.list_documents(project)}


def add_document(project: Project, title: str, text: str) -> Document:
    document = Document(title=title, text=text, sha256=text_sha256(text))
    with project.database.write():
        insert_document(project.database, document)
    return document


def assert_hit_offsets(project: Project, hits: list[Hit]) -> None:
    """Every text and span hit points at its occurrence in the canonical text, in code points."""
    for hit in hits:
        if hit.kind is HitKind.TITLE:
            continue
        assert 0 <= hit.start < hit.end <= len(text_of(project, hit.document_id))


# -- finding ----------------------------------------------------------------------------------------------


def test_chinese_substrings_of_the_seeds_are_found(project: Project) -> None:
    for query in ("投資有風險", "風險", "投資", "熱議股票", "議股"):
        hits = search_corpus(project, query)
        assert hits, query
        for hit in hits:
            text = text_of(project, hit.document_id)
            assert text[hit.start : hit.end] == query
            assert hit.snippet.text[hit.snippet.emphasis_start : hit.snippet.emphasis_end] == query


def test_english_words_are_found_ignoring_case_with_exact_offsets(project: Project) -> None:
    hits = search_corpus(project, "ASCEND")
    texts = texts_by_title(project)
    expected = sum(text.lower().count("ascend") for text in texts.values())
    assert len(hits) == expected > 0
    for hit in hits:
        assert text_of(project, hit.document_id)[hit.start : hit.end].lower() == "ascend"


def test_every_word_must_occur_in_the_article(project: Project) -> None:
    texts = texts_by_title(project)
    both = {t for t, text in texts.items() if "nvidia" in text.lower() and "xinghuo" in text.lower()}
    hits = search_corpus(project, "nvidia xinghuo")
    assert {hit.title for hit in hits} == both
    assert 0 < len(both) < len(texts)
    found = {text_of(project, hit.document_id)[hit.start : hit.end].lower() for hit in hits}
    assert found == {"nvidia", "xinghuo"}


def test_a_quoted_phrase_matches_the_exact_sequence(project: Project) -> None:
    phrase = search_corpus(project, '"Ascend 910B"')
    assert phrase and all(text_of(project, h.document_id)[h.start : h.end] == "Ascend 910B" for h in phrase)
    # The same words unquoted also find articles where they are apart.
    assert len(search_corpus(project, "Ascend 910B")) > len(phrase)


def test_short_words_stand_on_their_own(project: Project) -> None:
    hits = search_corpus(project, "AI")
    assert hits
    for hit in hits:
        text = text_of(project, hit.document_id)
        assert text[hit.start : hit.end].lower() == "ai"
        assert not text[hit.start - 1].isalnum() and not text[hit.end].isalnum()


def test_hits_per_article_and_in_total_are_limited(project: Project) -> None:
    hits = search_corpus(project, "the", limit=500, per_document=3)
    text_hits = [h for h in hits if h.kind is HitKind.TEXT]
    assert len(text_hits) == 3 * len(reading.list_documents(project))
    assert len([h for h in search_corpus(project, "the", limit=7) if h.kind is HitKind.TEXT]) == 7


def test_a_match_in_the_title_only_is_a_title_hit(empty_project: Project) -> None:
    document = add_document(empty_project, "Quarterly results of Cambricon", "Nothing else is said here.")
    hits = search_corpus(empty_project, "cambricon")
    assert [(h.kind, h.document_id, h.start, h.end) for h in hits] == [(HitKind.TITLE, document.id, 0, 0)]
    emphasised = hits[0].snippet.text[hits[0].snippet.emphasis_start : hits[0].snippet.emphasis_end]
    assert emphasised == "Cambricon"


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_quotes_operators_and_wildcards_never_raise(project: Project, query: str) -> None:
    hits = search_corpus(project, query)
    assert_hit_offsets(project, hits)


def test_wildcards_and_operators_are_searched_for_literally(empty_project: Project) -> None:
    add_document(
        empty_project, "One", "Margins rose 5% while chip sales (_ in the table) fell; Xinghuo OR Spark?"
    )
    add_document(empty_project, "Two", "Nothing special in this one at all.")
    assert {h.title for h in search_corpus(empty_project, "%")} == {"One"}
    assert {h.title for h in search_corpus(empty_project, "5%")} == {"One"}
    assert {h.title for h in search_corpus(empty_project, "_")} == {"One"}
    assert {h.title for h in search_corpus(empty_project, '"Xinghuo OR Spark"')} == {"One"}
    assert search_corpus(empty_project, "in*") == []
    assert search_corpus(empty_project, "NEAR") == []


def test_span_labels_and_notes_are_searched(project: Project) -> None:
    document = reading.list_documents(project)[0]
    text = text_of(project, document.id)
    start = text.index("Huawei")
    span = annotation.tag_span(project, document.id, start, start + 6, "chips")
    annotation.set_span_note(project, span, "Backer of iFlytek 的投资者")
    by_note = [h for h in search_corpus(project, "backer") if h.kind is HitKind.SPAN]
    assert [(h.span_id, h.start, h.end, h.label, h.annotator) for h in by_note] == [
        (span.id, start, start + 6, "chips", "alice")
    ]
    assert "Backer" in by_note[0].snippet.text
    assert [h.span_id for h in search_corpus(project, "投资者") if h.kind is HitKind.SPAN] == [span.id]
    assert [h.span_id for h in search_corpus(project, "chips backer") if h.kind is HitKind.SPAN] == [span.id]


# -- the indexes follow every change ----------------------------------------------------------------------


def test_spans_are_indexed_on_insert_update_and_delete(project: Project, db_path: Path) -> None:
    document = next(d for d in reading.list_documents(project) if "iFLYTEK" in text_of(project, d.id))
    text = text_of(project, document.id)
    start = text.index("iFLYTEK")
    span = annotation.tag_span(project, document.id, start, start + 7, "models")

    def span_hits(query: str) -> list[str | None]:
        return [h.span_id for h in search_corpus(project, query) if h.kind is HitKind.SPAN]

    assert span_hits("models") == [span.id]
    span = annotation.relabel_span(project, span, "strategy").after
    assert span_hits("models") == [] and span_hits("strategy") == [span.id]
    span = annotation.set_span_note(project, span, "zebra crossing").after
    assert span_hits("zebra") == [span.id]
    span = annotation.set_span_note(project, span, "").after
    assert span_hits("zebra") == []
    label_service.update_label(project, "strategy", new_name="plans")
    assert span_hits("plans") == [span.id] and span_hits("strategy") == []
    annotation.remove_span(project, reading.get_span(project, span.id))
    assert span_hits("plans") == []
    assert index_is_sound(project)
    assert count(db_path, "SELECT COUNT(*) FROM span_search_keys") == 0


def test_documents_are_indexed_on_insert_update_and_delete(project: Project, db_path: Path) -> None:
    document = add_document(project, "Pangolin report", "The pangolin chip ships in 2026.")
    # The text hit stands for the article; the title is not listed again.
    assert [(h.kind, h.document_id) for h in search_corpus(project, "pangolin")] == [
        (HitKind.TEXT, document.id)
    ]
    revisions.update_document_text(project, document.id, "The armadillo chip ships in 2027.")
    assert [h.kind for h in search_corpus(project, "pangolin")] == [HitKind.TITLE]
    assert [h.start for h in search_corpus(project, "armadillo")] == [4]
    # Another program renames and then deletes the article: the triggers follow it too.
    with connect(db_path) as conn, conn:
        conn.execute("UPDATE documents SET title = 'Renamed' WHERE id = ?", (document.id,))
    assert [h.kind for h in search_corpus(project, "pangolin")] == []
    span = annotation.tag_span(project, document.id, 4, 13, "chips")
    with connect(db_path) as conn, conn:
        conn.execute("DELETE FROM documents WHERE id = ?", (document.id,))
    assert search_corpus(project, "armadillo") == []
    assert [h for h in search_corpus(project, "chips") if h.span_id == span.id] == []
    assert index_is_sound(project)


def test_a_document_note_change_does_not_touch_the_index(project: Project, db_path: Path) -> None:
    document = reading.list_documents(project)[0]
    before = count(db_path, "SELECT COUNT(*) FROM document_search_data")
    with connect(db_path) as conn, conn:
        conn.execute("UPDATE documents SET note = 'read later' WHERE id = ?", (document.id,))
    assert count(db_path, "SELECT COUNT(*) FROM document_search_data") == before
    assert index_is_sound(project)


def test_an_index_out_of_step_is_detected_and_rebuilt(project: Project, db_path: Path) -> None:
    assert index_is_sound(project)
    with connect(db_path) as conn, conn:
        conn.execute("DROP TRIGGER documents_search_update")
        conn.execute("UPDATE documents SET text = 'replaced without the trigger' WHERE rowid = 1")
    assert not index_is_sound(project)
    rebuild_index(project)
    assert index_is_sound(project)
    assert [h.start for h in search_corpus(project, '"without the trigger"')] == [9]


def test_upgrading_an_old_project_indexes_what_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_0001.db", path)
    with Project.open(path, annotator="alice") as project:
        hits = search_corpus(project, "讯飞星火")
        assert {h.kind for h in hits} == {HitKind.TEXT, HitKind.SPAN}
        assert [h.annotator for h in search_corpus(project, "backer") if h.kind is HitKind.SPAN] == ["bob"]
        assert index_is_sound(project)


# -- tag all matches --------------------------------------------------------------------------------------


@pytest.fixture
def two_articles(empty_project: Project) -> Iterator[tuple[Project, Document, Document]]:
    first = add_document(
        empty_project, "First", "Huawei ships Ascend. huawei again; HuaweiCloud too.\nHuawei."
    )
    second = add_document(empty_project, "Second", "华为 and Huawei, then 华为云.")
    yield empty_project, first, second


def test_preview_lists_every_whole_word_occurrence_and_writes_nothing(
    two_articles: tuple[Project, Document, Document], db_path: Path
) -> None:
    project, first, second = two_articles
    spans = preview_tag_all(project, "Huawei", "chips", [first.id, second.id])
    assert [(s.document_id, s.start, s.end) for s in spans] == [
        (first.id, 0, 6),
        (first.id, 52, 58),
        (second.id, 7, 13),
    ]
    assert all(s.label == "chips" and s.annotator == "alice" and s.text == "Huawei" for s in spans)
    assert count(db_path, "SELECT COUNT(*) FROM spans") == 0
    loose = preview_tag_all(project, "huawei", "chips", [first.id], case_sensitive=False, whole_words=False)
    assert [(s.start, s.text) for s in loose] == [
        (0, "Huawei"),
        (21, "huawei"),
        (35, "Huawei"),
        (52, "Huawei"),
    ]
    chinese = preview_tag_all(project, "华为", "chips", None)
    assert [(s.document_id, s.start) for s in chinese] == [(second.id, 0), (second.id, 20)]


def test_tag_all_writes_one_transaction_and_skips_what_is_tagged(
    two_articles: tuple[Project, Document, Document], db_path: Path
) -> None:
    project, first, second = two_articles
    already = annotation.tag_span(project, first.id, 0, 6, "chips")
    # Another annotator's tag and another label do not count as "already tagged".
    annotation.tag_span(project, first.id, 52, 58, "models")
    created = tag_all_matches(project, "Huawei", "chips", None)
    assert [(s.document_id, s.start) for s in created] == [(first.id, 52), (second.id, 7)]
    assert count(db_path, "SELECT COUNT(*) FROM spans WHERE label = 'chips'") == 3
    assert get_status(project.database, second.id, "alice") is DocumentStatus.IN_PROGRESS
    assert already.id not in {s.id for s in created}
    assert preview_tag_all(project, "Huawei", "chips", None) == []
    assert index_is_sound(project)


def test_tag_all_is_all_or_nothing(two_articles: tuple[Project, Document, Document], db_path: Path) -> None:
    project, first, second = two_articles
    # Another program makes the third insert fail: the two before it must not stay either.
    with connect(db_path) as conn, conn:
        conn.execute(
            "CREATE TRIGGER refuse_third AFTER INSERT ON spans WHEN (SELECT COUNT(*) FROM spans) >= 3 "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    with pytest.raises(sqlite3.IntegrityError, match="refused"):
        tag_all_matches(project, "Huawei", "chips", [first.id, second.id])
    assert count(db_path, "SELECT COUNT(*) FROM spans") == 0
    assert count(db_path, "SELECT COUNT(*) FROM document_status") == 0
    assert index_is_sound(project)


def test_bad_requests_raise_and_write_nothing(
    two_articles: tuple[Project, Document, Document], db_path: Path
) -> None:
    project, first, _ = two_articles
    with pytest.raises(SpanError, match="no label called 'nope'"):
        tag_all_matches(project, "Huawei", "nope", [first.id])
    with pytest.raises(SpanError, match="no text"):
        tag_all_matches(project, "  \n", "chips", [first.id])
    assert count(db_path, "SELECT COUNT(*) FROM spans") == 0


def test_remove_and_restore_are_undo_and_redo(
    two_articles: tuple[Project, Document, Document], db_path: Path
) -> None:
    project, first, _second = two_articles
    created = tag_all_matches(project, "Huawei", "chips", None)
    rows_after = count(db_path, "SELECT COUNT(*) FROM spans")
    removed = remove_spans(project, [s.id for s in created] + ["missing-id"])
    assert [s.id for s in removed] == [s.id for s in created]
    assert count(db_path, "SELECT COUNT(*) FROM spans") == 0
    restore_spans(project, removed)
    assert count(db_path, "SELECT COUNT(*) FROM spans") == rows_after
    assert reading.document_spans(project, first.id)[0] == created[0]
    assert index_is_sound(project)


def test_corpus_scope_uses_the_index_and_agrees_with_reading_every_article(empty_project: Project) -> None:
    documents = [
        add_document(empty_project, f"Article {n}", f"Report {n}: " + ("Kunlun P800 chips. " * (n % 3)))
        for n in range(30)
    ]
    every_id = [d.id for d in documents]
    indexed = preview_tag_all(empty_project, "Kunlun P800", "chips", None)
    assert len(indexed) == sum(n % 3 for n in range(30))
    assert {(s.document_id, s.start) for s in indexed} == {
        (s.document_id, s.start)
        for d in every_id
        for s in preview_tag_all(empty_project, "Kunlun P800", "chips", [d])
    }
    # A short needle cannot use the index: every article is read, with the same answer.
    short = preview_tag_all(empty_project, "P8", "chips", every_id, whole_words=False)
    assert len(short) == len(indexed)


def test_preview_groups_count_per_article_with_contexts(
    two_articles: tuple[Project, Document, Document],
) -> None:
    project, _first, _second = two_articles
    spans = preview_tag_all(project, "Huawei", "chips", None)
    groups = preview_groups(project, spans, samples=1)
    assert [(g.title, g.count, len(g.samples)) for g in groups] == [("First", 2, 1), ("Second", 1, 1)]
    sample = groups[0].samples[0]
    assert sample.text[sample.emphasis_start : sample.emphasis_end] == "Huawei"
    assert [len(g.samples) for g in preview_groups(project, spans, documents=1)] == [2, 0]
