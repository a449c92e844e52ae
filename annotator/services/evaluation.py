"""Every suggestion source measured on held-out articles (``annotator suggest --evaluate``): the tagged
articles are split, each source learns from one part and is scored on the other."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.domain.progress import NO_PROGRESS, Progress
from annotator.domain.suggestions import SuggestionSource
from annotator.services.project import Project
from annotator.services.span_model import ModelUnavailable
from annotator.services.suggest_eval import (
    Evaluation,
    match_rules,
    match_strings,
    split,
    tagged_articles,
    tally,
)
from annotator.services.suggest_model import train_and_predict
from annotator.storage import term_rules as rule_rows


def evaluate(
    project: Project,
    sources: Sequence[SuggestionSource] = (
        SuggestionSource.STRINGS,
        SuggestionSource.TERMS,
        SuggestionSource.MODEL,
    ),
    labels: Iterable[str] | None = None,
    progress: Progress = NO_PROGRESS,
) -> Evaluation:
    chosen = None if labels is None else sorted(set(labels))
    learn_from, held_out = split(tagged_articles(project, chosen))
    result = Evaluation(len(learn_from), len(held_out))
    if not held_out or not learn_from:
        result.notes.append("too few tagged articles to hold any out: tag at least two")
        return result
    texts = [a.text for a in held_out]
    for source in sources:
        if source is SuggestionSource.STRINGS:
            result.tallies[source] = tally(held_out, match_strings(learn_from, texts))
        elif source is SuggestionSource.TERMS:
            rules = rule_rows.list_rules(project.database, chosen)
            if rules:
                result.tallies[source] = tally(held_out, match_rules(rules, texts))
            else:
                result.notes.append("no term lists or patterns in the label schema: not evaluated")
        elif source is SuggestionSource.MODEL:
            try:
                trained = train_and_predict(learn_from, texts, progress)
            except ModelUnavailable as error:
                result.notes.append(f"the model was not evaluated: {error}")
                continue
            result.tallies[source] = tally(held_out, trained.predictions, trained.threshold)
    return result
