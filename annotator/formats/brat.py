"""brat standoff: a folder with a ``NAME.txt`` (the text) and a ``NAME.ann`` (the spans) per document.

Each span is a text-bound line ``T1<TAB>label start end<TAB>text``; offsets are code points into the .txt
file. Annotator adds an ``A1<TAB>Annotator T1 name`` attribute line (who tagged it) and an
``#1<TAB>AnnotatorNotes T1<TAB>note`` line for a note, and writes an ``annotation.conf`` declaring the
labels and the attribute so brat shows the folder without warnings. brat type names and attribute values
cannot hold whitespace: such characters are written as ``_`` and the export report lists them. The .txt is
named after the document id. Reading accepts a folder, an .ann file or a .txt file with its .ann beside it;
relations, events and normalisations are not imported (the report counts them), and discontinuous spans
(``start end;start end``) are refused with their line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.text import guess_title
from annotator.formats.output_paths import file_in
from annotator.formats.plaintext import decode_file
from annotator.formats.records import (
    ExportDocument,
    ParsedDocument,
    ParsedSpan,
    ReadOptions,
    ReadResult,
    Rejection,
    WriteResult,
    sorted_spans,
)

NAME = "brat"
SUFFIXES = (".ann",)
ATTRIBUTE = "Annotator"
_SPACE = re.compile(r"\s")


def _name(value: str) -> str:
    return _SPACE.sub("_", value)


def _flat(value: str) -> str:
    # An .ann line cannot hold a line break; brat shows one as a space in the text column.
    return value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def write(target: Path, documents: Iterable[ExportDocument]) -> WriteResult:
    target.mkdir(parents=True, exist_ok=True)
    result = WriteResult()
    labels: set[str] = set()
    annotators: set[str] = set()
    renamed: set[str] = set()
    for item in documents:
        document = item.document
        text_file = file_in(target, document.id, ".txt", what="document id")
        text_file.write_text(document.text, encoding="utf-8", newline="\n")
        lines: list[str] = []
        notes = 0
        for number, span in enumerate(sorted_spans(item.spans), start=1):
            label, annotator = _name(span.label), _name(span.annotator)
            if label != span.label:
                renamed.add(f"label {span.label!r}")
            if annotator != span.annotator:
                renamed.add(f"annotator {span.annotator!r}")
            labels.add(label)
            annotators.add(annotator)
            lines.append(f"T{number}\t{label} {span.start} {span.end}\t{_flat(span.text)}")
            lines.append(f"A{number}\t{ATTRIBUTE} T{number} {annotator}")
            if span.note:
                notes += 1
                lines.append(f"#{notes}\tAnnotatorNotes T{number}\t{_flat(span.note)}")
        text_file.with_suffix(".ann").write_text(
            "".join(line + "\n" for line in lines), encoding="utf-8", newline="\n"
        )
        result.spans_written += len(item.spans)
    (target / "annotation.conf").write_text(
        _configuration(labels, annotators), encoding="utf-8", newline="\n"
    )
    if renamed:
        result.notes.append(
            "brat: whitespace in these names was written as '_': " + ", ".join(sorted(renamed))
        )
    return result


def _configuration(labels: set[str], annotators: set[str]) -> str:
    values = "|".join(sorted(annotators))
    return (
        "[entities]\n"
        + "".join(f"{label}\n" for label in sorted(labels))
        + "\n[relations]\n\n[events]\n\n[attributes]\n"
        + (f"{ATTRIBUTE}\tArg:<ENTITY>, Value:{values}\n" if annotators else "")
    )


def ann_files(path: Path) -> list[Path]:
    """The .ann files that ``path`` stands for."""
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix == ".ann" and p.is_file())
        if not found:
            raise InputError("contains no brat .ann files", path=path)
        return found
    if path.suffix == ".txt":
        return [path.with_suffix(".ann")]
    return [path]


def read(path: Path, options: ReadOptions) -> ReadResult:
    result = ReadResult()
    for ann in ann_files(path):
        _read_pair(ann, options, result)
    return result


# ASCII digits only, and no more than any text could need (a longer number is no offset, and Python
# refuses to convert one of over 4,300 digits).
_TEXT_BOUND = re.compile(r"^(\S+) ([0-9]{1,18}) ([0-9]{1,18})$")


def _read_pair(ann: Path, options: ReadOptions, result: ReadResult) -> None:
    txt = ann.with_suffix(".txt")
    if not ann.is_file():
        raise InputError("has no .ann file beside it (brat keeps spans in NAME.ann)", path=txt)
    if not txt.is_file():
        raise InputError("has no .txt file beside it (brat keeps the text in NAME.txt)", path=ann)
    text = decode_file(txt, options.encoding)
    lines = decode_file(ann, options.encoding).replace("\r\n", "\n").split("\n")
    found: dict[str, tuple[int, str, int, int, str]] = {}
    annotators: dict[str, str] = {}
    notes: dict[str, str] = {}
    ignored = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        ident, _, rest = line.partition("\t")
        kind = ident[:1]
        if kind == "T":
            annotation, _, span_text = rest.partition("\t")
            match = _TEXT_BOUND.match(annotation)
            if match is None:
                why = (
                    "discontinuous spans (start end;start end) are not supported"
                    if ";" in annotation
                    else "expected 'label start end' after the id"
                )
                result.rejections.append(Rejection(ann, number, why, ident))
                return
            found[ident] = (number, match[1], int(match[2]), int(match[3]), span_text)
        elif kind in {"A", "M"}:
            parts = rest.split()
            if len(parts) == 3 and parts[0] == ATTRIBUTE:
                annotators[parts[1]] = parts[2]
            else:
                ignored += 1
        elif kind == "#":
            head, _, note = rest.partition("\t")
            parts = head.split()
            if len(parts) == 2 and parts[0] == "AnnotatorNotes":
                notes[parts[1]] = note
        else:
            ignored += 1
    spans = tuple(
        ParsedSpan(
            start,
            end,
            label,
            text=span_text,
            annotator=annotators.get(ident),
            note=notes.get(ident, ""),
            field=ident,
            line=number,
        )
        for ident, (number, label, start, end, span_text) in found.items()
    )
    if ignored:
        result.notes.append(f"{ann}: {ignored} relation, event or attribute line(s) were not imported")
    result.documents.append(
        ParsedDocument(
            path=ann,
            line=1,
            text=text,
            title=guess_title(text.replace("\r\n", "\n"), fallback=ann.stem),
            source=str(txt),
            spans=spans,
            span_text_flattens_newlines=True,
        )
    )
