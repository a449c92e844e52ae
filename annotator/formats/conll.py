"""CoNLL BIO: one ``token<TAB>tag`` line per token, a blank line after each sentence, and a
``-DOCSTART-<TAB>O`` line (then a blank line) before each document.

Tokens come from ``annotator.domain.tokens.tokenize`` (its docstring is the tokenizer's documentation); a
sentence is one line of the document's text. Tags are ``B-label`` on a span's first token, ``I-label`` on
the others, ``O`` outside spans. A token can carry one tag only, so when spans are written:

- a span whose start or end falls inside a token cannot be expressed: it is left out and reported;
- spans with the same start, end and label (two annotators agreeing) are written once;
- of spans that share tokens, the one that starts first wins, and of those starting together the longest
  (then the label first in alphabetical order); the others are left out and reported.

Export one annotator (``--annotator NAME``) to avoid most overlaps. Reading accepts BIO, IOB1 (an ``I-``
that follows another label starts a span), BIOES and BILOU tags, whitespace- or tab-separated columns
(the first is the token, the last the tag), and ``-DOCSTART-`` lines between documents. CoNLL keeps no
whitespace, so the text is rebuilt with one space between tokens and a line break between sentences.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.models import Span
from annotator.domain.text import guess_title, normalize_newlines
from annotator.domain.tokens import Token, tokenize
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

NAME = "conll"
SUFFIXES = (".conll", ".conll03", ".bio", ".iob", ".iob2")
DOCSTART = "-DOCSTART-"


@dataclass(frozen=True)
class TokenTags:
    tags: list[str]
    written: list[Span]
    left_out: list[tuple[Span, str]]


def assign_tags(tokens: list[Token], spans: Iterable[Span]) -> TokenTags:
    """BIO tags for ``tokens`` following the rules in the module docstring."""
    starts = {token.start: i for i, token in enumerate(tokens)}
    ends = {token.end: i for i, token in enumerate(tokens)}
    tags = ["O"] * len(tokens)
    owner: list[Span | None] = [None] * len(tokens)
    written: list[Span] = []
    left_out: list[tuple[Span, str]] = []
    seen: set[tuple[int, int, str]] = set()
    ordered = sorted(sorted_spans(spans), key=lambda s: (s.start, -(s.end - s.start), s.label))
    for span in ordered:
        key = (span.start, span.end, span.label)
        if key in seen:
            continue
        first, last = starts.get(span.start), ends.get(span.end)
        if first is None or last is None:
            left_out.append((span, "does not start and end on token boundaries"))
            continue
        taken = next((owner[i] for i in range(first, last + 1) if owner[i] is not None), None)
        if taken is not None:
            left_out.append((span, f"overlaps {taken.label} {taken.text!r} [{taken.start}, {taken.end})"))
            continue
        seen.add(key)
        written.append(span)
        for i in range(first, last + 1):
            owner[i] = span
            tags[i] = ("B-" if i == first else "I-") + span.label
    return TokenTags(tags, written, left_out)


def write(target: Path, documents: Iterable[ExportDocument]) -> WriteResult:
    result = WriteResult()
    problems: list[str] = []
    notes = 0
    with target.open("w", encoding="utf-8", newline="\n") as stream:
        for item in documents:
            document = item.document
            tokens = tokenize(document.text)
            tagged = assign_tags(tokens, item.spans)
            stream.write(f"{DOCSTART}\tO\n\n")
            previous: Token | None = None
            for token, tag in zip(tokens, tagged.tags, strict=True):
                if previous is not None and "\n" in document.text[previous.end : token.start]:
                    stream.write("\n")
                stream.write(f"{_clean(token.text)}\t{tag}\n")
                previous = token
            if tokens:
                stream.write("\n")
            result.spans_written += len(tagged.written)
            notes += sum(1 for span in tagged.written if span.note)
            for span, why in tagged.left_out:
                problems.append(
                    f"'{document.title}' ({document.id}): {span.label} {span.text!r} "
                    f"[{span.start}, {span.end}) by {span.annotator} {why}; not written"
                )
    if notes:
        result.notes.append(f"CoNLL: {notes} span note(s) not written (the format has no place for them)")
    if problems:
        result.notes.append(f"CoNLL: {len(problems)} span(s) could not be written as token tags:")
        result.notes.extend(problems)
    return result


def _clean(token: str) -> str:
    # A zero-width joiner may join a token to a following space or tab; a column cannot hold those.
    return "".join("_" if char.isspace() else char for char in token)


def read(path: Path, options: ReadOptions) -> ReadResult:
    lines = normalize_newlines(decode_file(path, options.encoding)).split("\n")
    result = ReadResult()
    block: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip().startswith(DOCSTART):
            _finish(path, block, result)
            block = []
            continue
        block.append((number, line))
    _finish(path, block, result)
    return result


_PREFIXES = {"B", "I", "E", "S", "L", "U"}


def _finish(path: Path, block: list[tuple[int, str]], result: ReadResult) -> None:
    """Turn one document's lines into a ParsedDocument (or a Rejection naming the bad line)."""
    rows = [(n, line) for n, line in block if line.strip()]
    if not rows:
        return
    pieces: list[str] = []
    length = 0
    in_sentence = False
    spans: list[ParsedSpan] = []
    open_span: tuple[int, str] | None = None
    last_end = 0
    for number, line in block:
        if not line.strip():
            spans += _close(open_span, last_end)
            open_span = None
            in_sentence = False
            continue
        columns = line.split("\t") if "\t" in line else line.split()
        if len(columns) < 2 or not columns[0].strip():
            result.rejections.append(
                Rejection(path, number, "expected a token and a tag separated by a tab or spaces", "tag")
            )
            return
        token, tag = columns[0].strip(), columns[-1].strip()
        if pieces:
            separator = " " if in_sentence else "\n"
            pieces.append(separator)
            length += 1
        start, end = length, length + len(token)
        pieces.append(token)
        length = end
        in_sentence = True
        prefix, _, label = tag.partition("-")
        if tag == "O":
            spans += _close(open_span, last_end)
            open_span = None
        elif prefix in _PREFIXES and label:
            continues = open_span is not None and open_span[1] == label and prefix in {"I", "E", "L"}
            if not continues:
                spans += _close(open_span, last_end)
                open_span = (start, label)
            if prefix in {"E", "L", "S", "U"}:
                spans += _close(open_span, end)
                open_span = None
        else:
            result.rejections.append(
                Rejection(path, number, f"expected O or B-/I-/E-/S- followed by a label, got {tag!r}", "tag")
            )
            return
        last_end = end
    spans += _close(open_span, last_end)
    text = "".join(pieces)
    first_line = rows[0][0]
    result.documents.append(
        ParsedDocument(
            path=path,
            line=first_line,
            text=text,
            title=guess_title(text, fallback=f"{path.stem} {first_line}"),
            source=f"{path}:{first_line}",
            spans=tuple(spans),
        )
    )


def _close(open_span: tuple[int, str] | None, end: int) -> list[ParsedSpan]:
    if open_span is None:
        return []
    start, label = open_span
    return [ParsedSpan(start, end, label, field="tag")]
