"""Writing a file so that an interrupted write never leaves half of it: written beside the target, then
renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.domain.errors import StorageError
from annotator.domain.files import require_writable_target


def write_atomically(out: Path, lines: Iterable[str]) -> None:
    """Write text lines to ``out`` through a temporary file renamed into place.

    A bad target (a missing folder, a pipe or device) is refused before anything is written; a write
    that fails (disk full) leaves ``out`` as it was and names it.
    """
    out = require_writable_target(out)
    with written_beside(out) as temp, temp.open("w", encoding="utf-8", newline="\n") as stream:
        for line in lines:
            stream.write(line)


@contextmanager
def written_beside(out: Path) -> Iterator[Path]:
    """A new temporary file beside ``out``, renamed over ``out`` when the block ends without an error.

    An operating-system failure (disk full, quota, I/O error) becomes a StorageError naming ``out``.
    """
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        os.close(handle)
    except OSError as error:
        raise StorageError(f"{out}: cannot be written ({error.strerror}); nothing was written") from error
    temp = Path(temp_name)
    try:
        yield temp
        os.replace(temp, out)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise StorageError(f"{out}: cannot be written ({error.strerror}); nothing was written") from error
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
