"""Suggestions from tagged strings and term lists; accepting and rejecting them, and undoing both."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import ConflictError, InputError
from annotator.domain.models import DocumentStatus, Span
from annotator.domain.suggestions import SuggestionSource, consistency_score, occurrences
from annotator.services import annotation, reading, suggestions
from annotator.services.importing import import_paths
from annotator.services.project import Project
from annotator.services.string_matcher import refresh_strings
from annotator.services.term_lists import import_terms, refresh_terms
from annotator.storage.suggestions import provenance_of


def add_articles(project: Project, tmp_path: Path, texts: dict[str, str]) -> dict[str, str]:
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    import_paths(project, [folder])
    return {Path(d.source).stem: d.id for d in reading.list_documents(project)}


def tag(project: Project, document_id: str, needle: str, label: str) -> Span:
    """Tag the first occurrence of ``needle`` in the article."""
    start = reading.load_document(project, document_id).text.index(needle)
    return annotation.tag_span(project, document_id, start, start + len(needle), label)


@pytest.fixture
def corpus(empty_project: Project, tmp_path: Path) -> dict[str, str]:
    return add_articles(
        empty_project,
        tmp_path,
        {
            "a": "Huawei Ascend chips\nHuawei makes the Ascend 910B.",
            "b": "Ascend 910B orders grew. Huaweis is not a word here.",
            "c": "华为 昇腾 芯片。讯飞星火发布。",
            "d": "讯飞星火 X1 and Ascend 910B again.",
        },
    )


def test_occurrences_are_whole_words_in_english_and_anywhere_in_chinese() -> None:
    assert occurrences("Huawei and Huaweis, huawei", "Huawei") == [0]
    assert occurrences("Huawei and Huaweis, huawei", "Huawei", ignore_case=True) == [0, 20]
    assert occurrences("讯飞星火发布讯飞星火", "讯飞星火") == [0, 6]
    assert occurrences("a 910B-x 910Bs", "910B") == [2]


def test_consistency_score_grows_with_agreement_and_falls_with_untagged_occurrences() -> None:
    assert consistency_score(1, 1) < consistency_score(4, 4) < 1
    assert consistency_score(4, 10) < consistency_score(4, 4)


def test_a_tagged_string_is_proposed_at_its_other_occurrences(
    empty_project: Project, corpus: dict[str, str]
) -> None:
    project = empty_project
    tag(project, corpus["a"], "Ascend 910B", "chips")  # "Ascend 910B" in a
    tag(project, corpus["c"], "讯飞星火", "models")  # 讯飞星火 in c
    stored = refresh_strings(project)
    assert stored == 5  # Ascend 910B in a (where it is tagged), b and d; 讯飞星火 in c (tagged) and d
    in_b = suggestions.open_suggestions(project, corpus["b"])
    assert [(s.start, s.end, s.label, s.source) for s in in_b] == [(0, 11, "chips", SuggestionSource.STRINGS)]
    assert in_b[0].text == "Ascend 910B"
    assert "tagged chips 1 of 1" in in_b[0].provenance
    in_d = suggestions.open_suggestions(project, corpus["d"])
    assert sorted((s.text, s.label) for s in in_d) == [("Ascend 910B", "chips"), ("讯飞星火", "models")]
    # Where the analyst tagged it, nothing is proposed.
    assert suggestions.open_suggestions(project, corpus["a"]) == []


def test_an_untagged_occurrence_in_a_tagged_article_lowers_the_score(
    empty_project: Project, corpus: dict[str, str]
) -> None:
    project = empty_project
    tag(project, corpus["a"], "Huawei", "strategy")  # the first "Huawei" of two in a
    refresh_strings(project, texts=["Huawei"])
    (suggestion,) = suggestions.open_suggestions(project, corpus["a"])
    assert (
        suggestion.start == 20 and suggestion.text == "Huawei" and suggestion.score == consistency_score(1, 2)
    )
    # "Huaweis" in b is another word: not proposed.
    assert suggestions.open_suggestions(project, corpus["b"]) == []


def test_accept_makes_the_analysts_span_with_provenance_and_undo_takes_it_back(
    empty_project: Project, corpus: dict[str, str]
) -> None:
    project = empty_project
    tag(project, corpus["a"], "Ascend 910B", "chips")
    refresh_strings(project)
    (seen,) = suggestions.open_suggestions(project, corpus["b"])
    (accepted,) = suggestions.accept_suggestions(project, [seen])
    span = accepted.span
    assert (span.start, span.end, span.label, span.annotator) == (0, 11, "chips", "alice")
    assert reading.document_spans(project, corpus["b"]) == [span]
    stored = provenance_of(project.database, [span.id])[span.id]
    assert stored.source is SuggestionSource.STRINGS and stored.score == seen.score and stored.accepted_at
    assert reading.document_summary(project, corpus["b"]).status is DocumentStatus.IN_PROGRESS
    assert suggestions.open_suggestions(project, corpus["b"]) == []

    suggestions.withdraw_accepted(project, [accepted])
    assert reading.document_spans(project, corpus["b"]) == []
    assert provenance_of(project.database, [span.id]) == {}
    assert suggestions.open_suggestions(project, corpus["b"]) == [seen]
    suggestions.restore_accepted(project, [accepted])
    assert reading.document_spans(project, corpus["b"]) == [span]
    assert span.id in provenance_of(project.database, [span.id])


def test_a_rejection_is_remembered_across_refreshes_and_undone(
    empty_project: Project, corpus: dict[str, str]
) -> None:
    project = empty_project
    tag(project, corpus["a"], "Ascend 910B", "chips")
    refresh_strings(project)
    (seen,) = suggestions.open_suggestions(project, corpus["b"])
    keys = suggestions.reject_suggestions(project, [seen])
    assert suggestions.open_suggestions(project, corpus["b"]) == []
    refresh_strings(project)
    assert suggestions.open_suggestions(project, corpus["b"]) == []
    suggestions.unreject(project, keys)
    (again,) = suggestions.open_suggestions(project, corpus["b"])
    assert again.key == seen.key


def test_a_stale_suggestion_is_refused_and_nothing_changes(
    empty_project: Project, corpus: dict[str, str]
) -> None:
    project = empty_project
    span = tag(project, corpus["a"], "Ascend 910B", "chips")
    refresh_strings(project)
    (seen,) = suggestions.open_suggestions(project, corpus["b"])
    annotation.remove_span(project, span)
    refresh_strings(project)  # nobody tags "Ascend 910B" any more: its suggestions go
    with pytest.raises(ConflictError):
        suggestions.accept_suggestions(project, [seen])
    with pytest.raises(ConflictError):
        suggestions.reject_suggestions(project, [seen])
    assert reading.document_spans(project, corpus["b"]) == []


def test_accept_above_a_threshold_takes_only_the_confident_ones(
    empty_project: Project, corpus: dict[str, str]
) -> None:
    project = empty_project
    tag(project, corpus["a"], "Ascend 910B", "chips")  # Ascend 910B: 1 of 1, score 0.5
    tag(project, corpus["c"], "讯飞星火", "models")
    tag(project, corpus["b"], "Ascend 910B", "chips")  # Ascend 910B now 2 of 2: 0.667
    refresh_strings(project)
    open_in_d = suggestions.open_suggestions(project, corpus["d"])
    assert {s.text: s.score for s in open_in_d} == {"Ascend 910B": 0.6667, "讯飞星火": 0.5}
    accepted = suggestions.accept_above(project, corpus["d"], 0.6)
    assert [a.span.text for a in accepted] == ["Ascend 910B"]
    assert [s.text for s in suggestions.open_suggestions(project, corpus["d"])] == ["讯飞星火"]


def test_term_lists_from_csv_propose_terms_aliases_and_patterns(
    empty_project: Project, corpus: dict[str, str], tmp_path: Path
) -> None:
    project = empty_project
    terms = tmp_path / "terms.csv"
    terms.write_text(
        "label,term,kind,aliases,case\nchips,ascend,term,昇腾,\nmodels,讯飞星火( X1)?,regex,,sensitive\n",
        encoding="utf-8",
    )
    assert import_terms(project, terms).summary() == "2 term(s) or pattern(s) added, 0 updated"
    assert import_terms(project, terms).added == 0
    refresh_terms(project)
    found = {
        (title, s.text, s.label)
        for title, document_id in corpus.items()
        for s in suggestions.open_suggestions(project, document_id)
    }
    assert found == {
        ("a", "Ascend", "chips"),
        ("b", "Ascend", "chips"),
        ("c", "昇腾", "chips"),
        ("d", "Ascend", "chips"),
        ("c", "讯飞星火", "models"),
        ("d", "讯飞星火 X1", "models"),
    }
    assert len(suggestions.open_suggestions(project, corpus["a"])) == 2  # both "Ascend"s in a


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("label,word\nchips,Ascend\n", "line 1: the header row needs the column(s) term"),
        (
            "label,term\nchips,Ascend\nhardware,H20\n",
            "line 3: field 'label': there is no label called 'hardware'",
        ),
        ("label,term,kind\nchips,(unclosed,regex\n", "line 2: '(unclosed' is not a valid regular expression"),
        ("label,term,kind\nchips,x*,regex\n", "line 2: the pattern 'x*' matches empty text"),
        ("label,term,kind\nchips,H20,glob\n", "line 2: 'glob' is not a valid RuleKind"),
    ],
)
def test_a_bad_term_file_names_the_line_and_stores_nothing(
    empty_project: Project, tmp_path: Path, content: str, message: str
) -> None:
    terms = tmp_path / "terms.csv"
    terms.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        import_terms(empty_project, terms)
    assert str(raised.value).startswith(str(terms))
    assert message in str(raised.value)
    from annotator.services.term_lists import list_rules

    assert list_rules(empty_project) == []


def test_renaming_a_label_carries_its_suggestions_and_deleting_it_drops_them(
    empty_project: Project, corpus: dict[str, str]
) -> None:
    from annotator.services import labels

    project = empty_project
    tag(project, corpus["a"], "Ascend 910B", "chips")
    refresh_strings(project)
    labels.update_label(project, "chips", new_name="hardware")
    assert [s.label for s in suggestions.open_suggestions(project, corpus["b"])] == ["hardware"]
    labels.delete_label(project, "hardware", labels.DELETE_SPANS)
    assert suggestions.open_suggestions(project, corpus["b"]) == []


def test_the_jsonl_export_carries_an_accepted_spans_provenance_and_never_open_suggestions(
    empty_project: Project, corpus: dict[str, str], tmp_path: Path
) -> None:
    import json

    from annotator.services.exporting import export_jsonl

    project = empty_project
    tag(project, corpus["a"], "Ascend 910B", "chips")
    refresh_strings(project)
    (seen,) = suggestions.open_suggestions(project, corpus["b"])
    (accepted,) = suggestions.accept_suggestions(project, [seen])
    out = tmp_path / "out.jsonl"
    export_jsonl(project, out)
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    (span,) = records[corpus["b"]]["spans"]
    assert span["id"] == accepted.span.id
    assert span["suggestion"] == {
        "source": "strings",
        "score": seen.score,
        "why": seen.provenance,
        "accepted_at": accepted.provenance.accepted_at,
    }
    assert "suggestion" not in records[corpus["a"]]["spans"][0]  # tagged by hand
    # The open suggestion in d is not an annotation.
    assert records[corpus["d"]]["spans"] == []


def test_the_next_uncertain_article_is_the_untagged_one_with_scores_nearest_a_half(
    empty_project: Project, corpus: dict[str, str]
) -> None:
    from annotator.domain.suggestions import Suggestion
    from annotator.storage.suggestions import add_suggestions

    project = empty_project

    def model_says(title: str, scores: list[float]) -> list[Suggestion]:
        text = reading.load_document(project, corpus[title]).text
        return [
            Suggestion(
                document_id=corpus[title],
                start=i,
                end=i + 1,
                label="chips",
                text=text[i],
                source=SuggestionSource.MODEL,
                score=score,
            )
            for i, score in enumerate(scores)
        ]

    with project.database.write():
        add_suggestions(project.database, model_says("a", [0.95, 0.9]) + model_says("b", [0.55, 0.4]))
        add_suggestions(project.database, model_says("c", [0.5]))
    tag(project, corpus["c"], "讯飞星火", "models")  # tagged already: not proposed
    assert suggestions.next_uncertain_article(project, None) == corpus["b"]
    assert suggestions.next_uncertain_article(project, corpus["b"]) == corpus["a"]


def test_a_new_version_of_an_articles_text_drops_its_suggestions_and_rejections(
    empty_project: Project, corpus: dict[str, str]
) -> None:
    from annotator.services.revisions import update_document_text
    from annotator.storage.suggestions import rejected_keys

    project = empty_project
    tag(project, corpus["a"], "Ascend 910B", "chips")
    refresh_strings(project)
    seen_b, seen_d = (suggestions.open_suggestions(project, corpus[t])[0] for t in "bd")
    suggestions.reject_suggestions(project, [seen_d])
    update_document_text(project, corpus["d"], "New text: the Ascend 910B moved.")
    assert suggestions.open_suggestions(project, corpus["d"]) == []
    assert rejected_keys(project.database, "alice") == set()
    assert suggestions.open_suggestions(project, corpus["b"]) == [seen_b]  # other articles keep theirs
    refresh_strings(project)
    (again,) = suggestions.open_suggestions(project, corpus["d"])
    assert (again.start, again.text) == (14, "Ascend 910B")
