"""The model source: a span categorizer trained on the project's tagged articles (most of them; the rest
are held out to report its precision and recall), whose predictions on the untagged articles become
suggestions. Training runs outside any transaction; the predictions are stored in one at the end, so a
cancel leaves the previous model's suggestions as they were."""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.domain.progress import NO_PROGRESS, Progress
from annotator.domain.suggestions import Suggestion, SuggestionSource
from annotator.services.model_worker import train_and_predict_spans
from annotator.services.project import Project
from annotator.services.span_model import ModelUnavailable, TrainingDocument, longest_span
from annotator.services.suggest_eval import Place, TaggedArticle, Tally, split, tagged_articles, tally
from annotator.storage import suggestions as suggestion_rows
from annotator.storage.suggestion_queries import all_texts

# Predictions at least this likely are kept as suggestions; those at 0.5 or more count as the model's
# answer when it is scored.
KEEP_FROM = 0.3
ANSWER_FROM = 0.5


@dataclass
class Trained:
    predictions: list[list[tuple[Place, float]]]
    threshold: float = ANSWER_FROM
    epochs: int = 0
    seconds: float = 0.0


@dataclass
class ModelResult:
    stored: int = 0
    train_articles: int = 0
    train_spans: int = 0
    held_out: dict[str, Tally] = field(default_factory=dict)
    epochs: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        overall = self.held_out.get("all")
        scored = (
            f"precision {overall.precision:.2f}, recall {overall.recall:.2f} on held-out articles"
            if overall
            else "no articles held out to score it"
        )
        return (
            f"model trained on {self.train_spans:,} spans in {self.train_articles} article(s) "
            f"({self.epochs} passes, {self.seconds:.1f} s): {scored}; {self.stored:,} suggestions"
        )


def _training(articles: Sequence[TaggedArticle]) -> list[TrainingDocument]:
    return [TrainingDocument(a.text, tuple(sorted(a.spans))) for a in articles]


def train_and_predict(
    learn_from: Sequence[TaggedArticle],
    texts: Sequence[str],
    progress: Progress = NO_PROGRESS,
    *,
    epochs: int = 12,
    seconds: float = 25.0,
) -> Trained:
    """Train a model on the articles (in a process of its own) and score spans of ``texts`` with it."""
    if importlib.util.find_spec("spacy") is None:
        raise ModelUnavailable(
            "the model needs spaCy: install Annotator with the 'suggest' extra "
            "(pip install 'annotator[suggest]')"
        )
    documents = _training(learn_from)
    labels = sorted({label for a in learn_from for _, _, label in a.spans})
    began = time.perf_counter()
    ran, found = train_and_predict_spans(
        documents,
        labels,
        longest_span(documents),
        texts,
        progress,
        epochs=epochs,
        seconds=seconds,
        minimum=KEEP_FROM,
    )
    predictions = [[((start, end, label), score) for start, end, label, score in spans] for spans in found]
    return Trained(predictions, ANSWER_FROM, ran, time.perf_counter() - began)


def refresh_model(
    project: Project, *, labels: Iterable[str] | None = None, progress: Progress = NO_PROGRESS
) -> ModelResult:
    chosen = None if labels is None else sorted(set(labels))
    articles = tagged_articles(project, chosen)
    result = ModelResult()
    if not articles:
        return result
    learn_from, held_out = split(articles) if len(articles) >= 5 else (articles, [])
    tagged_ids = {a.id for a in articles}
    targets = [(doc, text) for doc, text in all_texts(project.database) if doc not in tagged_ids]
    trained = train_and_predict(
        learn_from, [a.text for a in held_out] + [text for _, text in targets], progress
    )
    if held_out:
        result.held_out = tally(held_out, trained.predictions[: len(held_out)], trained.threshold)
    found = [
        Suggestion.model_construct(
            id=0,
            document_id=doc,
            start=start,
            end=end,
            label=label,
            text=text[start:end],
            source=SuggestionSource.MODEL,
            score=score,
            provenance=f"span model trained on {len(learn_from)} tagged article(s)",
        )
        for (doc, text), predicted in zip(targets, trained.predictions[len(held_out) :], strict=True)
        for (start, end, label), score in predicted
    ]
    with project.database.write():
        result.stored = suggestion_rows.replace_suggestions(
            project.database, SuggestionSource.MODEL, found, labels=chosen
        )
    result.train_articles = len(learn_from)
    result.train_spans = sum(len(a.spans) for a in learn_from)
    result.epochs, result.seconds = trained.epochs, trained.seconds
    return result
