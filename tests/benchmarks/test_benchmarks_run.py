"""The benchmark scripts run end to end at a tiny size and print every figure with its target.

No timing is asserted: a slow machine must not fail here. What is checked is that each script completes,
prints its table, and that the synthetic data are what the figures claim to measure.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from itertools import pairwise
from pathlib import Path

import pytest

from benchmarks import bare, synthetic
from benchmarks.harness import Figure, read_figures, table

ROOT = Path(__file__).resolve().parents[2]
TINY = "0.001"


def run(module: str, workdir: Path, *extra: str) -> tuple[str, list[Figure]]:
    figures = workdir / "figures.jsonl"
    command = [sys.executable, "-m", f"benchmarks.{module}", "--scale", TINY, "--runs", "1"]
    result = subprocess.run(
        [*command, "--workdir", str(workdir), "--json", str(figures), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout, read_figures(figures)


def assert_reported(output: str, figures: list[Figure], starts: list[str]) -> None:
    assert "| figure | target | measured (median) | result |" in output
    for start in starts:
        matching = [figure for figure in figures if figure.name.startswith(start)]
        assert len(matching) == 1, (start, [figure.name for figure in figures])
        assert matching[0].name in output
        assert matching[0].measured > 0


def test_gui_benchmark_prints_its_figures(tmp_path: Path) -> None:
    output, figures = run("bench_gui", tmp_path)
    assert_reported(
        output,
        figures,
        [
            "open the 0.00",  # the long article, at this size
            "the same, view only",
            "the same article as one paragraph",
            "add one span there",
            "add one span in the window",
            "remove one span there",
            "remove one span in the window",
            "scroll one page",
            "relations: open the 0.00",
            "relations: add one in the window",
            "relations: scroll one page",
            "start to an interactive window on the 100-article database",
            "the same with the rolling backup",
            "resident memory",
            "filter the 100-article list by title",
            "open the next article of that list",
            "open the next unfinished article",
            "narrow that list",
        ],
    )


def test_io_benchmark_prints_its_figures(tmp_path: Path) -> None:
    output, figures = run("bench_io", tmp_path)
    assert_reported(
        output,
        figures,
        [
            "floor: bare load of 20 articles with 200 spans",
            "import 20 articles with 200 spans from native JSONL",
            "import 20 articles with 200 spans from Label Studio",
            "import 20 articles with 200 spans from doccano",
            "import 20 articles with 200 spans from Prodigy",
            "search index built after the import",
            "import peak memory, native JSONL",
            "floor: bare export of 200 spans",
            "export 200 spans as JSONL",
            "export them as Label Studio tasks",
            "export peak memory",
            "read a Label Studio task list of 20 tasks",
            "import from Label Studio, throughput vs a bare load of the same Label Studio file",
            "import from doccano, throughput vs a bare load of the same doccano file",
            "import from Prodigy, throughput vs a bare load of the same Prodigy file",
        ],
    )
    assert {figure.role for figure in figures} == {"", "floor", "reported"}
    assert "(the floor)" in output
    # Each format's bare load takes from its own file the articles and spans of the native one.
    for format_name, suffix in [
        ("jsonl", ".jsonl"),
        ("label-studio", ".label-studio.json"),
        ("doccano", ".doccano.jsonl"),
        ("prodigy", ".prodigy.jsonl"),
    ]:
        (source,) = tmp_path.glob(f"io-v*-20{suffix}")
        database = tmp_path / f"bare-{format_name}.db"
        assert bare.bare_load(source, database, format_name) == 200
        with closing(sqlite3.connect(database)) as conn:
            assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 20
            assert conn.execute("SELECT count(DISTINCT annotator) FROM spans").fetchone()[0] == 3


def test_readers_benchmark_times_every_reader_per_record(tmp_path: Path) -> None:
    output, figures = run("bench_readers", tmp_path)
    names = ["native JSONL", "Label Studio, indented", "Label Studio, one line", "doccano", "Prodigy"]
    assert_reported(output, figures, [f"reader {name}:" for name in [*names, "CoNLL", "brat"]])


def test_suggest_benchmark_prints_work_saved_and_its_figures(tmp_path: Path) -> None:
    output, figures = run("bench_suggest", tmp_path)
    assert "| tagged elsewhere only | " in output and "| term list only | " in output
    assert_reported(
        output,
        figures,
        [
            "string matcher: a newly tagged string over 100 articles",
            "suggestions of an opened article",
            "train",
        ],
    )


def test_run_all_prints_one_table_with_every_figure(tmp_path: Path) -> None:
    output, figures = run("run_all", tmp_path)
    expected = [
        "open the 0.00",
        "add one span there",
        "add one span in the window",
        "scroll one page",
        "start to",
        "start as a user starts it",
        "floor: bare load",
        "import 20 articles with 200 spans from native JSONL",
        "floor: bare export",
        "export 200 spans as JSONL",
        "reader native JSONL",
        "resident",
    ]
    expected += [
        name
        for script, name in (
            ("bench_search.py", "corpus full-text search over 100 articles, the worst"),
            ("bench_search.py", "corpus full-text search over 100 articles, 95th"),
            ("bench_agreement.py", "agreement"),
        )
        if (ROOT / "benchmarks" / script).exists()
    ]
    assert_reported(output, figures, expected)
    assert output.count("| figure | target |") >= 3  # each script's own table, then the combined one
    assert "Machine: " in output


def test_the_long_article_is_what_the_figures_claim() -> None:
    article = synthetic.long_article(1.0)
    assert 1_000_000 <= len(article.document.text) < 1_010_000
    assert len(article.spans) == 10_000
    assert len({span.label for span in article.spans}) == 8
    assert all(article.document.text[s.start : s.end] == s.text for s in article.spans)
    assert any(ord(char) > 0xFFFF for char in article.document.text)  # emoji: two UTF-16 units each
    assert any("\u4e00" <= char <= "\u9fff" for char in article.document.text)
    ordered = sorted(article.spans, key=lambda s: s.start)
    assert sum(1 for a, b in pairwise(ordered) if b.start < a.end) > 1_000  # overlaps
    paragraphs = article.document.text.split("\n\n")[1:]
    assert all(300 <= len(p) <= 1500 for p in paragraphs)
    assert synthetic.long_article(1.0) == article  # deterministic


@pytest.mark.parametrize("scale", [0.001, 0.01])
def test_the_corpus_has_ten_spans_per_article_across_three_annotators(scale: float) -> None:
    items = list(synthetic.corpus(scale))
    assert len(items) == int(synthetic.CORPUS_ARTICLES * scale)
    assert sum(len(item.spans) for item in items) == int(synthetic.CORPUS_SPANS * scale)
    assert {s.annotator for item in items for s in item.spans} == set(synthetic.ANNOTATORS)
    assert len({item.document.sha256 for item in items}) == len(items)


def test_the_table_marks_a_miss() -> None:
    slow = Figure("open", 200, 150, "ms", 3)
    ratio = Figure("export", 0.7, 0.5, "x", 3)
    text = table([slow, ratio])
    assert "| open | <= 150 ms | 200 ms (median of 3) | **miss** |" in text
    assert "| export | >= 0.50 x | 0.70 x (median of 3) | pass |" in text
