"""brat type names and attribute values: only ``[A-Za-z0-9_-]``, mapped reversibly.

A name that already fits is written as it is. Any other character becomes ``_HEX_`` (``R&D`` ->
``R_26_D``, ``芯片`` -> ``_82af__7247_``), with ``-2``, ``-3`` ... added if that collides with another name;
``visual.conf`` gives each such name its original as brat's display label (``R_26_D | R&D``), so brat shows
the original, and import maps it back. Import only takes a display label back when it encodes to the type
name, so the display names other corpora choose ("Gene_or_gene_product | Gene or gene product") are left
alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_FITS = re.compile(r"^[A-Za-z0-9_-]+$")
_OTHER = re.compile(r"[^A-Za-z0-9-]")


def encode(name: str) -> str:
    """``name`` in brat's characters: a name that fits as it is, else each other character as ``_HEX_``."""
    if _FITS.match(name):
        return name
    return _OTHER.sub(lambda match: f"_{ord(match.group()):x}_", name)


class NameMap:
    """The brat name of every label and annotator of one export, unique, and their originals."""

    def __init__(self) -> None:
        self.by_name: dict[str, str] = {}
        self._taken: set[str] = set()

    def add(self, names: Iterable[str]) -> None:
        # Names that fit are placed first, so an encoded name does not take theirs; a name met in a later
        # call may still find its form taken and get a suffix, which visual.conf maps back like the rest.
        pending = sorted(set(names) - self.by_name.keys(), key=lambda n: (not _FITS.match(n), n))
        for name in pending:
            wanted = encode(name)
            written, number = wanted, 1
            while written in self._taken:
                number += 1
                written = f"{wanted}-{number}"
            self.by_name[name] = written
            self._taken.add(written)

    def __getitem__(self, name: str) -> str:
        return self.by_name[name]

    def renamed(self) -> dict[str, str]:
        return {name: written for name, written in sorted(self.by_name.items()) if name != written}

    def visual_conf(self) -> str:
        lines = "".join(f"{written} | {name}\n" for name, written in self.renamed().items())
        return f"[labels]\n{lines}\n[drawing]\n"


def read_visual_conf(text: str) -> dict[str, str]:
    """brat name -> original, for the display labels in ``visual.conf`` that this module wrote."""
    found: dict[str, str] = {}
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section != "labels" or "|" not in line:
            continue
        written, display = (part.strip() for part in line.split("|", 1))
        base = encode(display)
        if written != display and (written == base or re.fullmatch(rf"{re.escape(base)}-\d+", written)):
            found[written] = display
    return found
