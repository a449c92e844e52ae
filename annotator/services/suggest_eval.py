"""How good each source's suggestions are, measured on the project's own tagged articles: the sources learn
from most of them and are scored on the rest (held out), exact matches of start, end and label.

The split is by article and deterministic (a hash of the article's id), so two runs compare the same
articles and a source never sees a held-out article's tags.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.domain.suggestions import SuggestionSource, consistency_score, occurrences
from annotator.domain.term_rules import TermRule, rule_matches
from annotator.services.project import Project
from annotator.services.string_matcher import MIN_SCORE, worth_matching
from annotator.storage.documents import iter_documents
from annotator.storage.spans import all_spans_by_document

HELD_OUT_SHARE = 0.2
Place = tuple[int, int, str]  # start, end, label


@dataclass(frozen=True)
class TaggedArticle:
    id: str
    text: str
    spans: frozenset[Place]


@dataclass
class Tally:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    train_articles: int
    held_out_articles: int
    # source -> label -> tally; the label "all" sums the others
    tallies: dict[SuggestionSource, dict[str, Tally]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def table(self) -> str:
        lines = [
            f"held-out evaluation: trained on {self.train_articles} tagged article(s), "
            f"scored on {self.held_out_articles}",
            f"{'source':<22}{'label':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'found':>7}{'tagged':>8}",
        ]
        for source, by_label in self.tallies.items():
            for label, tally in by_label.items():
                lines.append(
                    f"{source.display_name:<22}{label:<14}{tally.precision:>10.3f}{tally.recall:>8.3f}"
                    f"{tally.f1:>7.3f}{tally.true_positives + tally.false_positives:>7}"
                    f"{tally.true_positives + tally.false_negatives:>8}"
                )
        return "\n".join(lines + self.notes)


def tagged_articles(project: Project, labels: Iterable[str] | None = None) -> list[TaggedArticle]:
    """Articles with spans (of any annotator; one place counted once), in a fixed order."""
    wanted = set(labels) if labels is not None else None
    spans = all_spans_by_document(project.database)
    found = []
    for document in iter_documents(project.database):
        places = frozenset(
            (s.start, s.end, s.label)
            for s in spans.get(document.id, [])
            if wanted is None or s.label in wanted
        )
        if places:
            found.append(TaggedArticle(document.id, document.text, places))
    return found


def split(articles: Sequence[TaggedArticle]) -> tuple[list[TaggedArticle], list[TaggedArticle]]:
    """(learn from, held out): about a fifth held out, at least one when there are two or more."""
    ranked = sorted(articles, key=lambda a: hashlib.sha256(a.id.encode()).hexdigest())
    held = max(1, round(len(ranked) * HELD_OUT_SHARE)) if len(ranked) > 1 else 0
    return ranked[held:], ranked[:held]


def match_strings(
    learn_from: Sequence[TaggedArticle], texts: Sequence[str]
) -> list[list[tuple[Place, float]]]:
    """The string matcher over texts in memory: what the indexed one proposes, for an evaluation."""
    counts: Counter[tuple[str, str]] = Counter()
    for article in learn_from:
        for start, end, label in article.spans:
            counts[(article.text[start:end], label)] += 1
    strings = {text for text, _ in counts if worth_matching(text)}
    seen = {text: sum(len(occurrences(a.text, text)) for a in learn_from) for text in strings}
    scored = [
        (text, label, score)
        for (text, label), count in counts.items()
        if text in strings and (score := consistency_score(count, seen[text])) >= MIN_SCORE
    ]
    return [
        [
            ((start, start + len(text), label), score)
            for text, label, score in scored
            for start in occurrences(body, text)
        ]
        for body in texts
    ]


def match_rules(rules: Sequence[TermRule], texts: Sequence[str]) -> list[list[tuple[Place, float]]]:
    return [
        [((m.start, m.end, m.rule.label), 1.0) for rule in rules for m in rule_matches(body, rule)]
        for body in texts
    ]


def tally(
    truth: Sequence[TaggedArticle], proposed: Sequence[Iterable[tuple[Place, float]]], threshold: float = 0.0
) -> dict[str, Tally]:
    by_label: dict[str, Tally] = {}
    everything = Tally()
    for article, found in zip(truth, proposed, strict=True):
        places = {place for place, score in found if score >= threshold}
        for place in places | article.spans:
            counted = by_label.setdefault(place[2], Tally())
            for each in (counted, everything):
                if place in places and place in article.spans:
                    each.true_positives += 1
                elif place in places:
                    each.false_positives += 1
                else:
                    each.false_negatives += 1
    return {**dict(sorted(by_label.items())), "all": everything}
