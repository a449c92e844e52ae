"""Plain text files: one document per file, the text exactly as written (only newlines are normalised)."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.text import guess_title
from annotator.formats.records import ParsedDocument, ReadOptions, ReadResult
from annotator.formats.strict_json import decode, read_bytes
from annotator.formats.token_lines import looks_like_token_tags

NAME = "text"
SUFFIXES = (".txt",)


def decode_file(path: Path, encoding: str) -> str:
    """The file's text as written (a leading BOM dropped), or InputError naming the file and line."""
    return decode(read_bytes(path), path, encoding)


def read(path: Path, options: ReadOptions) -> ReadResult:
    text = decode_file(path, options.encoding)
    result = ReadResult(documents=[document_from_text(path, text)])
    if looks_like_token_tags(text[:65536].splitlines()):
        result.notes.append(
            f"{path}: its lines look like CoNLL 'token TAG' rows, imported here as plain text without spans; "
            "if it is CoNLL, import it with --format conll"
        )
    return result


def document_from_text(path: Path, text: str, *, title: str = "") -> ParsedDocument:
    if not text.strip():
        raise InputError("is empty: there is no text to annotate", path=path)
    return ParsedDocument(
        path=path,
        line=1,
        text=text,
        title=title or guess_title(text.replace("\r\n", "\n"), fallback=path.stem),
        source=str(path),
    )
