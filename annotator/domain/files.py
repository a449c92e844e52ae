"""What a path named by the user must be before it is read or written (a look at the path, no reading).

A FIFO or a device named where a file belongs would make reading hang or never end, and replacing one
with an export would destroy it (``/dev/null`` included); both are refused with the path.
"""

from __future__ import annotations

import os
from pathlib import Path

from annotator.domain.errors import InputError


def require_regular_file(path: Path, what: str = "file") -> None:
    """Refuse a missing path, a folder, a FIFO or a device where a ``what`` to read is expected."""
    if not path.exists():
        raise InputError(f"no such {what}", path=path)
    if path.is_dir():
        raise InputError(f"is a folder; give a {what}", path=path)
    if not path.is_file():
        raise InputError(f"is not a regular file (a pipe or a device); give a {what}", path=path)


def require_writable_target(out: Path, *, folder: bool = False) -> Path:
    """``out`` made absolute, refused unless it can be written as a new or replaced file (or folder).

    Checked before any work is done, so that a bad output path changes nothing. A missing folder is
    made, as the user asked for a file in it; one that cannot be made is the error.
    """
    out = out.resolve()
    if out.exists() and not (out.is_file() or (folder and out.is_dir())):
        kind = "a folder" if out.is_dir() else "not a regular file (a pipe or a device)"
        raise InputError(f"is {kind}; give a file name to write to", path=out)
    if not out.parent.is_dir():
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = f"the folder {out.parent} cannot be made ({error.strerror})"
            raise InputError(f"cannot be written: {reason}", path=out) from error
    if not os.access(out.parent, os.W_OK | os.X_OK):
        raise InputError(f"cannot be written: the folder {out.parent} is not writable", path=out)
    return out
