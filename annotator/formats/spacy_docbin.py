"""spaCy ``.spacy`` files (``DocBin``), when spaCy is installed (``pip install 'annotator[spacy]'``).

Every span goes into ``doc.spans["sc"]`` (the span group spaCy's span categorizer trains on), with the
span id as ``span.id_``; spans that overlap no other span also go into ``doc.ents``. The Doc's words are
Annotator's tokens (``annotator.domain.tokens``) cut further at every span boundary, so every span lies on
token boundaries and ``doc.text`` is exactly the document text. Who tagged each span, span notes and the
document's title and source travel in ``doc.user_data["annotator"]`` (the DocBin stores user data).
Reading takes ``doc.spans["sc"]`` (else every span group, else ``doc.ents``) and that user data when present.

Structured annotation: document labels are ``doc.cats`` (each chosen label 1.0, the set's other choices
0.0, as spaCy's text categorizer expects; which annotator chose what, and from which set, is in the user
data's ``labels``). spaCy has no place of its own for relations: they are the custom extension
``doc._.relations`` (register it with ``Doc.set_extension("relations", default=None)`` before loading),
a list of ``{"head", "child", "label", "head_id", "child_id", "annotator"}`` where ``head`` and ``child``
index ``doc.spans["sc"]``; the user data holds the same list. Span attributes are the user data's
``attributes``, one mapping (or None) per span of ``doc.spans["sc"]``. Reading takes all three back, and
``doc.cats`` of any DocBin (a score of 0.5 or more is chosen) into the label set ``category``.
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
    ParsedDocumentLabel,
    ParsedRelation,
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
RELATIONS_EXTENSION = "relations"
# Where a Doc keeps a custom extension's value; DocBin(store_user_data=True) saves it with the Doc.
_RELATIONS_KEY = ("._.", RELATIONS_EXTENSION, None, None)
DOCUMENT_LABEL_SET = "category"


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
        index = {s.id: i for i, s in enumerate(spans)}
        relations = [
            {
                "head": index[r.source_id],
                "child": index[r.target_id],
                "label": r.type,
                "head_id": r.source_id,
                "child_id": r.target_id,
                "annotator": r.annotator,
                "note": r.note,
            }
            for r in item.relations
        ]
        doc.cats = _cats(item)
        doc.user_data[USER_DATA_KEY] = {
            "document_id": document.id,
            "title": document.title,
            "source": document.source,
            "annotators": [s.annotator for s in spans],
            "notes": [s.note for s in spans],
            "attributes": [dict(item.attributes[s.id]) if s.id in item.attributes else None for s in spans],
            "relations": relations,
            "labels": [[x.annotator, x.label_set, x.value] for x in item.document_labels],
        }
        doc.user_data[_RELATIONS_KEY] = relations
        doc_bin.add(doc)
        result.spans_written += len(spans)
    target.write_bytes(doc_bin.to_bytes())
    return result


def _cats(item: ExportDocument) -> dict[str, float]:
    chosen = {x.value for x in item.document_labels}
    sets = {x.label_set for x in item.document_labels}
    cats = {choice: 0.0 for s in item.structure.document_label_sets if s.name in sets for choice in s.choices}
    return cats | dict.fromkeys(chosen, 1.0)


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
        attributes = extra.get("attributes")
        if not isinstance(attributes, list | tuple) or len(attributes) != len(group):
            attributes = [None] * len(group)
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
                ref=str(i),
                attributes=tuple(attributes[i].items()) if isinstance(attributes[i], dict) else (),
            )
            for i, span in enumerate(group)
        )
        relations = _relations(extra.get("relations") or doc.user_data.get(_RELATIONS_KEY), number)
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
                relations=relations,
                document_labels=_document_labels(doc.cats, extra.get("labels")),
            )
        )
    return result


def _relations(found: Any, number: int) -> tuple[ParsedRelation, ...]:
    relations = []
    for i, relation in enumerate(found if isinstance(found, list | tuple) else []):
        if not isinstance(relation, dict):
            continue
        head, child, label = relation.get("head"), relation.get("child"), relation.get("label")
        note = relation.get("note")
        relations.append(
            ParsedRelation(
                str(head),
                str(child),
                str(label),
                note=note if isinstance(note, str) else "",
                field=f"doc {number} relation {i}",
            )
        )
    return tuple(relations)


def _document_labels(cats: dict[str, float], labels: Any) -> tuple[ParsedDocumentLabel, ...]:
    """Our own export says who chose what from which set; any other DocBin has only ``doc.cats``."""
    if isinstance(labels, list | tuple) and all(isinstance(x, list | tuple) and len(x) == 3 for x in labels):
        return tuple(ParsedDocumentLabel(str(s), str(v), str(a)) for a, s, v in labels)
    return tuple(
        ParsedDocumentLabel(DOCUMENT_LABEL_SET, name) for name, score in cats.items() if score >= 0.5
    )


def _parallel(values: Any, length: int) -> list[str] | None:
    # The DocBin's msgpack hands lists back as tuples.
    if isinstance(values, list | tuple) and len(values) == length and all(isinstance(v, str) for v in values):
        return list(values)
    return None
