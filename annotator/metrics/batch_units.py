"""Token and character units over the whole corpus at once (see ``units`` for the definitions).

Each annotator's spans become disjoint runs of units by the overlap rule. Every run boundary of every
annotator, and every document boundary, cuts the units into segments within which each annotator's
label is constant; a segment is one weighted label tuple. Segments are grouped by (document, tuple)
for the per-document figures and by tuple for the corpus figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.metrics.alpha import unit_summary
from annotator.metrics.columns import BoolArray, CorpusColumns, IntArray, group_rows, running_max, sum_by
from annotator.metrics.model import OUTSIDE
from annotator.metrics.units import UnitTally, resolve_overlaps


@dataclass(frozen=True)
class UnitSpace:
    """Where the units of one level are: per document, its first unit and one past its last, in one
    global numbering; and, per span row, the units it covers whole (``stop <= first`` when none)."""

    document_first: IntArray
    document_stop: IntArray
    span_first: IntArray
    span_stop: IntArray


@dataclass(frozen=True)
class UnitTallies:
    corpus: UnitTally  # over every compared document
    per_document_alpha: list[float | None]  # Krippendorff's alpha per document (None where undefined)


def unit_tallies(columns: CorpusColumns, space: UnitSpace, compared: BoolArray) -> UnitTallies:
    size, categories = columns.annotators, columns.categories
    missing = categories + 1  # a label value no category uses: the annotator did not annotate it
    runs = [_runs(columns, space, index, compared) for index in range(size)]
    stops = space.document_stop[compared]
    # Every piece is sorted already, which the stable sort (a merge sort) makes use of.
    cuts = np.sort(
        np.concatenate([space.document_first[compared], stops, *[r[0] for r in runs], *[r[1] for r in runs]]),
        kind="stable",
    )
    cuts = cuts[np.concatenate([[True], cuts[1:] != cuts[:-1]])] if len(cuts) else cuts
    starts, weights = cuts[:-1], np.diff(cuts)
    document = np.searchsorted(space.document_first, starts, side="right") - 1
    # Segments between documents, in documents not compared, or of no units at all are dropped.
    inside = (document >= 0) & compared[np.maximum(document, 0)]
    inside &= starts < space.document_stop[np.maximum(document, 0)]
    starts, weights, document = starts[inside], weights[inside], document[inside]
    labels = np.empty((len(starts), size), np.int64)
    for index, (run_starts, run_stops, run_categories) in enumerate(runs):
        at = np.searchsorted(run_starts, starts, side="right") - 1
        safe = np.maximum(at, 0)
        covered = (
            (at >= 0) & (run_stops[safe] > starts) if len(run_starts) else np.zeros(len(starts), np.bool_)
        )
        label = np.where(covered, run_categories[safe] if len(run_starts) else OUTSIDE, OUTSIDE)
        labels[:, index] = np.where(columns.present[index, document], label, missing)

    radixes = [missing + 1] * size
    per_document, inverse = group_rows(np.column_stack([document, labels]), [len(columns.lengths), *radixes])
    per_document_weight = sum_by(inverse, weights, len(per_document))
    tuples, tuple_of = group_rows(per_document[:, 1:], radixes)
    tuple_weight = sum_by(tuple_of, per_document_weight, len(tuples))
    keys = [tuple(None if value == missing else value for value in row) for row in tuples.tolist()]
    corpus = dict(zip(keys, tuple_weight.tolist(), strict=True))
    alphas = _alpha_per_document(per_document[:, 0], tuple_of, per_document_weight, keys, categories)
    return UnitTallies(corpus, [alphas.get(number) for number in np.flatnonzero(compared).tolist()])


def _runs(
    columns: CorpusColumns, space: UnitSpace, index: int, compared: BoolArray
) -> tuple[IntArray, IntArray, IntArray]:
    """One annotator's disjoint runs ``(starts, stops, categories)`` in compared documents, sorted."""
    rows = columns.spans_of(index, compared)
    first, stop = space.span_first[rows], space.span_stop[rows]
    keep = first < stop
    rows, first, stop = rows[keep], first[keep], stop[keep]
    order = np.lexsort((stop, first))
    rows, first, stop = rows[order], first[order], stop[order]
    category = columns.category[rows]
    if len(rows) < 2:
        return first, stop, category
    # A cluster is a chain of overlapping spans; spans alone in theirs are runs as they are.
    reach = running_max(stop)
    opens = np.ones(len(rows), np.bool_)
    opens[1:] = first[1:] >= reach[:-1]
    cluster = np.cumsum(opens) - 1
    sizes = np.bincount(cluster)
    alone = sizes[cluster] == 1
    if alone.all():
        return first, stop, category
    lengths = (columns.end - columns.start)[rows]
    pieces = [(first[alone], stop[alone], category[alone])]
    bounds = [*np.flatnonzero(opens).tolist(), len(rows)]
    for number in np.flatnonzero(sizes > 1).tolist():
        low, high = bounds[number], bounds[number + 1]
        resolved = resolve_overlaps(
            list(
                zip(
                    first[low:high].tolist(),
                    stop[low:high].tolist(),
                    lengths[low:high].tolist(),
                    category[low:high].tolist(),
                    strict=True,
                )
            )
        )
        if resolved:
            run_array = np.asarray(resolved, np.int64)
            pieces.append((run_array[:, 0], run_array[:, 1], run_array[:, 2]))
    starts = np.concatenate([piece[0] for piece in pieces])
    order = np.argsort(starts, kind="stable")
    return (
        starts[order],
        np.concatenate([piece[1] for piece in pieces])[order],
        np.concatenate([piece[2] for piece in pieces])[order],
    )


def _alpha_per_document(
    document: IntArray,
    tuple_of: IntArray,
    weight: IntArray,
    keys: list[tuple[int | None, ...]],
    categories: int,
) -> dict[int, float | None]:
    """Krippendorff's alpha of each document's own tally (see ``alpha.tally_alpha``), all at once."""
    per_value = np.zeros((len(keys), categories + 1), np.float64)
    agree = np.zeros(len(keys), np.float64)
    for number, key in enumerate(keys):
        counts, share = unit_summary(key)
        agree[number] = share
        for category, count in counts:
            per_value[number, category] = count
    documents, row = np.unique(document, return_inverse=True)
    weight = weight.astype(np.float64)
    marginals = np.zeros((len(documents), categories + 1), np.float64)
    np.add.at(marginals, row, weight[:, None] * per_value[tuple_of])
    agreeing = np.bincount(row, weights=weight * agree[tuple_of], minlength=len(documents))
    total = marginals.sum(axis=1)
    used = (marginals > 0).sum(axis=1)
    expected = total * total - (marginals * marginals).sum(axis=1)
    defined = (total > 1) & (used >= 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = 1.0 - (total - 1) * (total - agreeing) / expected
    return {
        number: (value if ok else None)
        for number, value, ok in zip(documents.tolist(), alpha.tolist(), defined.tolist(), strict=True)
    }
