"""Every file format by name: its reader, its writer, and how ``auto`` recognises it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.collector import collector_paused
from annotator.domain.errors import InputError
from annotator.domain.files import require_regular_file
from annotator.formats import (
    brat,
    conll,
    doccano,
    html_text,
    jsonl,
    label_studio,
    markdown_text,
    plaintext,
    prodigy,
    spacy_docbin,
    strict_json,
)
from annotator.formats.names import AUTO, EXPORT_FORMAT_NAMES, IMPORT_FORMAT_NAMES
from annotator.formats.records import ExportDocument, ReadOptions, ReadResult, Streamer, WriteResult
from annotator.formats.token_lines import file_looks_like_token_tags

Reader = Callable[[Path, ReadOptions], ReadResult]
Writer = Callable[[Path, Iterable[ExportDocument]], WriteResult]

__all__ = ["AUTO", "EXPORT_FORMATS", "FORMATS", "IMPORT_FORMATS", "Format", "detect", "inputs"]


def _collector_paused(read: Reader) -> Reader:
    """``read`` with the cycle collector held: records never form cycles, and the collector's passes
    over a growing heap made reading 100,000 records take twice as long per record as reading 1,000."""

    def paused(path: Path, options: ReadOptions) -> ReadResult:
        with collector_paused():
            return read(path, options)

    return paused


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    suffixes: tuple[str, ...]
    read: Reader
    write: Writer | None = None
    # brat writes (and reads) a folder rather than one file.
    folder: bool = False
    # Files of this format carry spans: a file read with none at all is reported, never silently empty.
    has_spans: bool = True
    # The writer takes ``offsets=OffsetUnit`` (Label Studio: code points, or UTF-16 for old versions).
    offsets_option: bool = False
    # The reader hands over one document at a time (JSON Lines formats): an import streams the file.
    stream: Streamer | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "read", _collector_paused(self.read))


_ALL = [
    Format(
        jsonl.NAME,
        "Annotator JSONL (also Prodigy/spaCy span data)",
        jsonl.SUFFIXES,
        jsonl.read,
        jsonl.write,
        stream=jsonl.stream,
    ),
    Format(
        doccano.NAME,
        "doccano sequence-labelling JSONL",
        doccano.SUFFIXES,
        doccano.read,
        doccano.write,
        stream=doccano.stream,
    ),
    Format(
        label_studio.NAME,
        "Label Studio JSON task list",
        label_studio.SUFFIXES,
        label_studio.read,
        label_studio.write,
        offsets_option=True,
        stream=label_studio.stream,
    ),
    Format(conll.NAME, "CoNLL token-level BIO", conll.SUFFIXES, conll.read, conll.write),
    Format(brat.NAME, "brat standoff (.txt + .ann per document)", brat.SUFFIXES, brat.read, brat.write, True),
    Format(
        spacy_docbin.NAME,
        "spaCy DocBin (needs spaCy)",
        spacy_docbin.SUFFIXES,
        spacy_docbin.read,
        spacy_docbin.write,
    ),
    Format(
        prodigy.NAME, "Prodigy JSONL", prodigy.SUFFIXES, prodigy.read, prodigy.write, stream=prodigy.stream
    ),
    Format(
        plaintext.NAME,
        "plain text, one document per file",
        plaintext.SUFFIXES,
        plaintext.read,
        has_spans=False,
    ),
    Format(
        markdown_text.NAME,
        "Markdown, imported as the text it renders to",
        markdown_text.SUFFIXES,
        markdown_text.read,
        has_spans=False,
    ),
    Format(
        html_text.NAME,
        "HTML, imported as its visible text",
        html_text.SUFFIXES,
        html_text.read,
        has_spans=False,
    ),
]
FORMATS: dict[str, Format] = {f.name: f for f in _ALL}
IMPORT_FORMATS = [AUTO, *FORMATS]
EXPORT_FORMATS = [f.name for f in _ALL if f.write is not None]
if tuple(IMPORT_FORMATS) != IMPORT_FORMAT_NAMES or tuple(EXPORT_FORMATS) != EXPORT_FORMAT_NAMES:
    raise ImportError("annotator.formats.names is out of step with the registry")
# What a folder stands for under ``auto`` (unless it holds brat .ann files).
_DOCUMENT_FORMATS = (plaintext, markdown_text, html_text)
_DOCUMENT_SUFFIXES = tuple(s for module in _DOCUMENT_FORMATS for s in module.SUFFIXES)


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise InputError(f"unknown format '{name}'; expected one of {', '.join(FORMATS)}") from None


def export_format(name: str) -> Format:
    chosen = get_format(name)
    if chosen.write is None:
        raise InputError(f"cannot export to {name}; export formats: {', '.join(EXPORT_FORMATS)}")
    return chosen


def inputs(paths: Iterable[Path], name: str = AUTO) -> list[tuple[Path, Format]]:
    """Each input with the format it is read as. A folder stands for its files, or is one brat collection."""
    found: list[tuple[Path, Format]] = []
    for path in paths:
        if path.is_dir():
            found.extend(_folder(path, name))
        else:
            require_regular_file(path)
            found.append((path, detect(path) if name == AUTO else get_format(name)))
    return found


def _folder(path: Path, name: str) -> list[tuple[Path, Format]]:
    if name == brat.NAME or (name == AUTO and any(path.glob("*.ann"))):
        return [(path, FORMATS[brat.NAME])]
    suffixes = _DOCUMENT_SUFFIXES if name == AUTO else get_format(name).suffixes
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
    if not files and name == AUTO:
        raise InputError(
            "contains no .txt or .md files to import (nor .markdown, .html, .htm, .xhtml or brat .ann files)",
            path=path,
        )
    if not files:
        raise InputError(f"contains no {' or '.join(suffixes)} files to import", path=path)
    return [(p, detect(p) if name == AUTO else get_format(name)) for p in files]


def detect(path: Path) -> Format:
    """The format ``auto`` picks for a file: by its extension, and by its first record for .jsonl."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return FORMATS[_sniff_jsonl(path)]
    if suffix == plaintext.SUFFIXES[0] and file_looks_like_token_tags(path):
        return FORMATS[conll.NAME]  # CoNLL corpora are often called train.txt
    for candidate in _ALL:
        if candidate.name != jsonl.NAME and suffix in candidate.suffixes:
            return candidate
    raise InputError(
        f"cannot tell its format from the name; say which with --format ({', '.join(FORMATS)})", path=path
    )


_PRODIGY_KEYS = {"_annotator_id", "_session_id", "_input_hash", "_task_hash", "answer"}


def _sniff_jsonl(path: Path) -> str:
    """doccano records have ``label``, ``entities``, ``annotations`` (1.0) or ``cats``; Prodigy tasks have
    underscore keys or ``answer``."""
    try:
        with path.open("rb") as stream:
            first = next((line for line in stream if line.strip()), b"")
        # Strict: an absurdly nested or huge-numbered first record is a JsonProblem, not a crash.
        record = strict_json.loads(first.decode("utf-8", errors="replace"))
    except (OSError, ValueError):
        return jsonl.NAME  # the native reader reports the problem with its line
    if not isinstance(record, dict):
        return jsonl.NAME
    if any(isinstance(record.get(key), list) for key in ("label", "entities", "annotations", "cats")):
        return doccano.NAME
    if _PRODIGY_KEYS & record.keys():
        return prodigy.NAME
    return jsonl.NAME
