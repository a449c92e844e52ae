"""A large import leaves its rows out of the search index; the index catches up afterwards, in batches.

Until it has, those rows are found by nothing that reads the index, every edit of them (and of the rows
already indexed) keeps the index exactly in step, and once it has caught up FTS5's own check passes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.domain.errors import Cancelled
from annotator.services import annotation, reading
from annotator.services.importing import ImportOptions, import_files
from annotator.services.importing_store import DEFER_INDEX_FROM
from annotator.services.project import Project
from annotator.services.search import catch_up_index, index_backlog, index_is_sound, search_corpus
from annotator.storage import search as search_rows

ARTICLES = DEFER_INDEX_FROM + 20


def corpus(path: Path, count: int = ARTICLES, word: str = "pangolin") -> Path:
    lines = []
    for n in range(count):
        text = f"Article {n} about a {word}{n:04d} and its chips."
        start = text.index(word)
        end = start + len(word) + 4
        span = {"start": start, "end": end, "label": "animal", "text": text[start:end]}
        lines.append(json.dumps({"text": text, "spans": [span]}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def imported(tmp_path: Path, name: str = "big.db") -> Project:
    project = Project.open(tmp_path / name, annotator="alice")
    import_files(project, [corpus(tmp_path / "big.jsonl")], ImportOptions(format="jsonl"))
    return project


def test_a_large_import_is_searchable_once_the_index_caught_up(tmp_path: Path) -> None:
    with imported(tmp_path) as project:
        assert index_backlog(project) == 2 * ARTICLES  # every article and every span waits
        assert search_corpus(project, "pangolin0007") == []
        done: list[tuple[int, int]] = []
        assert catch_up_index(project, lambda d, t: done.append((d, t))) == 2 * ARTICLES
        assert done[-1] == (2 * ARTICLES, 2 * ARTICLES)
        assert index_backlog(project) == 0
        kinds = sorted(hit.kind.value for hit in search_corpus(project, "pangolin0007"))
        assert kinds == ["span", "text"]
        assert index_is_sound(project)


def test_a_small_import_is_indexed_at_once(tmp_path: Path) -> None:
    with Project.open(tmp_path / "small.db", annotator="alice") as project:
        import_files(project, [corpus(tmp_path / "small.jsonl", count=5)], ImportOptions(format="jsonl"))
        assert index_backlog(project) == 0
        assert search_corpus(project, "pangolin0003")


def test_edits_while_waiting_keep_the_index_exact(tmp_path: Path) -> None:
    with Project.open(tmp_path / "big.db", annotator="alice") as project:
        # Some rows indexed before the import, some after it, edited on both sides of the mark.
        import_files(
            project, [corpus(tmp_path / "first.jsonl", 3, "armadillo")], ImportOptions(format="jsonl")
        )
        import_files(project, [corpus(tmp_path / "big.jsonl")], ImportOptions(format="jsonl"))
        assert index_backlog(project) == 2 * ARTICLES
        documents = {d.title: d.id for d in reading.list_documents(project)}
        waiting = documents["Article 5 about a pangolin0005 and its chips."]
        indexed = documents["Article 1 about a armadillo0001 and its chips."]
        for document_id in (waiting, indexed):
            span = reading.document_spans(project, document_id)[0]
            annotation.set_span_note(project, span, "a quokka was seen")
            annotation.tag_span(project, document_id, 0, 7, "animal")
        annotation.remove_span(project, reading.document_spans(project, waiting)[0])  # the one at 0..7
        # The indexed article's new note is found at once; the waiting one's after the catch-up.
        assert {hit.document_id for hit in search_corpus(project, "quokka")} == {indexed}
        catch_up_index(project)
        assert {hit.document_id for hit in search_corpus(project, "quokka")} == {indexed, waiting}
        assert index_is_sound(project)


def test_find_in_corpus_reads_the_articles_still_waiting(tmp_path: Path) -> None:
    with imported(tmp_path) as project:
        found = search_rows.documents_containing(project.database, "pangolin0009", case_sensitive=True)
        assert len(found) == ARTICLES  # every waiting article is a candidate, to be read
        catch_up_index(project)
        found = search_rows.documents_containing(project.database, "pangolin0009", case_sensitive=True)
        assert len(found) == 1


def test_a_stopped_catch_up_keeps_its_batches_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("annotator.services.search._CATCH_UP_BATCH", 50)
    with imported(tmp_path) as project:

        def stop_after_two_batches(done: int, total: int) -> None:
            if done >= 100:
                raise Cancelled("indexing")

        with pytest.raises(Cancelled):
            catch_up_index(project, stop_after_two_batches)
        left = index_backlog(project)
        assert 0 < left < 2 * ARTICLES
        assert catch_up_index(project) >= left
        assert index_backlog(project) == 0
        assert index_is_sound(project)


def test_the_command_line_import_indexes_before_it_returns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.db"
    assert main(["import", "--db", str(db), str(corpus(tmp_path / "big.jsonl"))]) == 0
    assert f"search index: {2 * ARTICLES:,} articles and spans indexed" in capsys.readouterr().out
    with Project.open(db, annotator="alice") as project:
        assert index_backlog(project) == 0
        assert search_corpus(project, "pangolin0011")
