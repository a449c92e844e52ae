"""Every benchmark, one table: the README's performance section.

    python -m benchmarks.run_all [--scale 1] [--runs 5] [--io-runs 3]

Each script runs in its own process (start-up and memory are measured in fresh processes anyway). The
agreement and search benchmarks are separate scripts with their own options; they are run with sizes
scaled the same way and their medians read from their output. The machine is described under the table,
since every figure depends on it.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import Figure, options, read_figures, reference_loop_ms, report

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass(frozen=True)
class External:
    """A benchmark script with its own command line: how to size it and where its median is printed."""

    script: str
    arguments: Callable[[float, int, Path], list[str]]
    pattern: str  # a regular expression whose group 1 is the median, in ``unit``
    name: str
    target: float
    unit: str


def _search_arguments(scale: float, runs: int, workdir: Path) -> list[str]:
    """The search benchmark's arguments, the same for both of its rows."""
    articles = str(max(int(100_000 * scale), 50))
    return ["--articles", articles, "--runs", str(runs), "--database", str(workdir / f"search-{scale:g}.db")]


EXTERNAL = (
    External(
        "bench_search.py",
        _search_arguments,
        r"worst query: ([\d.]+) ms",
        "corpus full-text search over {articles} articles, the worst query of the set",
        50,
        "ms",
    ),
    External(
        "bench_search.py",
        _search_arguments,
        r"95th percentile over all queries: ([\d.]+) ms",
        "corpus full-text search over {articles} articles, 95th percentile of the set",
        50,
        "ms",
    ),
    External(
        "bench_search.py",
        lambda scale, runs, workdir: [
            "--articles",
            str(max(int(100_000 * scale), 50)),
            "--runs",
            "1",
            "--database",
            str(workdir / f"search-{scale:g}.db"),
        ],
        r"search index size over the text it indexes: ([\d.]+)",
        "search index size over the text it indexes ({articles} articles)",
        1,
        "x text",
    ),
    External(
        "bench_agreement.py",
        lambda scale, runs, workdir: ["--documents", str(max(int(10_000 * scale), 10)), "--runs", str(runs)],
        r"agreement_report[^\n]*?([\d.]+) s /",
        "agreement over {documents} documents x 3 annotators",
        2,
        "s",
    ),
)

# The order; a figure goes under the first entry its name starts with.
ORDER = (
    "open the",
    "the same, view only",
    "add one span",
    "remove one span",
    "scroll one page",
    "start to an interactive",
    "the same with the rolling backup",
    "corpus full-text search",
    "export",
    "import",
    "agreement",
    "resident memory",
)


def _rank(figure: Figure) -> int:
    return next((n for n, start in enumerate(ORDER) if figure.name.startswith(start)), len(ORDER))


def run_external(bench: External, scale: float, runs: int, workdir: Path) -> Figure | None:
    path = HERE / bench.script
    if not path.exists():
        print(f"({bench.script} is not there: its figure is left out)")
        return None
    arguments = bench.arguments(scale, runs, workdir)
    print(f"$ python benchmarks/{bench.script} {' '.join(arguments)}", flush=True)
    result = subprocess.run(
        [sys.executable, str(path), *arguments], cwd=ROOT, capture_output=True, text=True, check=False
    )
    print(result.stdout, end="", flush=True)
    found = re.search(bench.pattern, result.stdout)
    if result.returncode != 0 or found is None:
        print(result.stderr[-2000:], file=sys.stderr)
        print(f"({bench.script} did not report its figure: left out)")
        return None
    sizes = dict(zip(arguments[::2], arguments[1::2], strict=False))
    name = bench.name.format(
        articles=f"{int(sizes.get('--articles', 0)):,}", documents=f"{int(sizes.get('--documents', 0)):,}"
    )
    return Figure(name, float(found.group(1)), bench.target, bench.unit, runs)


def machine() -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    from PySide6 import __version__ as pyside

    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, PySide6 {pyside}, SQLite {sqlite3.sqlite_version}; "
        f"load average {load}; reference loop {reference_loop_ms():.0f} ms (the machine's speed now)"
    )


def main(argv: list[str] | None = None) -> None:
    # Import and export of the full corpus take minutes per run; they may run fewer times than the rest.
    extra = argparse.ArgumentParser(add_help=False)
    extra.add_argument("--io-runs", type=int, default=None)
    known, rest = extra.parse_known_args(argv)
    args = options(__doc__ or "", rest)
    io_runs = known.io_runs or args.runs
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"Machine: {machine()}", flush=True)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder:
        collected = Path(folder) / "figures.jsonl"
        for module, runs in (("bench_gui", args.runs), ("bench_io", io_runs), ("bench_readers", io_runs)):
            command = [sys.executable, "-m", f"benchmarks.{module}", "--scale", str(args.scale)]
            command += ["--runs", str(runs), "--workdir", str(args.workdir), "--json", str(collected)]
            print(f"$ python -m benchmarks.{module} --scale {args.scale:g} --runs {runs}", flush=True)
            subprocess.run(command, cwd=ROOT, check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        figures += read_figures(collected)
    for bench in EXTERNAL:
        figure = run_external(bench, args.scale, args.runs, args.workdir)
        if figure is not None:
            figures.append(figure)
    figures.sort(key=_rank)
    print()
    report(figures, args)
    print()
    print(f"Scale {args.scale:g}; each figure says how many runs its median is of. Machine: {machine()}")


if __name__ == "__main__":
    main()
