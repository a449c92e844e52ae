"""Format names alone, so the command line can offer them without importing every reader.

``registry`` checks at import that these match the formats it knows.
"""

from __future__ import annotations

AUTO = "auto"
EXPORT_FORMAT_NAMES = ("jsonl", "doccano", "label-studio", "conll", "brat", "spacy", "prodigy")
IMPORT_FORMAT_NAMES = (AUTO, *EXPORT_FORMAT_NAMES, "text", "markdown", "html")
