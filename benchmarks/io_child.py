"""One import or export in a process of its own, so that its peak memory is its own.

    python -m benchmarks.io_child import FORMAT SOURCE DATABASE   # a new project, then the search index
    python -m benchmarks.io_child export FORMAT DATABASE OUT

Prints one JSON line: seconds, the search index's catch-up seconds (import: it also copies the import's
write-ahead log into the project file), and the peak resident memory in MB (interpreters and libraries
included): of the import process and its reading child together (``TogetherPeak``), of the export process.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

# Annotator's modules are imported where they are used: an import's reading child (spawned) imports this
# module again, and a user's ``annotator import`` makes it import nothing but the command line's entry.


def peak_mb() -> float:
    """This process's peak resident memory."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class TogetherPeak:
    """The peak of this process's and its children's resident memory together (an import reads a large
    file in a child process), sampled every 10 ms while the block runs by a process of its own
    (``benchmarks.rss_sampler``); never below this process's own peak, which the kernel keeps exactly.

    A sampling thread here would change what is measured: the import forks its reading child only from
    a process with no other thread (the command line), and spawns it otherwise (the window)."""

    def __init__(self) -> None:
        self.peak = 0
        self._sampler: subprocess.Popen[str] | None = None

    def __enter__(self) -> TogetherPeak:
        self._sampler = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.rss_sampler", str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._sampler.stdout is not None
        self._sampler.stdout.readline()  # "sampling": it has taken its first sample
        return self

    def __exit__(self, *_: object) -> None:
        assert self._sampler is not None
        report = self._sampler.communicate("stop\n")[0]
        self.peak = int(report.split()[-1])

    def megabytes(self) -> float:
        return max(self.peak / 2**20, peak_mb())


def run_import(format_name: str, source: Path, database: Path) -> dict[str, float]:
    from annotator.services.importing import ImportOptions, import_files
    from annotator.services.project import Project
    from annotator.services.search import catch_up_index
    from benchmarks import synthetic

    for stale in database.parent.glob(database.name + "*"):
        stale.unlink()
    with Project.open(database, annotator=synthetic.ANNOTATORS[0]) as project:
        synthetic.prepare_project(project)
        with TogetherPeak() as together:
            started = time.perf_counter()
            report = import_files(project, [source], ImportOptions(format=format_name))
            seconds = time.perf_counter() - started
        memory = together.megabytes()
        started = time.perf_counter()
        catch_up_index(project)
        index_seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "index_seconds": index_seconds,
        "peak_mb": memory,
        "documents": len(report.added),
        "spans": report.spans_added,
    }


def run_export(format_name: str, database: Path, out: Path) -> dict[str, float]:
    from annotator.services.exporting import export_dataset
    from annotator.services.project import Project
    from benchmarks import synthetic

    with Project.open(database, annotator=synthetic.ANNOTATORS[0]) as project:
        started = time.perf_counter()
        report = export_dataset(project, out, format_name)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": peak_mb(), "spans": report.spans}


def main(argv: list[str]) -> None:
    command, format_name, first, second = argv
    if command == "import":
        figures = run_import(format_name, Path(first), Path(second))
    elif command == "export":
        figures = run_export(format_name, Path(first), Path(second))
    else:
        raise SystemExit(f"unknown command {command!r}: expected import or export")
    print(json.dumps(figures))


if __name__ == "__main__":
    main(sys.argv[1:])
