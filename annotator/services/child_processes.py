"""Ending a worker's child process, however the parent's side of the work ended."""

from __future__ import annotations

from typing import Any


def stop_child(child: Any, channel: Any) -> None:
    """Terminate ``child`` if it still runs (a cancel, a failure here), wait for it, and close the
    parent's end of the ``channel`` it answered through (a queue or a pipe)."""
    if child.is_alive():
        child.terminate()
    child.join(timeout=10)
    channel.close()
