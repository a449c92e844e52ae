"""The peak resident memory of a process and its children together, sampled every 10 ms.

    python -m benchmarks.rss_sampler PID

Prints "sampling" once the first sample is taken, samples until a line arrives on its input, then prints
the peak in bytes. The sampler itself (a child of PID) is left out.
"""

from __future__ import annotations

import os
import select
import sys
from contextlib import suppress
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")


def resident(pid: str) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0  # the process ended meanwhile


def children(pid: str) -> list[str]:
    found: list[str] = []
    with suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with suppress(OSError):
                found += (task / "children").read_text().split()
    return found


def together(pid: str, leave_out: str) -> int:
    return resident(pid) + sum(resident(child) for child in children(pid) if child != leave_out)


def main(argv: list[str]) -> None:
    (pid,) = argv
    me = str(os.getpid())
    peak = together(pid, me)
    print("sampling", flush=True)
    while not select.select([sys.stdin], [], [], 0.01)[0]:
        peak = max(peak, together(pid, me))
    print(peak, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
