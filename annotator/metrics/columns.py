"""A prepared corpus as columns: every span of every document in a few NumPy arrays.

Agreement over 10,000 documents is a sum over documents, but a loop over documents pays Python's
per-call cost a hundred times per document. Laid out as columns, each measure becomes a handful of
sorts, searches and counts over the whole corpus at once.

Positions are *global*: the documents are laid end to end, each followed by one separator position
that no span or unit covers, so a range never runs from one document into the next and "same document"
needs no extra test. ``offsets[d]`` is where document ``d`` begins.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from annotator.domain.errors import SpanError
from annotator.metrics.model import OUTSIDE, OUTSIDE_NAME, AnnotatedDocument

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class SpanTable:
    """What agreement is computed on, as columns: the documents, and every span and every "done" mark
    as integer codes into ``document_ids``, ``annotators`` and ``labels`` (see ``model`` for what they
    mean). Spans may come in any order and repeat."""

    document_ids: list[str]
    titles: list[str]
    texts: list[str]
    annotators: list[str]
    labels: list[str]
    spans: IntArray  # (spans, 5): document, annotator, label, start, end
    done: IntArray  # (marks, 2): document, annotator

    @classmethod
    def from_documents(cls, documents: Iterable[AnnotatedDocument]) -> SpanTable:
        documents = list(documents)
        annotators = Numbering()
        labels = Numbering()
        spans: list[tuple[int, int, int, int, int]] = []
        done: list[tuple[int, int]] = []
        for number, document in enumerate(documents):
            for name, layer in document.layers.items():
                code = annotators[name]
                spans.extend((number, code, labels[label], start, end) for start, end, label in layer)
            done.extend((number, annotators[name]) for name in sorted(document.annotated_by))
        return cls(
            document_ids=[document.document_id for document in documents],
            titles=[document.title for document in documents],
            texts=[document.text for document in documents],
            annotators=list(annotators),
            labels=list(labels),
            spans=np.array(spans, np.int64).reshape(-1, 5),
            done=np.array(done, np.int64).reshape(-1, 2),
        )


class Numbering(dict[str, int]):
    """Numbers strings in the order they are first seen."""

    def __missing__(self, name: str) -> int:
        number = self[name] = len(self)
        return number


@dataclass(frozen=True)
class CorpusColumns:
    """The corpus reduced to the chosen annotators and labels, every span checked, de-duplicated and
    placed at global positions."""

    annotator_names: list[str]
    label_names: list[str]  # category i + 1 is label_names[i]; sorted
    document_ids: list[str]
    titles: list[str]
    texts: list[str]
    lengths: IntArray  # per document, in characters
    offsets: IntArray  # per document, its first global position
    present: BoolArray  # (annotators, documents): who annotated which document
    # One row per span, sorted by (annotator, start, end, category); no duplicates.
    document: IntArray
    annotator: IntArray
    start: IntArray  # global
    end: IntArray  # global
    category: IntArray

    @property
    def annotators(self) -> int:
        return len(self.annotator_names)

    @property
    def categories(self) -> int:
        return len(self.label_names)

    @property
    def total_length(self) -> int:
        """One past the last global position: every position is below it."""
        return int(self.offsets[-1] + self.lengths[-1] + 1) if len(self.lengths) else 1

    def label_name(self, category: int) -> str:
        return OUTSIDE_NAME if category == OUTSIDE else self.label_names[category - 1]

    def spans_of(self, annotator: int, documents: BoolArray | None = None) -> IntArray:
        """Row numbers of ``annotator``'s spans, optionally only those in the marked documents."""
        rows = np.flatnonzero(self.annotator == annotator)
        if documents is not None:
            rows = rows[documents[self.document[rows]]]
        return rows


def annotators_with_work(table: SpanTable) -> list[str]:
    """Everyone with a span or a "done" mark in the table, by name: the default choice of annotators."""
    return sorted(table.annotators[code] for code in np.union1d(table.spans[:, 1], table.done[:, 1]).tolist())


def to_columns(
    table: SpanTable, *, annotators: Sequence[str] | None = None, labels: Iterable[str] | None = None
) -> CorpusColumns:
    """Choose annotators and labels (default: everyone and every label present) and check every span,
    as ``model.prepare`` does. Raises ``SpanError`` naming the document, annotator and span when a span
    does not fit its text."""
    spans, done = table.spans, table.done
    if annotators is None:
        annotators = annotators_with_work(table)
    chosen = list(dict.fromkeys(annotators))
    index_of = {name: position for position, name in enumerate(chosen)}
    # Table annotator code -> chosen index, or -1 for annotators not chosen.
    annotator_map = np.array([index_of.get(name, -1) for name in table.annotators] + [-1], np.int64)
    spans = spans[annotator_map[spans[:, 1]] >= 0]
    done = done[annotator_map[done[:, 1]] >= 0]
    if labels is None:
        labels = [table.labels[code] for code in np.unique(spans[:, 2]).tolist()]
    names = sorted(set(labels))
    category_of = {name: position + 1 for position, name in enumerate(names)}
    category_map = np.array([category_of.get(name, 0) for name in table.labels] + [0], np.int64)

    lengths = np.fromiter(map(len, table.texts), np.int64, len(table.texts))
    _check_fit(table, spans, lengths)
    document, annotator = spans[:, 0], annotator_map[spans[:, 1]]
    present = np.zeros((len(chosen), len(table.texts)), np.bool_)
    present[annotator, document] = True
    present[annotator_map[done[:, 1]], done[:, 0]] = True

    offsets = np.zeros(len(table.texts), np.int64)
    if len(offsets):
        offsets[1:] = np.cumsum(lengths[:-1] + 1)
    category = category_map[spans[:, 2]]
    kept = category > 0
    shift = offsets[document[kept]]
    rows = np.column_stack(
        [annotator[kept], spans[kept, 3] + shift, spans[kept, 4] + shift, category[kept], document[kept]]
    )
    rows = rows[np.lexsort(rows.T[::-1])]  # by annotator, start, end, category
    if len(rows):  # one annotator's identical spans count once
        rows = rows[np.concatenate([[True], (rows[1:] != rows[:-1]).any(axis=1)])]
    return CorpusColumns(
        annotator_names=chosen,
        label_names=names,
        document_ids=table.document_ids,
        titles=table.titles,
        texts=table.texts,
        lengths=lengths,
        offsets=offsets,
        present=present,
        document=rows[:, 4].copy(),
        annotator=rows[:, 0].copy(),
        start=rows[:, 1].copy(),
        end=rows[:, 2].copy(),
        category=rows[:, 3].copy(),
    )


def _check_fit(table: SpanTable, spans: IntArray, lengths: IntArray) -> None:
    start, end = spans[:, 3], spans[:, 4]
    bad = np.flatnonzero((start < 0) | (start >= end) | (end > lengths[spans[:, 0]]))
    if len(bad):
        document, annotator, label, start_at, end_at = spans[bad[0]].tolist()
        raise SpanError(
            f"document {table.document_ids[document]}: {table.annotators[annotator]}'s span "
            f"[{start_at}, {end_at}) ({table.labels[label]}) does not fit a text of "
            f"{lengths[document]} characters"
        )


def pack(columns: list[IntArray], radixes: list[int]) -> IntArray | None:
    """Rows of small non-negative ints as one int64 key each (column i below ``radixes[i]``), in the
    same order as the rows sort; ``None`` when the keys would not fit in 63 bits."""
    total = 1
    for radix in radixes:
        total *= max(radix, 1)
    if total >= 2**62:
        return None
    key = np.zeros(len(columns[0]) if columns else 0, np.int64)
    for column, radix in zip(columns, radixes, strict=True):
        key = key * max(radix, 1) + column
    return key


def group_rows(matrix: IntArray, radixes: list[int]) -> tuple[IntArray, IntArray]:
    """The distinct rows of ``matrix`` (sorted) and, per row, the index of its distinct row."""
    if len(matrix) == 0:
        return matrix, np.zeros(0, np.int64)
    key = pack([matrix[:, column] for column in range(matrix.shape[1])], radixes)
    if key is None:  # many annotators and labels: compare whole rows instead
        unique, inverse = np.unique(matrix, axis=0, return_inverse=True)
        return unique, inverse.reshape(-1)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return matrix[first], inverse.reshape(-1)


def sum_by(groups: IntArray, values: IntArray, size: int) -> IntArray:
    """``out[g] = sum of values where groups == g``, in exact integers."""
    out = np.zeros(size, np.int64)
    np.add.at(out, groups, values)
    return out


def running_max(values: IntArray) -> IntArray:
    return np.maximum.accumulate(values) if len(values) else values
