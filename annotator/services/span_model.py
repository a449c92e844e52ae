"""A span categorizer trained on the project's own spans (spaCy's ``spancat`` from a blank pipeline).

spaCy's span categorizer is made for exactly this: it scores candidate spans of up to a few tokens for
every label independently, so overlapping spans and several labels on one span are learned as they are
tagged, and it trains on a CPU in seconds. Text is cut into tokens here, not by a language's tokenizer:
runs of letters and digits in alphabetic scripts, one token per character in Chinese (which has no spaces
to cut on), so one model reads both, and mixed, text. Span offsets stay code points throughout.

spaCy is optional (the ``suggest`` extra); only this module imports it, when a model is trained.
"""

from __future__ import annotations

import random
import re
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.domain.suggestions import is_cjk

_TOKEN = re.compile(r"[^\W_]+(?:[.,'’\-][^\W_]+)*|\S", re.UNICODE)
LONGEST_NGRAM = 10  # tokens; longer spans are learned from their own length up to this
SPAN_KEY = "sc"


class ModelUnavailable(AnnotatorError):
    """spaCy is not installed."""


@dataclass(frozen=True)
class TrainingDocument:
    text: str
    spans: tuple[tuple[int, int, str], ...]  # start, end, label in code points


@dataclass(frozen=True)
class Predicted:
    start: int
    end: int
    label: str
    score: float


def tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of every token: words and numbers whole, Chinese characters one by one."""
    found: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        piece = match.group()
        if any(is_cjk(c) for c in piece):
            run = start
            for offset, character in enumerate(piece):
                if is_cjk(character):
                    if run < start + offset:
                        found.append((run, start + offset))
                    found.append((start + offset, start + offset + 1))
                    run = start + offset + 1
            if run < end:
                found.append((run, end))
        else:
            found.append((start, end))
    return found


def _spacy() -> Any:
    try:
        import spacy
    except ImportError as error:
        raise ModelUnavailable(
            "the model needs spaCy: install Annotator with the 'suggest' extra "
            "(pip install 'annotator[suggest]')"
        ) from error
    return spacy


class SpanModel:
    """A trained span categorizer, with the token cutting that goes with it."""

    def __init__(self, labels: Sequence[str], longest: int, seed: int = 0) -> None:
        spacy = _spacy()
        self.labels = sorted(set(labels))
        self.nlp = spacy.blank("xx")
        sizes = list(range(1, max(1, min(longest, LONGEST_NGRAM)) + 1))
        config = {
            "spans_key": SPAN_KEY,
            "threshold": 0.5,
            "suggester": {"@misc": "spacy.ngram_suggester.v1", "sizes": sizes},
            "model": {
                "@architectures": "spacy.SpanCategorizer.v1",
                "scorer": {"@layers": "spacy.LinearLogistic.v1"},
                "reducer": {"@layers": "spacy.mean_max_reducer.v1", "hidden_size": 64},
                "tok2vec": {
                    "@architectures": "spacy.HashEmbedCNN.v2",
                    "pretrained_vectors": None,
                    "width": 64,
                    "depth": 1,
                    "embed_size": 2000,
                    "window_size": 1,
                    "maxout_pieces": 3,
                    "subword_features": True,
                },
            },
        }
        self.spancat = self.nlp.add_pipe("spancat", config=config)
        for label in self.labels:
            self.spancat.add_label(label)
        self.seed = seed

    def doc(self, text: str) -> tuple[Any, list[tuple[int, int]]]:
        from spacy.tokens import Doc

        cuts = tokens(text)
        words = [text[start:end] for start, end in cuts]
        spaces = [end < len(text) and text[end].isspace() for _, end in cuts]
        return Doc(self.nlp.vocab, words=words or [" "], spaces=spaces or [False]), cuts

    def example(self, document: TrainingDocument) -> Any:
        """A training example; a span whose edges fall inside a token cannot be learned and is left out."""
        from spacy.tokens import Span as SpacySpan
        from spacy.training import Example

        predicted, cuts = self.doc(document.text)
        reference, _ = self.doc(document.text)
        starts = {start: i for i, (start, _) in enumerate(cuts)}
        ends = {end: i + 1 for i, (_, end) in enumerate(cuts)}
        spans = []
        for start, end, label in document.spans:
            if start in starts and end in ends and label in self.labels:
                spans.append(SpacySpan(reference, starts[start], ends[end], label=label))
        reference.spans[SPAN_KEY] = spans
        return Example(predicted, reference)

    def train(
        self,
        documents: Sequence[TrainingDocument],
        *,
        epochs: int = 12,
        seconds: float = 25.0,
        step: Callable[[int, int], None] | None = None,
    ) -> int:
        """Train on the documents; returns the epochs run. ``step(done, total)`` may raise to cancel."""
        from thinc.api import fix_random_seed

        examples = [self.example(d) for d in documents]
        if not examples:
            raise AnnotatorError("there are no tagged articles to learn from")
        random.seed(self.seed)
        fix_random_seed(self.seed)  # the same spans train the same model
        self.nlp.initialize(lambda: examples)
        optimizer = self.nlp.create_optimizer()
        began = time.perf_counter()
        done = 0
        for epoch in range(epochs):
            random.shuffle(examples)
            for low in range(0, len(examples), 8):
                batch = examples[low : low + 8]
                self.nlp.update(batch, sgd=optimizer, drop=0.1)
                if step is not None:
                    step(epoch, epochs)
            done = epoch + 1
            if time.perf_counter() - began > seconds:
                break
        return done

    def predict(self, texts: Iterable[str], *, minimum: float = 0.3) -> list[list[Predicted]]:
        """Spans scoring at least ``minimum`` for each text (code point offsets)."""
        results: list[list[Predicted]] = []
        for text in texts:
            doc, cuts = self.doc(text)
            if not cuts:
                results.append([])
                continue
            indices, scores = self.spancat.predict([doc])
            table = self.spancat.model.ops.to_numpy(scores)
            spans = self.spancat.model.ops.to_numpy(indices.dataXd)
            found: list[Predicted] = []
            for row, (first, last) in enumerate(spans):
                for column, label in enumerate(self.spancat.labels):
                    score = float(table[row, column])
                    if score >= minimum:
                        found.append(Predicted(cuts[first][0], cuts[last - 1][1], label, round(score, 4)))
            results.append(found)
        return results


def longest_span(documents: Iterable[TrainingDocument]) -> int:
    """The most tokens any tagged span covers: the longest candidates the model needs to consider."""
    longest = 1
    for document in documents:
        starts = [start for start, _ in tokens(document.text)]
        for start, end, _ in document.spans:
            first = bisect_left(starts, start)
            last = bisect_left(starts, end)
            longest = max(longest, last - first)
    return longest
