"""Benchmark: inter-annotator agreement over 10,000 documents x 3 annotators (target <= 2 s).

Generates a deterministic synthetic corpus (fixed seed): passages of about ``--chars`` characters cut
from the sample articles, ``--spans`` true spans each over four labels, and three annotators who copy
each true span exactly, shift a boundary, change its label or miss it, add spans of their own, and skip
a few documents.
Prints the median of ``--runs`` runs of

* ``metrics``: ``compute_agreement`` on the data in memory, and
* ``service``: ``agreement_report`` on a project database holding the same data, reading included (and
  how much of it is reading).

Run from the repository root: ``.venv/bin/python benchmarks/bench_agreement.py [--documents N]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.domain.models import Document, Span
from annotator.domain.text import text_sha256
from annotator.domain.tokens import tokenize
from annotator.metrics.agreement import compute_agreement
from annotator.metrics.model import AnnotatedDocument
from annotator.paths import seeds_dir
from annotator.services.agreement import agreement_report
from annotator.services.project import Project
from annotator.storage.agreement_queries import coded_corpus
from annotator.storage.annotators import ensure_annotator
from annotator.storage.documents import insert_document
from annotator.storage.spans import upsert_spans
from benchmarks.harness import reference_loop_ms

ANNOTATORS = ("ana", "ben", "cai")
LABELS = ("chips", "financials", "models", "strategy")
# Real prose, so that tokens are as long and as dense as in the articles analysts tag.
WORDS = tuple(word for path in sorted(seeds_dir().glob("*.txt")) for word in path.read_text("utf-8").split())


def make_text(rng: random.Random, characters: int) -> str:
    """A passage of about ``characters`` characters cut from the sample articles at a random place."""
    first = rng.randrange(len(WORDS))
    words: list[str] = []
    length = 0
    while length < characters:
        word = WORDS[(first + len(words)) % len(WORDS)]
        words.append(word)
        length += len(word) + 1
    return " ".join(words)


def make_corpus(documents: int, characters: int, spans: int, seed: int = 7) -> list[AnnotatedDocument]:
    rng = random.Random(seed)
    corpus = []
    for number in range(documents):
        text = f"Item {number}. {make_text(rng, characters)}"  # numbered: no two texts are alike
        tokens = tokenize(text)
        # True spans of one to four tokens that do not overlap; annotators' own extra spans may.
        truth = []
        starts = sorted(rng.sample(range(0, len(tokens) - 4, 5), min(spans, (len(tokens) - 4) // 5)))
        for first in starts:
            last = first + rng.randrange(4)
            truth.append((tokens[first].start, tokens[last].end, rng.choice(LABELS)))
        layers: dict[str, list[tuple[int, int, str]]] = {}
        for name in ANNOTATORS:
            if rng.random() < 0.05:
                continue  # this annotator skipped the document
            layer = []
            for start, end, label in truth:
                roll = rng.random()
                if roll < 0.7:
                    layer.append((start, end, label))
                elif roll < 0.8:
                    layer.append((start, min(len(text), end + rng.randrange(1, 6)), label))
                elif roll < 0.9:
                    layer.append((start, end, rng.choice(LABELS)))
            if rng.random() < 0.3:
                start = rng.randrange(len(text) - 10)
                layer.append((start, start + rng.randrange(1, 10), rng.choice(LABELS)))
            layers[name] = layer
        corpus.append(AnnotatedDocument(f"doc{number:06d}", text, layers, title=f"Document {number}"))
    return corpus


def fill_project(project: Project, corpus: list[AnnotatedDocument]) -> None:
    with project.database.write():
        for name in ANNOTATORS:
            ensure_annotator(project.database, name)
        for document in corpus:
            insert_document(
                project.database,
                Document(
                    id=document.document_id,
                    title=document.title,
                    text=document.text,
                    sha256=text_sha256(document.text),
                ),
            )
            upsert_spans(
                project.database,
                [
                    Span(
                        document_id=document.document_id,
                        start=start,
                        end=end,
                        label=label,
                        text=document.text[start:end],
                        annotator=name,
                    )
                    for name, layer in document.layers.items()
                    for start, end, label in layer
                ],
            )


def median_seconds(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds; on a shared machine the CPU time is the steadier figure."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--chars", type=int, default=900, help="characters per document, about (default 900)")
    parser.add_argument("--spans", type=int, default=10, help="true spans per document")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    corpus = make_corpus(args.documents, args.chars, args.spans)
    span_total = sum(len(layer) for document in corpus for layer in document.layers.values())
    print(
        f"{args.documents} documents x {len(ANNOTATORS)} annotators, {span_total} spans, "
        f"{sum(len(d.text) for d in corpus)} characters; median of {args.runs} runs (wall / CPU)"
    )

    def show(name: str, figures: tuple[float, float], note: str = "") -> None:
        print(f"  {name:<42} {figures[0]:7.3f} s / {figures[1]:7.3f} s  {note}")

    show("metrics: compute_agreement", median_seconds(lambda: compute_agreement(corpus), args.runs))
    with (
        tempfile.TemporaryDirectory() as folder,
        Project.open(Path(folder) / "bench.db", annotator=ANNOTATORS[0]) as project,
    ):
        fill_project(project, corpus)
        show(
            "read the corpus (part of the next)",
            median_seconds(lambda: coded_corpus(project.database, annotators=list(ANNOTATORS)), args.runs),
        )
        show(
            "service: agreement_report, reads included",
            median_seconds(lambda: agreement_report(project), args.runs),
            "target <= 2 s",
        )
    print(f"Reference loop (the machine's speed now, lower is faster): {reference_loop_ms():.0f} ms")


if __name__ == "__main__":
    main()
