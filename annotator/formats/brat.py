"""brat standoff: a folder with a ``NAME.txt`` (the text) and a ``NAME.ann`` (the spans) per document.

Each span is a text-bound line ``T1<TAB>label start end<TAB>text``; offsets are code points into the .txt
file. Annotator adds an ``A1<TAB>Annotator T1 name`` attribute line (who tagged it) and an
``#1<TAB>AnnotatorNotes T1<TAB>note`` line for a note, and writes an ``annotation.conf`` declaring the
labels and the attribute so brat shows the folder without warnings. brat names hold only
``[A-Za-z0-9_-]``: other labels and annotator names are mapped reversibly (``brat_names``), with a
``visual.conf`` that shows and restores the originals, and the export report lists them. The .txt is named
after the document id. Reading accepts a folder, an .ann file or a .txt file with its .ann beside it.
A discontinuous span (``start end;start end``) is imported as one span of its label per fragment, and the
report says how many were split. Relations, attributes, normalisations (links to the entity list) and
notes on relations are read and written as ``brat_structure`` describes; brat has no document labels (the
export report counts them), and events are not imported (the report counts them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.structure import AttributeValue, StructureSchema
from annotator.domain.text import guess_title
from annotator.formats import brat_structure
from annotator.formats.brat_names import NameMap, read_visual_conf
from annotator.formats.output_paths import file_in
from annotator.formats.plaintext import decode_file
from annotator.formats.records import (
    ExportDocument,
    ParsedDocument,
    ParsedRelation,
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


def _flat(value: str) -> str:
    # An .ann line cannot hold a line break; brat shows one as a space in the text column.
    return value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def write(target: Path, documents: Iterable[ExportDocument]) -> WriteResult:
    target.mkdir(parents=True, exist_ok=True)
    result = WriteResult()
    names = NameMap()
    labels: set[str] = set()
    annotators: set[str] = set()
    types: set[str] = set()
    values: dict[str, set[str]] = {}
    schema = StructureSchema.empty()
    document_labels = 0
    for item in documents:
        schema = item.structure
        document_labels += len(item.document_labels)
        document = item.document
        text_file = file_in(target, document.id, ".txt", what="document id")
        text_file.write_text(document.text, encoding="utf-8", newline="\n")
        labels.update(s.label for s in item.spans)
        annotators.update(s.annotator for s in item.spans)
        types.update(r.type for r in item.relations)
        names.add(labels | annotators | brat_structure.names_of(item))
        lines: list[str] = []
        notes = 0
        numbers: dict[str, int] = {}
        for number, span in enumerate(sorted_spans(item.spans), start=1):
            numbers[span.id] = number
            lines.append(f"T{number}\t{names[span.label]} {span.start} {span.end}\t{_flat(span.text)}")
            lines.append(f"A{number}\t{ATTRIBUTE} T{number} {names[span.annotator]}")
            if span.note:
                notes += 1
                lines.append(f"#{notes}\tAnnotatorNotes T{number}\t{_flat(span.note)}")
        numbering = brat_structure.Numbering(numbers, len(numbers) + 1, notes + 1)
        lines += brat_structure.lines(item, numbering, names, values)
        text_file.with_suffix(".ann").write_text(
            "".join(line + "\n" for line in lines), encoding="utf-8", newline="\n"
        )
        result.spans_written += len(item.spans)
    relation_lines, attribute_lines = brat_structure.configuration(schema, names, types, values)
    (target / "annotation.conf").write_text(
        _configuration(
            {names[n] for n in labels}, {names[n] for n in annotators}, relation_lines, attribute_lines
        ),
        encoding="utf-8",
        newline="\n",
    )
    if document_labels:
        result.notes.append(f"brat has no document labels: {document_labels} document label(s) not written")
    renamed = names.renamed()
    if renamed:
        (target / "visual.conf").write_text(names.visual_conf(), encoding="utf-8", newline="\n")
        shown = ", ".join(f"{name!r} as {written}" for name, written in renamed.items())
        result.notes.append(
            f"brat: names outside [A-Za-z0-9_-] written as {shown} (visual.conf shows the originals)"
        )
    return result


def _configuration(labels: set[str], annotators: set[str], relations: str, attributes: str) -> str:
    values = "|".join(sorted(annotators))
    return (
        "[entities]\n"
        + "".join(f"{label}\n" for label in sorted(labels))
        + f"\n[relations]\n{relations}\n[events]\n\n[attributes]\n"
        + (f"{ATTRIBUTE}\tArg:<ENTITY>, Value:{values}\n" if annotators else "")
        + attributes
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
        conf = ann.parent / "annotation.conf"
        facts = brat_structure.read_conf(decode_file(conf, options.encoding) if conf.is_file() else "")
        _read_pair(ann, options, result, _originals(ann.parent, options), facts)
    return result


def _originals(folder: Path, options: ReadOptions) -> dict[str, str]:
    """The names an export of ours mapped into brat's characters, from the collection's visual.conf."""
    conf = folder / "visual.conf"
    return read_visual_conf(decode_file(conf, options.encoding)) if conf.is_file() else {}


# ASCII digits only, and no more than any text could need (a longer number is no offset, and Python
# refuses to convert one of over 4,300 digits).
_TEXT_BOUND = re.compile(r"^(\S+) ([0-9]{1,18} [0-9]{1,18}(?:;[0-9]{1,18} [0-9]{1,18})*)$")
# What each kind of .ann line holds, for the report (T, A, M and # lines are read).
_KINDS = {"E": "events"}


@dataclass(frozen=True)
class _TextBound:
    line: int
    label: str
    fragments: list[tuple[int, int]]
    text: str


def _read_pair(
    ann: Path,
    options: ReadOptions,
    result: ReadResult,
    originals: dict[str, str],
    conf: brat_structure.ConfFacts,
) -> None:
    txt = ann.with_suffix(".txt")
    if not ann.is_file():
        raise InputError("has no .ann file beside it (brat keeps spans in NAME.ann)", path=txt)
    if not txt.is_file():
        raise InputError("has no .txt file beside it (brat keeps the text in NAME.txt)", path=ann)
    text = decode_file(txt, options.encoding)
    lines = decode_file(ann, options.encoding).replace("\r\n", "\n").split("\n")
    found: dict[str, _TextBound] = {}
    annotators: dict[str, str] = {}
    notes: dict[str, str] = {}
    other_notes = 0
    dropped: Counter[str] = Counter()
    attributes: dict[str, list[tuple[str, AttributeValue]]] = {}
    relations: list[ParsedRelation] = []
    relation_ids: dict[str, int] = {}

    def original(name: str) -> str:
        return originals.get(name, name)

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        ident, _, rest = line.partition("\t")
        kind = ident[:1]
        if kind == "T":
            annotation, _, span_text = rest.partition("\t")
            match = _TEXT_BOUND.match(annotation)
            if match is None:
                result.rejections.append(
                    Rejection(
                        ann,
                        number,
                        "expected 'label start end' (or 'start end;start end') after the id",
                        ident,
                    )
                )
                return
            pairs = (part.split() for part in match[2].split(";"))
            fragments = [(int(start), int(end)) for start, end in pairs]
            found[ident] = _TextBound(number, match[1], fragments, span_text)
        elif kind in {"A", "M"}:
            parts = rest.split()
            if len(parts) == 3 and parts[0] == ATTRIBUTE:
                annotators[parts[1]] = parts[2]
            elif len(parts) in (2, 3) and parts[1].startswith("T"):
                value = original(parts[2]) if len(parts) == 3 else None
                typed = brat_structure.typed_value(value, conf.kinds.get(parts[0]))
                attributes.setdefault(parts[1], []).append((original(parts[0]), typed))
            else:
                dropped["attributes of relations or events"] += 1
        elif kind == "N":
            normalised = brat_structure.parse_normalisation(rest)
            if normalised is None or not normalised[0].startswith("T"):
                dropped["normalisations of relations or events"] += 1
            else:
                attributes.setdefault(normalised[0], []).append((original(normalised[1]), normalised[2]))
        elif kind == "R":
            parsed = brat_structure.parse_relation(rest)
            if parsed is None or not (parsed[1].startswith("T") and parsed[2].startswith("T")):
                dropped["relations of events"] += 1
                continue
            name, source, target = parsed
            relation_ids[ident] = len(relations)
            relations.append(
                ParsedRelation(
                    source,
                    target,
                    original(name),
                    field=ident,
                    line=number,
                    directed=name not in conf.symmetric,
                )
            )
        elif kind == "*":
            name, *members = rest.split() or [""]
            for source, target in pairwise(members):
                relations.append(
                    ParsedRelation(source, target, original(name), field=ident, line=number, directed=False)
                )
        elif kind == "#":
            head, _, note = rest.partition("\t")
            parts = head.split()
            if len(parts) == 2 and parts[0] == "AnnotatorNotes":
                notes[parts[1]] = note
            else:
                other_notes += 1
        else:
            dropped[_KINDS.get(kind, "other annotation lines")] += 1
    for ident, index in relation_ids.items():
        if ident in notes:
            relations[index] = replace(relations[index], note=notes.pop(ident))
    # Notes on events (or on nothing) have no span to go with.
    dropped["notes"] += other_notes + sum(1 for target in notes if target not in found)
    spans: list[ParsedSpan] = []
    split = 0
    for ident, bound in found.items():
        pieces = _fragment_texts(bound)
        if pieces is None:
            result.rejections.append(
                Rejection(ann, bound.line, "the text column does not match the span's fragments", ident)
            )
            return
        split += len(pieces) > 1
        for index, ((start, end), piece) in enumerate(zip(bound.fragments, pieces, strict=True)):
            who = annotators.get(ident)
            spans.append(
                ParsedSpan(
                    start,
                    end,
                    originals.get(bound.label, bound.label),
                    text=piece,
                    annotator=originals.get(who, who) if who else None,
                    note=notes.get(ident, ""),
                    field=ident,
                    line=bound.line,
                    # Relations and attributes go with a discontinuous span's first fragment.
                    ref=ident if index == 0 else None,
                    attributes=tuple(attributes.get(ident, ())) if index == 0 else (),
                )
            )
    if split:
        result.notes.append(
            f"{ann}: {split} discontinuous span(s) split: each fragment is imported as a span of its label"
        )
    result.drop(ann.parent, dropped)
    result.documents.append(
        ParsedDocument(
            path=ann,
            line=1,
            text=text,
            title=guess_title(text.replace("\r\n", "\n"), fallback=ann.stem),
            source=str(txt),
            spans=tuple(spans),
            span_text_flattens_newlines=True,
            relations=tuple(relations),
        )
    )


def _fragment_texts(bound: _TextBound) -> list[str] | None:
    """Each fragment's text: brat writes a discontinuous span's text as its fragments joined by spaces."""
    if len(bound.fragments) == 1:
        return [bound.text]
    pieces: list[str] = []
    position = 0
    for start, end in bound.fragments:
        pieces.append(bound.text[position : position + end - start])
        position += end - start + 1
    return pieces if position - 1 == len(bound.text) else None
