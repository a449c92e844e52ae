"""Suggestions from what the project already tagged: every string tagged with a label is proposed at its
other whole-word occurrences across the corpus, scored by how consistently it got that label.

The corpus index (trigram full-text search) finds the articles that may hold a string, so a newly tagged
string is matched without reading every article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from annotator.domain.progress import NO_PROGRESS, Progress
from annotator.domain.suggestions import Suggestion, SuggestionSource, consistency_score, occurrences
from annotator.services.project import Project
from annotator.storage import suggestions as suggestion_rows
from annotator.storage.database import Database
from annotator.storage.suggestion_queries import tagged_document_ids, tagged_string_counts, texts_containing

# Below this a string got its label too rarely where it occurs to be worth an analyst's look.
MIN_SCORE = 0.15


def worth_matching(text: str) -> bool:
    """Strings that carry meaning: not blank, not padded, with a letter or digit, not a single letter."""
    return text == text.strip() and any(c.isalnum() for c in text) and (len(text) > 1 or ord(text) > 0x2E80)


def string_suggestions(
    database: Database,
    texts: Iterable[str] | None = None,
    labels: Iterable[str] | None = None,
    progress: Progress = NO_PROGRESS,
) -> Iterator[Suggestion]:
    """Suggestions for the given tagged strings (every tagged string when None)."""
    counts = tagged_string_counts(database, texts)
    wanted = set(labels) if labels is not None else None
    by_text: dict[str, dict[str, int]] = {}
    for (text, label), count in counts.items():
        if wanted is None or label in wanted:
            by_text.setdefault(text, {})[label] = count
    tagged = tagged_document_ids(database)
    strings = sorted(text for text in by_text if worth_matching(text))
    for number, text in enumerate(strings):
        progress.step(number, len(strings))
        found = {
            doc: starts
            for doc, body in texts_containing(database, text)
            if (starts := occurrences(body, text))
        }
        seen = sum(len(starts) for doc, starts in found.items() if doc in tagged)
        for label, count in sorted(by_text[text].items()):
            score = consistency_score(count, seen)
            if score < MIN_SCORE:
                continue
            why = f"'{text}' was tagged {label} {count} of {max(seen, count)} times in tagged articles"
            for doc, starts in found.items():
                for start in starts:
                    yield Suggestion.model_construct(
                        id=0,
                        document_id=doc,
                        start=start,
                        end=start + len(text),
                        label=label,
                        text=text,
                        source=SuggestionSource.STRINGS,
                        score=score,
                        provenance=why,
                    )
    progress.step(len(strings), len(strings))


def refresh_strings(
    project: Project,
    *,
    texts: Iterable[str] | None = None,
    labels: Iterable[str] | None = None,
    progress: Progress = NO_PROGRESS,
) -> int:
    """Recompute the string matcher's suggestions (for the given strings only, after a tag); returns how
    many are stored. One transaction: a cancel leaves the previous suggestions as they were."""
    chosen = None if texts is None else sorted(set(texts))
    label_list = None if labels is None else sorted(set(labels))
    with project.database.write():
        found = list(string_suggestions(project.database, chosen, label_list, progress))
        return suggestion_rows.replace_suggestions(
            project.database, SuggestionSource.STRINGS, found, labels=label_list, texts=chosen
        )
