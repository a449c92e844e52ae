"""The agreement benchmark still runs (on a tiny corpus: this is not a timing test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_agreement.py"


def test_benchmark_runs_on_a_tiny_corpus() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--documents", "30", "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("30 documents x 3 annotators")
    assert "service: agreement_report" in result.stdout
