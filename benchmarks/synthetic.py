"""Deterministic synthetic data for the benchmarks: a long article with many spans, and a large corpus.

Everything comes from ``random.Random(seed)``, so two runs (or two machines) measure the same bytes.
Paragraphs read like business news about AI companies, 300-1500 characters each, with emoji (astral,
two UTF-16 units), ZWJ sequences and CJK so that the Qt offset conversion is exercised as in real use.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.models import Document, Label, Span
from annotator.domain.text import text_sha256
from annotator.services.project import Project
from annotator.storage import bulk
from annotator.storage import labels as label_rows

ARTICLE_CHARS = 1_000_000
ARTICLE_SPANS = 10_000
CORPUS_ARTICLES = 100_000
CORPUS_SPANS = 1_000_000
ANNOTATORS = ("alice", "bob", "chen")
CREATED = "2025-01-01T00:00:00.000+00:00"

LABELS = (
    Label(name="financials", colour="#f2b134", hotkey="1", position=0),
    Label(name="chips", colour="#4aa3df", hotkey="2", position=1),
    Label(name="models", colour="#8bc34a", hotkey="3", position=2),
    Label(name="strategy", colour="#e57373", hotkey="4", position=3),
    Label(name="people", colour="#ba68c8", hotkey="5", position=4),
    Label(name="places", colour="#4db6ac", hotkey="6", position=5),
    Label(name="policy", colour="#ff8a65", hotkey="7", position=6),
    Label(name="products", colour="#90a4ae", hotkey="8", position=7),
)

_COMPANIES = (
    "iFlytek",
    "Huawei",
    "Baidu",
    "Alibaba Cloud",
    "Zhipu AI",
    "Moonshot",
    "DeepSeek",
    "SenseTime",
    "讯飞星火",
    "华为",
    "百度",
    "阿里云",
    "Tencent",
    "ByteDance",
    "MiniMax",
    "Cambricon",
)
_PRODUCTS = (
    "Ascend 910B",
    "Xinghuo X1",
    "Spark V4.0",
    "ERNIE 4.0",
    "Qwen2.5-72B",
    "Kimi",
    "R1",
    "H20",
    "Atlas 900",
    "昇腾910B",
    "文心一言",
    "通义千问",
    "Kunlun P800",
    "MLU370",
)
_PEOPLE = ("Liu Qingfeng", "Robin Li", "Eric Xu", "Yang Zhilin", "Liang Wenfeng", "刘庆峰", "李彦宏")
_PLACES = ("Hefei", "Shenzhen", "Beijing", "Hangzhou", "Shanghai", "合肥", "深圳", "𠀀𠀁 district")
_EMOJI = ("📈", "📉", "🤖", "💰", "🇨🇳", "👩\u200d💻", "🚀", "⚡")
_TEMPLATES = (
    "{company} reported revenue of {amount} billion yuan for the quarter, up {percent}% year on year.",
    "Net profit at {company} declined by {percent}% as research spending rose to {amount} billion yuan.",
    "The {product} accelerator is built on a domestic process and ships to {company} data centres first.",
    "{person} told analysts in {place} that the company would train its next model entirely on {product}.",
    "Export controls on chips such as the {product} have pushed {company} to design its own silicon {emoji}.",
    "According to the filing, {company} spent {amount} billion yuan on servers and training clusters.",
    "Benchmarks published by {company} show {product} ahead of GPT-4 Turbo on reasoning and coding tasks.",
    "The partnership between {company} and {company2} covers cloud capacity in {place} and joint research.",
    "{person} said the firm would focus on enterprise customers rather than consumer chat apps.",
    "Shares of {company} rose {percent}% in {place} trading after the announcement {emoji}.",
    "A government contract worth {amount} billion yuan will fund a computing centre in {place}.",
    "Analysts expect {company} to release a reasoning model built on {product} within the year.",
    "{company} plans to open a subsidiary in {place} to sell {product} to hospitals and schools.",
    "The company said that {product} uses a mixture of experts and reinforcement learning from feedback.",
    "Subsidies from the city of {place} cover part of the cost of {company}'s new cluster {emoji}.",
    "In a letter to shareholders, {person} described self-sufficiency in compute as a strategic goal.",
    "Gross margin at {company} narrowed to {percent}% because of price cuts on API access.",
    "The regulator in {place} approved {product} for public release after a security review.",
    "{company} said demand for {product} exceeded supply and that deliveries would slip to next quarter.",
    "Investors valued {company} at {amount} billion dollars in a funding round led by state funds.",
)


def _sentence(rng: random.Random) -> str:
    template = rng.choice(_TEMPLATES)
    return template.format(
        company=rng.choice(_COMPANIES),
        company2=rng.choice(_COMPANIES),
        product=rng.choice(_PRODUCTS),
        person=rng.choice(_PEOPLE),
        place=rng.choice(_PLACES),
        emoji=rng.choice(_EMOJI),
        amount=f"{rng.uniform(0.1, 99):.2f}",
        percent=f"{rng.uniform(0.5, 60):.1f}",
    )


def paragraph(rng: random.Random) -> str:
    """One paragraph of 300 to 1500 characters."""
    goal = rng.randint(300, 1500)
    sentences: list[str] = []
    length = -1
    while length < goal:
        sentence = _sentence(rng)
        sentences.append(sentence)
        length += len(sentence) + 1
    text = " ".join(sentences)
    return text[:1500] if len(text) > 1500 else text


def article_text(rng: random.Random, chars: int) -> str:
    """An article of about ``chars`` characters: a title line, then paragraphs separated by blank lines."""
    parts = [f"Long read {rng.randrange(10**9)}: how AI companies spend on compute"]
    length = len(parts[0])
    while length < chars:
        part = paragraph(rng)
        parts.append(part)
        length += len(part) + 2
    return "\n\n".join(parts)


def _span_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def random_spans(
    rng: random.Random, document_id: str, text: str, count: int, annotators: tuple[str, ...]
) -> list[Span]:
    """``count`` spans of 3-80 characters; about a third are placed over an earlier span, so many overlap."""
    spans: list[Span] = []
    limit = len(text)
    for _ in range(count):
        if spans and rng.random() < 0.35:
            anchor = spans[rng.randrange(len(spans))]
            start = max(0, anchor.start + rng.randint(-20, 20))
        else:
            start = rng.randrange(max(limit - 3, 1))
        end = min(limit, start + rng.randint(3, 80))
        if end <= start:
            start, end = 0, min(limit, 3)
        spans.append(
            Span.model_construct(
                id=_span_id(rng),
                document_id=document_id,
                start=start,
                end=end,
                label=rng.choice(LABELS).name,
                text=text[start:end],
                annotator=rng.choice(annotators),
                note="",
                created=CREATED,
                updated=CREATED,
            )
        )
    return spans


def _document(rng: random.Random, title: str, text: str) -> Document:
    return Document.model_construct(
        id=f"{rng.getrandbits(128):032x}",
        title=title,
        source=f"synthetic/{title}",
        text=text,
        sha256=text_sha256(text),
        created=CREATED,
        note="",
    )


@dataclass(frozen=True)
class LongArticle:
    document: Document
    spans: list[Span]


def long_article(scale: float = 1.0, *, annotator: str = "alice", seed: int = 7) -> LongArticle:
    """The 1 MB article with 10,000 overlapping spans over eight labels, all in one annotator's layer."""
    rng = random.Random(seed)
    text = article_text(rng, max(int(ARTICLE_CHARS * scale), 400))
    document = _document(rng, "The long article", text)
    spans = random_spans(rng, document.id, text, max(int(ARTICLE_SPANS * scale), 10), (annotator,))
    return LongArticle(document, spans)


def prepare_project(project: Project) -> None:
    """The eight labels and three annotators every synthetic project uses."""
    with project.database.write():
        for label in LABELS:
            label_rows.upsert_label(project.database, label)
        bulk.ensure_annotators(project.database, (*ANNOTATORS, project.annotator), CREATED)


def corpus(scale: float = 1.0, *, seed: int = 11) -> Iterator[LongArticle]:
    """100,000 articles (1-4 paragraphs) with 1,000,000 spans across three annotators, in chunks."""
    rng = random.Random(seed)
    articles = max(int(CORPUS_ARTICLES * scale), 2)
    spans_per_article = CORPUS_SPANS // CORPUS_ARTICLES
    # A pool of paragraphs reused across articles keeps generation fast; the numbered first line keeps
    # every text (and so its SHA-256) distinct.
    pool = [paragraph(rng) for _ in range(min(4_000, articles * 2))]
    swing = 0
    for number in range(articles):
        title = f"Article {number}: {rng.choice(_COMPANIES)} and the price of compute"
        body = "\n\n".join(rng.choice(pool) for _ in range(rng.randint(1, 4)))
        text = f"{title}\n\n{body}"
        document = _document(rng, title, text)
        # Pairs of articles share 2 x 10 spans unevenly, so the total is exact and the counts still vary.
        if number % 2 == 0:
            swing = rng.randint(-spans_per_article, spans_per_article) if number + 1 < articles else 0
            count = spans_per_article + swing
        else:
            count = spans_per_article - swing
        yield LongArticle(document, random_spans(rng, document.id, text, count, ANNOTATORS))


def write_corpus(project: Project, scale: float = 1.0) -> tuple[int, int]:
    """Write the corpus into ``project`` in one transaction. Returns (articles, spans)."""
    prepare_project(project)
    documents = spans = 0
    batch: list[LongArticle] = []
    with project.database.write():
        for item in corpus(scale):
            batch.append(item)
            if len(batch) == 2_000:
                documents, spans = _flush(project, batch, documents, spans)
        documents, spans = _flush(project, batch, documents, spans)
    return documents, spans


def _flush(project: Project, batch: list[LongArticle], documents: int, spans: int) -> tuple[int, int]:
    documents += bulk.insert_documents(project.database, (item.document for item in batch))
    spans += bulk.insert_spans(project.database, (s for item in batch for s in item.spans))
    batch.clear()
    return documents, spans


def write_corpus_jsonl(path: Path, scale: float = 1.0) -> tuple[int, int]:
    """The same corpus as a native JSONL dataset (the import benchmark's input)."""
    documents = spans = 0
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        for item in corpus(scale):
            d = item.document
            record = {
                "id": d.id,
                "text": d.text,
                "meta": {"title": d.title, "source": d.source, "sha256": d.sha256},
                "spans": [
                    {
                        "id": s.id,
                        "start": s.start,
                        "end": s.end,
                        "label": s.label,
                        "text": s.text,
                        "annotator": s.annotator,
                        "note": s.note,
                    }
                    for s in sorted(item.spans, key=lambda s: (s.start, s.end, s.label, s.annotator, s.id))
                ],
            }
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            documents += 1
            spans += len(item.spans)
    return documents, spans


CORPUS_VERSION = 2  # bump when the generator changes, so cached databases are rebuilt


def corpus_database(workdir: Path, scale: float) -> Path:
    """The corpus project database for ``scale``, built once and reused (its name records the scale)."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"corpus-v{CORPUS_VERSION}-{scale:g}.db"
    if path.exists():
        return path
    building = path.with_name(path.name + ".building")
    for leftover in workdir.glob(building.name + "*"):
        leftover.unlink()
    with Project.open(building, annotator=ANNOTATORS[0]) as project:
        write_corpus(project, scale)
        project.database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    building.rename(path)
    return path


def article_database(path: Path, scale: float, annotator: str = "alice") -> tuple[LongArticle, str]:
    """A fresh project with the long article (in ``annotator``'s layer) and a short one (its id returned)."""
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    article = long_article(scale, annotator=annotator)
    rng = random.Random(3)
    short = _document(rng, "A short article", article_text(rng, 2_000))
    with Project.open(path, annotator=annotator) as project:
        prepare_project(project)
        with project.database.write():
            bulk.insert_documents(project.database, [article.document, short])
            bulk.insert_spans(project.database, article.spans)
    return article, short.id
