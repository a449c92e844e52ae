"""Benchmark: corpus full-text search over 100,000 articles (target <= 50 ms).

Generates a deterministic synthetic corpus (fixed seed): ``--articles`` articles of 2-5 KB each, made of
sentences cut from the sample articles (English with some Chinese), each with a few rare words of its
own, plus ``--spans`` spans per article with notes on some. The articles go in through the storage layer
(``executemany`` in one transaction), so the full-text indexes are built by their triggers as in real use;
that time is printed too. Then it prints the median wall-clock time of ``search_corpus`` (reading hits and
building their snippets included) over ``--runs`` runs of each query, and the median over all queries.

Run from the repository root: ``.venv/bin/python benchmarks/bench_search.py [--articles N]``.
``--database PATH`` keeps the generated project there and reuses it on the next run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.domain.models import Document, Span
from annotator.domain.text import text_sha256
from annotator.paths import seeds_dir
from annotator.services.project import Project
from annotator.services.search import catch_up_index, index_backlog, search_corpus
from annotator.storage import bulk
from annotator.storage.annotators import ensure_annotator
from annotator.storage.documents import document_count

CREATED = "2025-01-01T00:00:00.000+00:00"
LABELS = ("financials", "chips", "models", "strategy")
NOTES = (
    "check the figure",
    "same story as the Reuters piece",
    "ask Chen",
    "核实数据",
    "guidance, not results",
)
# Real sentences, so that words, their lengths and the share of Chinese are those of the articles.
SENTENCES = tuple(
    sentence.strip() + "."
    for path in sorted(seeds_dir().glob("*.txt"))
    for line in path.read_text("utf-8").splitlines()
    for sentence in line.split(". ")
    if len(sentence.strip()) > 20
)
SYLLABLES = ("ka", "lo", "mi", "zu", "ven", "tor", "sha", "rim", "quo", "bel", "dax", "nur")
QUERIES = (
    "revenue",  # in most articles
    "Huawei chips",  # two words, both common
    '"Ascend 910B"',  # a phrase
    "投資有風險",  # Chinese
    "風險",  # Chinese, two characters (no trigram: read from the table)
    "AI",  # a short word
    "kalomizu",  # a rare word of a few articles
    "net profit loss yuan",  # four words
    "ask chen",  # a span note
    "zzzz nothing matches",  # nothing at all
)


def rare_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(4))


def article(rng: random.Random, number: int) -> Document:
    size = rng.randrange(2_000, 5_000)
    parts = [f"Item {number}: {rare_word(rng)} {rare_word(rng)}."]
    length = len(parts[0])
    first = rng.randrange(len(SENTENCES))
    while length < size:
        sentence = SENTENCES[(first + len(parts) * 7) % len(SENTENCES)]
        parts.append(sentence)
        length += len(sentence) + 1
    text = " ".join(parts)
    return Document(
        id=f"doc{number:06d}",
        title=f"Item {number}: {SENTENCES[first][:60]}",
        text=text,
        sha256=text_sha256(text),
        created=CREATED,
    )


def spans_of(rng: random.Random, document: Document, count: int) -> Iterator[Span]:
    for index in range(count):
        start = rng.randrange(len(document.text) - 30)
        end = start + rng.randrange(4, 30)
        yield Span.model_construct(
            id=f"{document.id}-{index}",
            document_id=document.id,
            start=start,
            end=end,
            label=rng.choice(LABELS),
            text=document.text[start:end],
            annotator="alice",
            note=rng.choice(NOTES) if rng.random() < 0.2 else "",
            created=CREATED,
            updated=CREATED,
        )


def fill(project: Project, articles: int, spans: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    with project.database.write():
        ensure_annotator(project.database, "alice")
    batch = 5_000
    for first in range(0, articles, batch):
        documents = [article(rng, number) for number in range(first, min(articles, first + batch))]
        with project.database.write():
            bulk.insert_documents(project.database, documents)
            bulk.insert_spans(project.database, (s for d in documents for s in spans_of(rng, d, spans)))
        print(f"\r  {first + len(documents):,} articles written", end="", flush=True)
    print()


def index_size(project: Project) -> tuple[int, int]:
    """Bytes of UTF-8 text indexed (titles, texts, span labels, notes and texts) and bytes of index."""
    database = project.database
    text = database.query(
        "SELECT (SELECT coalesce(sum(length(CAST(title AS BLOB)) + length(CAST(text AS BLOB))), 0) "
        "FROM documents) + (SELECT coalesce(sum(length(CAST(label AS BLOB)) + length(CAST(note AS BLOB)) "
        "+ length(CAST(text AS BLOB))), 0) FROM spans)"
    )[0][0]
    index = sum(
        database.query(f"SELECT coalesce(sum(length(block)), 0) FROM {table}_data")[0][0]
        + database.query(f"SELECT coalesce(sum(length(term)), 0) + 16 * count(*) FROM {table}_idx")[0][0]
        for table in ("document_search", "span_search")
    )
    return int(text), int(index)


def timed(query: str, project: Project, runs: int) -> tuple[float, int]:
    seconds = []
    hits = 0
    for _ in range(runs):
        started = time.perf_counter()
        hits = len(search_corpus(project, query))
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), hits


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--spans", type=int, default=3, help="spans per article (default 3)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", type=Path, help="keep the generated project here (reused if present)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = args.database or Path(folder) / "search.db"
        with Project.open(path, annotator="alice") as project:
            if document_count(project.database) == 0:
                started = time.perf_counter()
                fill(project, args.articles, args.spans)
                print(
                    f"writing and indexing {args.articles:,} articles: {time.perf_counter() - started:.1f} s"
                )
            if index_backlog(project):  # an index left to catch up (an older project) is built first
                catch_up_index(project)
            total = document_count(project.database)
            size = path.stat().st_size / 1e6
            print(f"{total:,} articles, database {size:,.0f} MB; median of {args.runs} runs per query")
            medians = []
            for query in QUERIES:
                seconds, hits = timed(query, project, args.runs)
                medians.append(seconds)
                print(f"  {query!r:<26} {seconds * 1000:8.1f} ms  {hits:4d} hits")
            text, index = index_size(project)
            print(
                f"search index size over the text it indexes: {index / text:.2f} "
                f"({index / 1e6:,.0f} MB of index for {text / 1e6:,.0f} MB of titles, texts, labels, notes)"
            )
            ranked = sorted(medians)
            p95 = ranked[min(len(ranked) - 1, round(0.95 * (len(ranked) - 1)))]
            print(f"median over all queries: {statistics.median(medians) * 1000:.1f} ms (target <= 50 ms)")
            print(f"95th percentile over all queries: {p95 * 1000:.1f} ms")
            print(f"worst query: {ranked[-1] * 1000:.1f} ms (target: every query <= 50 ms)")


if __name__ == "__main__":
    main()
