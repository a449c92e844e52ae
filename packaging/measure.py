"""Measure a built bundle: its size, and how long it takes to start.

    python packaging/measure.py dist/annotator/annotator [--runs 7]

"--version" time is the whole process (it never loads Qt); "window shown" is the time from starting
``annotator selftest`` until it reports the main window exposed on the offscreen platform. The first run
reads the bundle from disk; the median of the others is a start with the files already in memory.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

WINDOW_LINE = "window shown"


def bundle_size(folder: Path) -> int:
    return sum(path.lstat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def time_version(program: Path) -> float:
    started = time.perf_counter()
    subprocess.run([str(program), "--version"], check=True, capture_output=True, timeout=120)
    return time.perf_counter() - started


def time_window(program: Path) -> float:
    started = time.perf_counter()
    shown: float | None = None
    with subprocess.Popen(
        [str(program), "selftest"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if shown is None and WINDOW_LINE in line:
                shown = time.perf_counter() - started
    if process.returncode != 0 or shown is None:
        raise SystemExit(f"{program} selftest failed (exit code {process.returncode})")
    return shown


def describe(label: str, samples: list[float]) -> str:
    rest = samples[1:] or samples
    return (
        f"{label:<14} first run {samples[0] * 1000:6.0f} ms, "
        f"then median {statistics.median(rest) * 1000:6.0f} ms (min {min(rest) * 1000:.0f} ms)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("program", type=Path, help="the bundled annotator executable")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    program: Path = args.program.resolve()
    folder = program.parent
    print(f"bundle         {folder} ({bundle_size(folder) / 2**20:.0f} MiB)")
    print(describe("--version", [time_version(program) for _ in range(args.runs)]))
    print(describe("window shown", [time_window(program) for _ in range(args.runs)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
