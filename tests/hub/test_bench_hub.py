"""The hub benchmark runs end to end at a tiny size and prints its figures, spreads, plans and the
window's pauses while it syncs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.harness import read_figures

ROOT = Path(__file__).resolve().parents[2]


def test_hub_benchmark_prints_its_figures(hub_url: str, tmp_path: Path) -> None:
    figures = tmp_path / "figures.jsonl"
    command = [sys.executable, "-m", "benchmarks.bench_hub", "--scale", "0.001", "--runs", "1"]
    result = subprocess.run(
        [*command, "--workdir", str(tmp_path), "--json", str(figures), "--hub", hub_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Index Scan using spans_by_seq on spans" in result.stdout
    assert "relations_by_seq on relations" in result.stdout
    assert "sync with nothing to do: min" in result.stdout
    assert "window event loop, longest pause (worst of 1): idle" in result.stdout
    names = [figure.name for figure in read_figures(figures)]
    assert names == [
        "sync sending 10 changed spans",
        "sync receiving 10 changed spans",
        "sync sending 5 relations and 5 attributes",
        "sync with nothing to do",
        "window's longest pause, idle",
        "window's longest pause while its sync receives",
        "window's longest pause while its sync sends",
    ]
