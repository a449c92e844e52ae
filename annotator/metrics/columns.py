"""A prepared corpus as columns: every span of every document in a few NumPy arrays.

Agreement over 10,000 documents is a sum over documents, but a loop over documents pays Python's
per-call cost a hundred times per document. Laid out as columns, each measure becomes a handful of
sorts, searches and counts over the whole corpus at once.

Positions are *global*: the documents are laid end to end, each followed by one separator position
that no span or unit covers, so a range never runs from one document into the next and "same document"
needs no extra test. ``offsets[d]`` is where document ``d`` begins.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt

from annotator.metrics.model import PreparedCorpus

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class CorpusColumns:
    annotators: int  # how many chosen annotators (m)
    categories: int  # how many chosen labels (C); categories are 1..C, 0 is outside
    lengths: IntArray  # per document, in characters
    offsets: IntArray  # per document, its first global position
    present: BoolArray  # (m, documents): who annotated which document
    # One row per span, sorted by (annotator, start, end, category); no duplicates.
    document: IntArray
    annotator: IntArray
    start: IntArray  # global
    end: IntArray  # global
    category: IntArray

    @property
    def total_length(self) -> int:
        """One past the last global position: every position is below it."""
        return int(self.offsets[-1] + self.lengths[-1] + 1) if len(self.lengths) else 1

    def spans_of(self, annotator: int, documents: BoolArray | None = None) -> IntArray:
        """Row numbers of ``annotator``'s spans, optionally only those in the marked documents."""
        rows = np.flatnonzero(self.annotator == annotator)
        if documents is not None:
            rows = rows[documents[self.document[rows]]]
        return rows


def to_columns(corpus: PreparedCorpus) -> CorpusColumns:
    documents = corpus.documents
    size = len(corpus.annotators)
    lengths = np.fromiter((len(document.text) for document in documents), np.int64, len(documents))
    offsets = np.zeros(len(documents), np.int64)
    if len(documents):
        offsets[1:] = np.cumsum(lengths[:-1] + 1)
    present = np.zeros((size, len(documents)), np.bool_)
    layer_document: list[int] = []
    layer_annotator: list[int] = []
    layer_sizes: list[int] = []
    layers = []
    for number, document in enumerate(documents):
        for index, spans in document.layers.items():
            present[index, number] = True
            if spans:
                layer_document.append(number)
                layer_annotator.append(index)
                layer_sizes.append(len(spans))
                layers.append(spans)
    rows = sum(layer_sizes)
    flat = np.fromiter(chain.from_iterable(chain.from_iterable(layers)), np.int64, 3 * rows).reshape(rows, 3)
    sizes = np.asarray(layer_sizes, np.int64)
    document_column = np.repeat(np.asarray(layer_document, np.int64), sizes)
    annotator_column = np.repeat(np.asarray(layer_annotator, np.int64), sizes)
    shift = offsets[document_column]
    start, end, category = flat[:, 0] + shift, flat[:, 1] + shift, flat[:, 2]
    order = np.lexsort((category, end, start, annotator_column))
    return CorpusColumns(
        annotators=size,
        categories=len(corpus.labels),
        lengths=lengths,
        offsets=offsets,
        present=present,
        document=document_column[order],
        annotator=annotator_column[order],
        start=start[order],
        end=end[order],
        category=category[order],
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
