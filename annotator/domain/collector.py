"""Holding Python's cycle collector while a large acyclic structure is built or walked."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold the cycle collector while many rows or records are read and built.

    The collector runs again and again over the whole heap while a large result grows (a third of the time
    of building 10,000 spans in the GUI's heap; half of reading 100,000 records of a file, and more the
    larger the file); rows, records and models never form reference cycles.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
