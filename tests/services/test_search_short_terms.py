"""Two-character terms and words found inside words, through the index of word suffixes and character
pairs without positions (storage.search_tokens).

A two-character Chinese term is one pair of the index, also at the very end of a title, a text, a label
or a note. A word found inside another is the start of one of its suffixes. A text that holds a term's
trigrams apart (what the earlier index of trigrams looked up) is never a hit, nor even a candidate.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.services import annotation, reading
from annotator.services.importing import ImportOptions, import_files
from annotator.services.project import Project
from annotator.services.search import index_is_sound, search_corpus
from annotator.storage import search as search_rows


def project_with(tmp_path: Path, *texts: str) -> Project:
    source = tmp_path / "texts.jsonl"
    source.write_text("".join(json.dumps({"text": text}) + "\n" for text in texts), encoding="utf-8")
    project = Project.open(tmp_path / "short.db", annotator="alice")
    import_files(project, [source], ImportOptions(format="jsonl"))
    return project


def titles(hits: list) -> set[str]:  # type: ignore[type-arg]
    return {hit.title for hit in hits}


def test_two_chinese_characters_are_found_inside_and_at_the_very_end(tmp_path: Path) -> None:
    with project_with(
        tmp_path,
        "投資有風險，入市需謹慎。",
        "市場的結論是：沒有風險",
        "這篇文章只談收益。",
    ) as project:
        found = {hit.document_id for hit in search_corpus(project, "風險")}
        by_text = {d.title: d.id for d in reading.list_documents(project)}
        assert len(found) == 2 and by_text["這篇文章只談收益。"] not in found
        assert search_corpus(project, "風向") == []  # a pair no text holds
        assert index_is_sound(project)


def test_a_pair_at_the_end_of_a_span_note_or_label_is_found(tmp_path: Path) -> None:
    with project_with(tmp_path, "Huawei ships the Ascend chips to Hefei.") as project:
        document_id = reading.list_documents(project)[0].id
        span = annotation.tag_span(project, document_id, 0, 6, project_labels(project)[0])
        annotation.set_span_note(project, span, "核实风险")
        kinds = {hit.kind.value for hit in search_corpus(project, "风险")}
        assert kinds == {"span"}


def project_labels(project: Project) -> list[str]:
    return [label.name for label in reading.list_labels(project)]


def test_a_word_whose_trigrams_a_text_holds_apart_is_no_hit(tmp_path: Path) -> None:
    # "revenue" has the trigrams rev, eve, ven, enu, nue: the first text holds them all, never the word.
    with project_with(tmp_path, "rev eve ven enu nue", "the revenue grew") as project:
        assert titles(search_corpus(project, "revenue")) == {"the revenue grew"}
        candidates = search_rows.documents_containing(project.database, "revenue", case_sensitive=False)
        assert len(candidates) == 1  # no suffix of the first text's words begins with "revenue"


def test_two_latin_letters_are_a_word_of_their_own_with_case_ignored(tmp_path: Path) -> None:
    with project_with(tmp_path, "An AI model", "The airline said", "Nothing here") as project:
        assert titles(search_corpus(project, "ai")) == {"An AI model"}  # not inside "airline"
        candidates = search_rows.documents_containing(project.database, "ai", case_sensitive=False)
        assert len(candidates) == 2
