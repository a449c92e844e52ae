"""spaCy ``.spacy`` files (``DocBin``), when spaCy is installed (``pip install 'annotator[spacy]'``).

Every span goes into ``doc.spans["sc"]`` (the span group spaCy's span categorizer trains on), with the
span id as ``span.id_``; spans that overlap no other span also go into ``doc.ents``. The Doc's words are
Annotator's tokens (``annotator.domain.tokens``) cut further at every span boundary, so every span lies on
token boundaries and ``doc.text`` is exactly the document text. Who tagged each span, span notes and the
document's title and source travel in ``doc.user_data["annotator"]`` (the DocBin stores user data).
Reading takes ``doc.spans["sc"]`` (else every span group, else ``doc.ents``) and that user data when present.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.models import Span
from annotator.domain.text import guess_title
from annotator.domain.tokens import tokenize
from annotator.formats.records import (
    ExportDocument,
    ParsedDocument,
    ParsedSpan,
    ReadOptions,
    ReadResult,
    WriteResult,
    sorted_spans,
)

NAME = "spacy"
SUFFIXES = (".spacy",)
SPAN_KEY = "sc"
USER_DATA_KEY = "annotator"


def _spacy() -> Any:
    try:
        import spacy
        import spacy.tokens
        import spacy.vocab
    except ImportError as error:
        raise InputError(
            "the spacy format needs spaCy, which is not installed; install it with "
            "pip install 'annotator[spacy]'"
        ) from error
    return spacy


def available() -> bool:
    try:
        _spacy()
    except InputError:
        return False
    return True


def words_and_spaces(text: str, spans: Iterable[Span]) -> tuple[list[str], list[bool]]:
    """Words for ``spacy.tokens.Doc`` whose concatenation (with the spaces) is exactly ``text``."""
    spans = list(spans)
    cuts = {0, len(text)}
    for token in tokenize(text):
        cuts |= {token.start, token.end}
    span_starts = {s.start for s in spans}
    span_ends = {s.end for s in spans}
    cuts |= span_starts | span_ends
    ordered = sorted(cuts)
    words: list[str] = []
    spaces: list[bool] = []
    for start, end in pairwise(ordered):
        piece = text[start:end]
        # A single space after a word is the word's trailing space unless a span starts or ends on it.
        if piece == " " and words and not spaces[-1] and start not in span_starts and end not in span_ends:
            spaces[-1] = True
            continue
        words.append(piece)
        spaces.append(False)
    return words, spaces


def _entities(spans: list[Span]) -> list[Span]:
    """Spans that overlap no span with other offsets or another label; agreeing duplicates count once."""
    unique = {(s.start, s.end, s.label): s for s in spans}
    chosen = []
    for key, span in sorted(unique.items()):
        if not any(o.start < span.end and span.start < o.end for k, o in unique.items() if k != key):
            chosen.append(span)
    return chosen


def write(target: Path, documents: Iterable[ExportDocument]) -> WriteResult:
    spacy = _spacy()
    vocab = spacy.vocab.Vocab()
    doc_bin = spacy.tokens.DocBin(store_user_data=True)
    result = WriteResult()
    for item in documents:
        document = item.document
        spans = sorted_spans(item.spans)
        words, spaces = words_and_spaces(document.text, spans)
        doc = spacy.tokens.Doc(vocab, words=words, spaces=spaces)
        if doc.text != document.text:
            raise AssertionError(f"spaCy words do not rebuild the text of document {document.id}")
        doc.spans[SPAN_KEY] = [_char_span(doc, s) for s in spans]
        doc.ents = [_char_span(doc, s) for s in _entities(spans)]
        doc.user_data[USER_DATA_KEY] = {
            "document_id": document.id,
            "title": document.title,
            "source": document.source,
            "annotators": [s.annotator for s in spans],
            "notes": [s.note for s in spans],
        }
        doc_bin.add(doc)
        result.spans_written += len(spans)
    target.write_bytes(doc_bin.to_bytes())
    return result


def _char_span(doc: Any, span: Span) -> Any:
    found = doc.char_span(span.start, span.end, label=span.label, alignment_mode="strict", span_id=span.id)
    if found is None:
        raise AssertionError(f"span {span.id} does not lie on the Doc's token boundaries")
    return found


def read(path: Path, options: ReadOptions) -> ReadResult:
    spacy = _spacy()
    vocab = spacy.vocab.Vocab()
    try:
        doc_bin = spacy.tokens.DocBin().from_bytes(path.read_bytes())
        docs = list(doc_bin.get_docs(vocab))
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path=path) from error
    except Exception as error:  # DocBin raises assorted msgpack and value errors on a damaged file
        raise InputError(f"is not a spaCy DocBin file ({error})", path=path) from error
    result = ReadResult()
    for number, doc in enumerate(docs, start=1):
        if SPAN_KEY in doc.spans:
            group = list(doc.spans[SPAN_KEY])
        elif len(doc.spans):
            group = [span for key in sorted(doc.spans) for span in doc.spans[key]]
        else:
            group = list(doc.ents)
        extra = doc.user_data.get(USER_DATA_KEY)
        extra = extra if isinstance(extra, dict) else {}
        annotators = _parallel(extra.get("annotators"), len(group))
        notes = _parallel(extra.get("notes"), len(group))
        spans = tuple(
            ParsedSpan(
                span.start_char,
                span.end_char,
                span.label_,
                text=span.text,
                annotator=annotators[i] if annotators else None,
                id=span.id_ or None,
                note=notes[i] if notes else "",
                field=f"doc {number} span {i}",
            )
            for i, span in enumerate(group)
        )
        title = extra.get("title")
        source = extra.get("source")
        document_id = extra.get("document_id")
        result.documents.append(
            ParsedDocument(
                path=path,
                line=number,
                text=doc.text,
                title=title if isinstance(title, str) and title else guess_title(doc.text, path.stem),
                source=source if isinstance(source, str) and source else f"{path}#{number}",
                spans=spans,
                id=document_id if isinstance(document_id, str) else None,
                record=extra,
            )
        )
        result.drop(path, {"document labels": len(doc.cats)})
    return result


def _parallel(values: Any, length: int) -> list[str] | None:
    # The DocBin's msgpack hands lists back as tuples.
    if isinstance(values, list | tuple) and len(values) == length and all(isinstance(v, str) for v in values):
        return list(values)
    return None
