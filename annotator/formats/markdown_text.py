"""Markdown files: the plain text a reader sees once the Markdown is rendered, as one document.

The Markdown is rendered to HTML with the ``markdown`` package and the visible text taken as for HTML
files (``html_text``), so ``**bold**`` becomes ``bold`` and ``# Title`` becomes ``Title``. Only that plain
text is stored: the Markdown source is not kept, so there is no mapping back to it to maintain.
"""

from __future__ import annotations

from pathlib import Path

import markdown

from annotator.domain.errors import InputError
from annotator.formats.html_text import visible_text
from annotator.formats.plaintext import decode_file, document_from_text
from annotator.formats.records import ReadOptions, ReadResult

NAME = "markdown"
SUFFIXES = (".md", ".markdown")


def plain_text(source: str) -> tuple[str, str]:
    """(plain text, first heading) of a Markdown document."""
    html = markdown.markdown(source.replace("\r\n", "\n"), extensions=["tables", "fenced_code"])
    return visible_text(html)


def read(path: Path, options: ReadOptions) -> ReadResult:
    text, title = plain_text(decode_file(path, options.encoding))
    if not text.strip():
        raise InputError("is empty: there is no text to annotate", path=path)
    return ReadResult(documents=[document_from_text(path, text, title=title)])
