"""Plain text and Markdown files: one document per file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.text import canonical_text, guess_title

SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class TextFile:
    path: Path
    title: str
    text: str


def read_text_file(path: Path, *, encoding: str = "utf-8") -> TextFile:
    """Read one file as canonical text, or raise InputError naming the file (and line for bad bytes)."""
    if not path.exists():
        raise InputError("no such file", path=path)
    if path.is_dir():
        raise InputError("is a folder, not a file", path=path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path=path) from error
    try:
        text = canonical_text(raw, encoding=encoding)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"is not valid {encoding} (byte 0x{raw[error.start]:02x} at offset {error.start}); "
            "if it uses another encoding, say which with --encoding (for example --encoding cp1252)",
            path=path,
            line=line,
        ) from error
    except LookupError as error:
        raise InputError(f"unknown encoding '{encoding}'", path=path) from error
    if not text.strip():
        raise InputError("is empty: there is no text to annotate", path=path)
    return TextFile(path=path, title=guess_title(text, fallback=path.stem), text=text)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for its .txt and .md files (sorted). An empty folder is an error."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                raise InputError("contains no .txt or .md files to import", path=path)
            files.extend(found)
        else:
            files.append(path)
    return files
