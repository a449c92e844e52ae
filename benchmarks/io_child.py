"""One import or export in a process of its own, so that its peak memory is its own.

    python -m benchmarks.io_child import FORMAT SOURCE DATABASE   # a new project, then the search index
    python -m benchmarks.io_child export FORMAT DATABASE OUT

Prints one JSON line: seconds, the search index's catch-up seconds (import: it also copies the import's
write-ahead log into the project file), and the peak resident memory in MB of the process and its
reading child together (interpreters and libraries included).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from annotator.services.exporting import export_dataset
from annotator.services.importing import ImportOptions, import_files
from annotator.services.project import Project
from annotator.services.search import catch_up_index
from benchmarks import synthetic


def peak_mb() -> float:
    """This process's peak resident memory plus its largest child's (an import reads a large file in a
    child process): an upper bound of what both held at once."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024  # KiB on Linux


def run_import(format_name: str, source: Path, database: Path) -> dict[str, float]:
    for stale in database.parent.glob(database.name + "*"):
        stale.unlink()
    with Project.open(database, annotator=synthetic.ANNOTATORS[0]) as project:
        synthetic.prepare_project(project)
        started = time.perf_counter()
        report = import_files(project, [source], ImportOptions(format=format_name))
        seconds = time.perf_counter() - started
        memory = peak_mb()
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
