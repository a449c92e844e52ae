"""What every benchmark script shares: options, timing by median, and one way to print figures.

A figure is either a time ("at most N ms") or a ratio of our throughput to a bare-sqlite3 baseline ("at
least 0.5"), so each one knows its own target and whether it meets it. ``--json PATH`` appends the figures
as JSON lines, which is how ``run_all`` gathers them into one table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Figure:
    name: str
    measured: float
    target: float
    unit: str  # "ms", "s", "MB" (lower is better) or "x" (a ratio: higher is better)
    runs: int
    note: str = ""
    # The same figure in CPU time (this process's, in ``unit``): what the code costs when the machine is
    # shared; the wall-clock ``measured`` is what the target is about.
    cpu: float | None = None
    # The smallest and largest of the runs the median is taken from.
    low: float | None = None
    high: float | None = None
    # "floor": a baseline others are measured against; "reported": a figure without a target of its own.
    role: str = ""

    @property
    def higher_is_better(self) -> bool:
        return self.unit == "x"

    @property
    def passed(self) -> bool:
        if self.role:
            return True
        return self.measured >= self.target if self.higher_is_better else self.measured <= self.target

    def target_text(self) -> str:
        if self.role:
            return "(the floor)" if self.role == "floor" else "(reported)"
        sign = ">=" if self.higher_is_better else "<="
        return f"{sign} {_number(self.target)} {self.unit}"

    def measured_text(self) -> str:
        cpu = f" (CPU {_number(self.cpu)} {self.unit})" if self.cpu is not None else ""
        spread = ""
        if self.low is not None and self.high is not None and self.runs > 1:
            spread = f" [min {_number(self.low)}, max {_number(self.high)}]"
        return f"{_number(self.measured)} {self.unit}{spread}{cpu}"


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def options(description: str, argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="size of the synthetic data relative to the targets' (CI uses 0.001)",
    )
    parser.add_argument("--runs", type=int, default=5, help="repetitions per figure; the median is reported")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "annotator-bench",
        help="where generated databases and files are kept between runs",
    )
    parser.add_argument("--json", type=Path, default=None, help="also append the figures to this file")
    return parser.parse_args(argv)


def median_seconds(
    action: Callable[[], object], runs: int, *, setup: Callable[[], object] | None = None
) -> float:
    """The median wall-clock time of ``action`` over ``runs`` repetitions (``setup`` runs untimed first)."""
    return median_times(action, runs, setup=setup)[0]


def median_times(
    action: Callable[[], object], runs: int, *, setup: Callable[[], object] | None = None
) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``action`` over ``runs`` repetitions."""
    samples = Samples()
    for _ in range(max(runs, 1)):
        if setup is not None:
            setup()
        samples.time(action)
    return samples.medians()


class Samples:
    """Wall-clock and CPU times of repeated actions, for medians."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, action: Callable[[], object]) -> None:
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        self.wall.append(time.perf_counter() - started)
        self.cpu.append(time.process_time() - started_cpu)

    def medians(self) -> tuple[float, float]:
        return statistics.median(self.wall), statistics.median(self.cpu)

    def figure(self, name: str, target_ms: float, note: str = "") -> Figure:
        wall, cpu = self.medians()
        return Figure(
            name,
            wall * 1000,
            target_ms,
            "ms",
            len(self.wall),
            note=note,
            cpu=cpu * 1000,
            low=min(self.wall) * 1000,
            high=max(self.wall) * 1000,
        )


def spread(name: str, values: Sequence[float], target: float, unit: str, **extra: Any) -> Figure:
    """A figure from several runs' values: their median, with the smallest and largest."""
    return Figure(
        name, statistics.median(values), target, unit, len(values), low=min(values), high=max(values), **extra
    )


def reference_loop_ms() -> float:
    """The best of five runs of a fixed pure-Python loop, in ms: the machine's speed at this moment.

    Shared machines drift (this project's ran the same code up to 1.7 times slower in some hours), so
    figures are best read beside this one, taken in the same run.
    """
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number * number % 7
        best = min(best, time.perf_counter() - started)
    return best * 1000


def table(figures: Sequence[Figure]) -> str:
    """A markdown table, as pasted into the README."""
    rows = ["| figure | target | measured (median) | result |", "|---|---|---|---|"]
    for figure in figures:
        result = "—" if figure.role else "pass" if figure.passed else "**miss**"
        note = f" ({figure.note})" if figure.note else ""
        rows.append(
            f"| {figure.name}{note} | {figure.target_text()} | {figure.measured_text()} "
            f"(median of {figure.runs}) | {result} |"
        )
    return "\n".join(rows)


def report(figures: Sequence[Figure], args: argparse.Namespace) -> None:
    print(table(figures))
    print(f"Reference loop (the machine's speed now, lower is faster): {reference_loop_ms():.0f} ms")
    sys.stdout.flush()
    if args.json is not None:
        with args.json.open("a", encoding="utf-8") as stream:
            for figure in figures:
                stream.write(json.dumps(asdict(figure)) + "\n")


def read_figures(path: Path) -> list[Figure]:
    if not path.exists():
        return []
    return [Figure(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]
