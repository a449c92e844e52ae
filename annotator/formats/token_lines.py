"""Telling CoNLL-style ``token TAG`` lines apart from prose, whatever the file is called.

CoNLL files are often named ``train.txt``; read as plain text they would import as one document of
tokens and tags with no span. A file whose first lines are (nearly) all ``token ... TAG`` rows with a BIO
tag, with at least one tag other than ``O`` or a ``-DOCSTART-`` line, is CoNLL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

_ROW = re.compile(r"^\S+(?:[ \t]+\S+)*[ \t]+(O|[BIESLU]-\S+)$")
_SAMPLE_LINES = 200
_SAMPLE_BYTES = 1 << 16


def looks_like_token_tags(lines: Iterable[str]) -> bool:
    rows = [line.strip() for line in islice((line for line in lines if line.strip()), _SAMPLE_LINES)]
    if len(rows) < 3:
        return False
    tags = [_ROW.match(row) for row in rows]
    starts = sum(row.startswith("-DOCSTART-") for row in rows)
    fitting = sum(tag is not None for tag in tags) + starts
    entities = sum(tag is not None and tag[1] != "O" for tag in tags)
    return fitting >= 0.9 * len(rows) and (entities > 0 or starts > 0)


def file_looks_like_token_tags(path: Path) -> bool:
    """The same check on the start of a file (any encoding's bad bytes are ignored here)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(_SAMPLE_BYTES)
    except OSError:
        return False  # the reader reports it
    lines = head.decode("utf-8", errors="replace").splitlines()
    if len(head) == _SAMPLE_BYTES and lines:
        lines.pop()  # may be cut in the middle
    return looks_like_token_tags(lines)
