"""Benchmark: suggestions. How much hand tagging they save on annotated articles, and how fast they are.

Work saved: the annotated seed articles (``tests/fixtures/seeds_annotated.jsonl``, tagged by the
guidelines) are replayed as an analyst would work through them, in order: before each article, every
source learns from the articles already done and proposes spans; the analyst accepts the proposals that
are right (same start, end and label as the reference) and tags the rest by hand. Printed: the share of
spans that needed no hand tagging, per source, with all sources and with all but one. Then precision,
recall and F1 of each source on the last article after learning from the first 1, 2, 3 and 4. The term
list (``tests/fixtures/seed_terms.csv``) holds the names quoted in the label descriptions of
``resources/labels.json``.

Speed: reading an opened article's suggestions, the string matcher for a newly tagged string over the
synthetic corpus (100,000 articles at scale 1), and training the model on 2,000 spans on a worker thread
(which hands it to a process of its own, as the window does) while a Qt event loop runs beside it (its
longest pause is what a window would show as a stalled frame).

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_suggest [--scale 1] [--runs 5]``.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.domain.progress import NO_PROGRESS
from annotator.domain.suggestions import Suggestion, SuggestionSource
from annotator.domain.term_rules import TermRule
from annotator.services import suggestions
from annotator.services.annotation import tag_span
from annotator.services.model_worker import train_and_predict_spans
from annotator.services.project import Project
from annotator.services.span_model import TrainingDocument, longest_span
from annotator.services.string_matcher import refresh_strings
from annotator.services.suggest_eval import Place, TaggedArticle, match_rules, match_strings, tally
from annotator.services.suggest_model import train_and_predict
from annotator.services.term_lists import read_terms_csv
from annotator.storage.suggestion_queries import texts_containing
from annotator.storage.suggestions import add_suggestions
from benchmarks import synthetic
from benchmarks.harness import Figure, Samples, options, report

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds_annotated.jsonl"
TERMS = ROOT / "tests" / "fixtures" / "seed_terms.csv"
LABELS = {"financials", "chips", "models", "strategy"}
Proposer = Callable[[Sequence[TaggedArticle], Sequence[str]], list[list[tuple[Place, float]]]]


def seed_articles() -> list[TaggedArticle]:
    articles = []
    for number, line in enumerate(SEEDS.read_text(encoding="utf-8").splitlines()):
        record = json.loads(line)
        places = frozenset((s["start"], s["end"], s["label"]) for s in record["spans"])
        articles.append(TaggedArticle(str(number), record["text"], places))
    return articles


def proposers(scale: float) -> dict[SuggestionSource, Proposer]:
    rules: list[TermRule] = read_terms_csv(TERMS, LABELS)
    epochs = max(1, round(12 * min(scale, 1.0)))

    def model(learn_from: Sequence[TaggedArticle], texts: Sequence[str]) -> list[list[tuple[Place, float]]]:
        trained = train_and_predict(learn_from, texts, NO_PROGRESS, epochs=epochs)
        return [
            [(place, score) for place, score in found if score >= trained.threshold]
            for found in trained.predictions
        ]

    chosen: dict[SuggestionSource, Proposer] = {
        SuggestionSource.STRINGS: match_strings,
        SuggestionSource.TERMS: lambda _learn, texts: match_rules(rules, texts),
    }
    if scale >= 0.1:  # a model trained for a pass or two at tiny scales says nothing worth printing
        chosen[SuggestionSource.MODEL] = model
    return chosen


def replay(articles: list[TaggedArticle], scale: float) -> str:
    """Share of spans accepted rather than hand-tagged, replaying the articles in order."""
    sources = proposers(scale)
    proposed: dict[SuggestionSource, list[set[Place]]] = {source: [] for source in sources}
    for done in range(1, len(articles)):
        for source, propose in sources.items():
            found = propose(articles[:done], [articles[done].text])[0]
            proposed[source].append({place for place, _ in found})
    later = articles[1:]
    total = sum(len(a.spans) for a in later)

    def saved(chosen: Sequence[SuggestionSource]) -> str:
        accepted = sum(
            len(article.spans & set().union(*(proposed[s][i] for s in chosen)))
            for i, article in enumerate(later)
        )
        wrong = sum(
            len(set().union(*(proposed[s][i] for s in chosen)) - a.spans) for i, a in enumerate(later)
        )
        return f"{accepted} of {total} ({accepted / total:.0%}); {wrong} wrong proposals rejected"

    everything = list(sources)
    rows = [
        "| sources | spans accepted instead of hand-tagged |",
        "|---|---|",
        *(f"| {source.display_name} only | {saved([source])} |" for source in everything),
        f"| all of them | {saved(everything)} |",
        *(
            f"| all but {source.display_name} | {saved([s for s in everything if s is not source])} |"
            for source in everything
        ),
    ]
    return "\n".join(rows)


def learning_curve(articles: list[TaggedArticle], scale: float) -> str:
    held_out = articles[-1]
    rows = ["| learned from | source | precision | recall | F1 |", "|---|---|---|---|---|"]
    for size in range(1, len(articles)):
        for source, propose in proposers(scale).items():
            found = propose(articles[:size], [held_out.text])
            overall = tally([held_out], found)["all"]
            scores = f"{overall.precision:.2f} | {overall.recall:.2f} | {overall.f1:.2f}"
            rows.append(f"| {size} article(s) | {source.display_name} | {scores} |")
    return "\n".join(rows)


def training_documents(spans: int) -> list[TrainingDocument]:
    """Synthetic paragraphs with their company, product and place names tagged (token-aligned)."""
    rng = random.Random(5)
    names = {"strategy": synthetic._COMPANIES, "models": synthetic._PRODUCTS, "places": synthetic._PLACES}
    documents: list[TrainingDocument] = []
    count = 0
    while count < spans:
        text = synthetic.paragraph(rng)
        found = [
            (m.start(), m.end(), label)
            for label, values in names.items()
            for value in values
            for m in re.finditer(re.escape(value), text)
        ]
        documents.append(TrainingDocument(text, tuple(found)))
        count += len(found)
    return documents


def speed(args: object, scale: float, runs: int, workdir: Path) -> list[Figure]:
    figures = []
    path = synthetic.corpus_database(workdir, scale)
    copy = workdir / f"suggest-{scale:g}.db"
    for stale in workdir.glob(copy.name + "*"):
        stale.unlink()
    shutil.copyfile(path, copy)  # the runs tag and store suggestions: never in the cached corpus
    with Project.open(copy, annotator="alice") as project:
        articles = int(project.database.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

        def tag_and_match(samples: Samples, needle: str, where: tuple[str, str]) -> None:
            # Tag the string once (outside the timing), then refresh the matcher for it.
            start = where[1].index(needle)
            tag_span(project, where[0], start, start + len(needle), "chips")
            samples.time(lambda: refresh_strings(project, texts=[needle]))

        common = Samples()
        holding = 0
        for product in synthetic._PRODUCTS[: max(runs, 1)]:
            row = project.database.conn.execute(
                "SELECT id, text FROM documents WHERE instr(text, ?) > 0 LIMIT 1", (product,)
            ).fetchone()
            if row is not None:
                holding = max(holding, sum(1 for _ in texts_containing(project.database, product)))
                tag_and_match(common, product, row)
        figures.append(
            common.figure(
                f"string matcher: a newly tagged string over {articles:,} articles",
                2000,
                note=f"a product name, in up to {holding:,} of them",
            )
        )
        rare = Samples()
        rows = project.database.conn.execute(
            "SELECT id, text FROM documents ORDER BY rowid LIMIT ?", (max(runs, 1),)
        ).fetchall()
        for row in rows:
            title = row[1].split("\n", 1)[0]  # "Article N: <company> and the price of compute"
            tag_and_match(rare, title, row)
        figures.append(rare.figure("the same for a string in one article (its title)", 2000))
        # An article with a suggestion on every word (several hundred), stored as a source would.
        busiest, text = project.database.conn.execute(
            "SELECT id, text FROM documents ORDER BY length(text) DESC LIMIT 1"
        ).fetchone()
        words = [
            Suggestion(
                document_id=busiest,
                start=m.start(),
                end=m.end(),
                label="chips",
                text=m.group(),
                source=SuggestionSource.IMPORTED,
                score=0.5,
                provenance="benchmark",
            )
            for m in re.finditer(r"\w+", text)
        ]
        with project.database.write():
            add_suggestions(project.database, words)
        reading = Samples()
        for _ in range(runs):
            reading.time(lambda: suggestions.best_per_place(suggestions.open_suggestions(project, busiest)))
        count = len(suggestions.open_suggestions(project, busiest))
        figures.append(reading.figure(f"suggestions of an opened article ({count} suggestions)", 100))
    documents = training_documents(max(int(2000 * scale), 60))
    spans = sum(len(d.spans) for d in documents)
    training = Samples()
    pauses: list[float] = []
    epochs = max(1, round(8 * min(scale, 1.0)))
    for _ in range(1 if scale >= 0.5 else runs):
        training.time(lambda: pauses.append(train_beside_a_window(documents, epochs)))
    figures.append(
        training.figure(f"train the model on {spans:,} spans in {len(documents)} paragraphs", 30_000)
    )
    figures.append(
        Figure(
            "longest pause of the window's event loop meanwhile",
            max(pauses) * 1000,
            50,
            "ms",
            len(pauses),
            note="a 10 ms timer's largest gap, less 10 ms",
        )
    )
    return figures


def train_beside_a_window(documents: list[TrainingDocument], epochs: int) -> float:
    """Train as the window does (a worker thread hands the work to a process of its own) while a Qt event
    loop runs a 10 ms timer; returns the timer's longest pause beyond its interval, in seconds."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    labels = sorted({label for d in documents for _, _, label in d.spans})
    worker = threading.Thread(
        target=lambda: train_and_predict_spans(
            documents,
            labels,
            longest_span(documents),
            [],
            NO_PROGRESS,
            epochs=epochs,
            seconds=25,
            minimum=0.3,
        )
    )
    worker.start()
    while worker.is_alive():
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    return max(max(gaps, default=0.01) - 0.01, 0.0)


def main() -> None:
    args = options("Suggestions: work saved on annotated articles, and speed.")
    articles = seed_articles()
    began = time.perf_counter()
    spans = sum(len(a.spans) for a in articles)
    print(f"## Work saved: the {len(articles)} annotated seed articles replayed in order ({spans} spans)\n")
    print(replay(articles, args.scale))
    print(f"\n## Learning curve: scored on the last seed article ({len(articles[-1].spans)} spans)\n")
    print(learning_curve(articles, args.scale))
    print(f"\n(quality measured in {time.perf_counter() - began:.0f} s)\n")
    report(speed(args, args.scale, args.runs, args.workdir), args)


if __name__ == "__main__":
    main()
