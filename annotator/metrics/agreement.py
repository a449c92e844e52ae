"""Inter-annotator agreement over a set of documents: the one entry point of the metrics package.

``compute_agreement`` takes plain data (documents, their text, each annotator's spans) and returns an
``AgreementReport``. No I/O, no database: the service loads the data and the CLI or GUI shows the report.
The definitions live with each measure: ``model`` (who annotated what), ``spans`` (precision, recall,
F1), ``units`` (tokens, characters, the overlap rule), ``kappa``, ``alpha`` and ``unitizing``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np

from annotator.metrics.alpha import coincidences, label_alpha, nominal_alpha
from annotator.metrics.batch_spans import EXACT, OVERLAP_A, OVERLAP_B, SPANS_A, SPANS_B, pair_counts
from annotator.metrics.batch_unitizing import batch_unitizing
from annotator.metrics.batch_units import UnitSpace, unit_tallies
from annotator.metrics.columns import BoolArray, CorpusColumns, FloatArray, IntArray, SpanTable, to_columns
from annotator.metrics.kappa import Collapse, cohen_kappa, confusion, fleiss_kappa, mean
from annotator.metrics.model import AnnotatedDocument
from annotator.metrics.report import (
    AgreementReport,
    DocumentAgreement,
    DocumentPair,
    LabelAgreement,
    PairAgreement,
    PairLabelAgreement,
    UnitAgreement,
    UnitizingAgreement,
    UnitizingLabel,
    UnitLabelAgreement,
)
from annotator.metrics.spans import SpanCounts
from annotator.metrics.token_bounds import token_bounds
from annotator.metrics.unitizing import UnitizingResult
from annotator.metrics.units import UnitTally


def compute_agreement(
    documents: Iterable[AnnotatedDocument],
    *,
    annotators: Sequence[str] | None = None,
    labels: Iterable[str] | None = None,
) -> AgreementReport:
    """Every agreement figure over ``documents`` for the chosen annotators and labels.

    ``annotators`` and ``labels`` default to everyone and every label found. Spans of other labels are
    ignored, as if they did not exist; whether someone annotated a document is decided before that.
    """
    return table_agreement(SpanTable.from_documents(documents), annotators=annotators, labels=labels)


def table_agreement(
    table: SpanTable,
    *,
    annotators: Sequence[str] | None = None,
    labels: Iterable[str] | None = None,
) -> AgreementReport:
    """``compute_agreement`` over a corpus already in columns (as the project database gives it)."""
    return _Computation(to_columns(table, annotators=annotators, labels=labels)).report()


class _Computation:
    def __init__(self, columns: CorpusColumns) -> None:
        self.columns = columns
        self.size = columns.annotators
        self.pairs = list(combinations(range(self.size), 2))
        self.categories = list(range(1, columns.categories + 1))
        judged = columns.present.sum(axis=0)
        self.compared_mask = judged >= 2
        self.complete_mask = self.compared_mask & (judged == self.size)
        self.documents = int((judged >= 1).sum())
        self.compared = int(self.compared_mask.sum())
        self.complete = int(self.complete_mask.sum())
        self.span_counts = {pair: pair_counts(columns, *pair) for pair in self.pairs}
        width = len(self.categories) + 1
        self.span_totals = np.bincount(
            columns.annotator * width + columns.category, minlength=self.size * width
        )
        ends = columns.offsets + columns.lengths
        characters = UnitSpace(columns.offsets, ends, columns.start, columns.end)
        bounds = token_bounds(columns.texts, columns.offsets, self.compared_mask)
        tokens = UnitSpace(
            bounds.first, bounds.first + bounds.count, *bounds.covered(columns.start, columns.end)
        )
        self.token_units = unit_tallies(columns, tokens, self.compared_mask)
        self.character_units = unit_tallies(columns, characters, self.compared_mask)
        self.tokens: UnitTally = self.token_units.corpus
        self.characters: UnitTally = self.character_units.corpus
        self.unitizing = batch_unitizing(columns, self.complete_mask)

    def report(self) -> AgreementReport:
        pairs = [self._pair_report(pair) for pair in self.pairs]
        tokens = self._unit_report("token", self.tokens)
        characters = self._unit_report("character", self.characters)
        unitizing = self._unitizing_report(self.unitizing)
        return AgreementReport(
            annotators=list(self.columns.annotator_names),
            labels=list(self.columns.label_names),
            documents=self.documents,
            compared_documents=self.compared,
            complete_documents=self.complete,
            mean_pairwise_f1=mean([pair.exact.f1 for pair in pairs]),
            mean_pairwise_overlap_f1=mean([pair.overlap.f1 for pair in pairs]),
            pairs=pairs,
            label_agreement=self._label_reports(pairs, tokens, characters, unitizing),
            tokens=tokens,
            characters=characters,
            unitizing=unitizing,
            per_document=self._per_document(),
        )

    # Per document -------------------------------------------------------------------------------

    def _per_document(self) -> list[DocumentAgreement]:
        columns = self.columns
        names = columns.annotator_names
        compared = np.flatnonzero(self.compared_mask)
        both = {pair: found.documents[compared] for pair, found in self.span_counts.items()}
        tables, exact_f1, overlap_f1 = {}, {}, {}
        for pair, found in self.span_counts.items():
            table = found.by_document[compared]
            tables[pair] = table.tolist()
            exact_f1[pair] = _f1_column(
                table[:, SPANS_A], table[:, SPANS_B], table[:, EXACT], table[:, EXACT]
            )
            overlap_f1[pair] = _f1_column(
                table[:, SPANS_A], table[:, SPANS_B], table[:, OVERLAP_A], table[:, OVERLAP_B]
            )
        exact_means = _means(exact_f1, both, len(compared))
        overlap_means = _means(overlap_f1, both, len(compared))
        exact = {pair: _optional(values) for pair, values in exact_f1.items()}
        overlap = {pair: _optional(values) for pair, values in overlap_f1.items()}
        # Documents annotated by the same annotators share their list of pairs.
        patterns: dict[tuple[bool, ...], tuple[list[int], list[tuple[int, int]]]] = {}
        reports = []
        token_alphas = self.token_units.per_document_alpha
        character_alphas = self.character_units.per_document_alpha
        for position, (number, judged) in enumerate(
            zip(compared.tolist(), map(tuple, columns.present.T[compared].tolist()), strict=True)
        ):
            pattern = patterns.get(judged)
            if pattern is None:
                here = [index for index, flag in enumerate(judged) if flag]
                pattern = patterns[judged] = (here, list(combinations(here, 2)))
            here, pairs = pattern
            reports.append(
                DocumentAgreement(
                    document_id=columns.document_ids[number],
                    title=columns.titles[number],
                    annotators=[names[index] for index in here],
                    mean_exact_f1=exact_means[position],
                    mean_overlap_f1=overlap_means[position],
                    token_alpha=token_alphas[position],
                    character_alpha=character_alphas[position],
                    pairs=[
                        DocumentPair(
                            names[a],
                            names[b],
                            SpanCounts(*tables[a, b][position]),
                            exact[a, b][position],
                            overlap[a, b][position],
                        )
                        for a, b in pairs
                    ],
                )
            )
        return reports

    # Summaries ----------------------------------------------------------------------------------

    def _pair_report(self, pair: tuple[int, int]) -> PairAgreement:
        a, b = pair
        found = self.span_counts[pair]
        counts = SpanCounts(*found.by_category.sum(axis=0).tolist())
        token_table = confusion(self.tokens, a, b)
        character_table = confusion(self.characters, a, b)
        labels = {}
        for category in self.categories:
            label_counts = SpanCounts(*found.by_category[category].tolist())
            is_label = _collapse(category)
            labels[self.columns.label_name(category)] = PairLabelAgreement(
                counts=label_counts,
                exact=label_counts.exact_scores(),
                overlap=label_counts.overlap_scores(),
                token_kappa=cohen_kappa(_collapse_table(token_table, is_label)),
                character_kappa=cohen_kappa(_collapse_table(character_table, is_label)),
            )
        return PairAgreement(
            annotator_a=self.columns.annotator_names[a],
            annotator_b=self.columns.annotator_names[b],
            documents=int(found.documents.sum()),
            counts=counts,
            exact=counts.exact_scores(),
            overlap=counts.overlap_scores(),
            token_kappa=cohen_kappa(token_table),
            character_kappa=cohen_kappa(character_table),
            labels=labels,
        )

    def _unit_report(self, level: str, tally: UnitTally) -> UnitAgreement:
        matrix = coincidences(tally)
        labels = {
            self.columns.label_name(category): UnitLabelAgreement(
                fleiss_kappa=fleiss_kappa(tally, self.size, _collapse(category)),
                krippendorff_alpha=label_alpha(matrix, category),
            )
            for category in self.categories
        }
        return UnitAgreement(
            level=level,
            units=sum(tally.values()),
            complete_units=sum(weight for key, weight in tally.items() if None not in key),
            mean_cohen_kappa=mean([cohen_kappa(confusion(tally, a, b)) for a, b in self.pairs]),
            fleiss_kappa=fleiss_kappa(tally, self.size),
            krippendorff_alpha=nominal_alpha(matrix),
            labels=labels,
        )

    def _unitizing_report(self, result: UnitizingResult) -> UnitizingAgreement:
        labels = {
            self.columns.label_name(category): UnitizingLabel(item.observed, item.expected, item.alpha)
            for category, item in sorted(result.categories.items())
        }
        return UnitizingAgreement(
            alpha=result.alpha,
            observed=result.observed,
            expected=result.expected,
            documents=self.complete,
            characters=result.length,
            labels=labels,
        )

    def _label_reports(
        self,
        pairs: list[PairAgreement],
        tokens: UnitAgreement,
        characters: UnitAgreement,
        unitizing: UnitizingAgreement,
    ) -> list[LabelAgreement]:
        reports = []
        for category in self.categories:
            label = self.columns.label_name(category)
            unitizing_label = unitizing.labels.get(label)
            reports.append(
                LabelAgreement(
                    label=label,
                    spans={
                        name: int(self.span_totals[index * (len(self.categories) + 1) + category])
                        for index, name in enumerate(self.columns.annotator_names)
                    },
                    mean_exact_f1=mean([pair.labels[label].exact.f1 for pair in pairs]),
                    mean_overlap_f1=mean([pair.labels[label].overlap.f1 for pair in pairs]),
                    token_alpha=tokens.labels[label].krippendorff_alpha,
                    character_alpha=characters.labels[label].krippendorff_alpha,
                    unitizing_alpha=unitizing_label.alpha if unitizing_label else None,
                )
            )
        return reports


def _collapse(category: int) -> Collapse:
    return lambda value: 1 if value == category else 0


def _collapse_table(table: dict[tuple[int, int], int], collapse: Collapse) -> dict[tuple[int, int], int]:
    collapsed: dict[tuple[int, int], int] = {}
    for (first, second), weight in table.items():
        cell = (collapse(first), collapse(second))
        collapsed[cell] = collapsed.get(cell, 0) + weight
    return collapsed


def _f1_column(spans_a: IntArray, spans_b: IntArray, matched_a: IntArray, matched_b: IntArray) -> FloatArray:
    """``spans._scores(...).f1`` for every row at once, with the same arithmetic; NaN where undefined."""
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(spans_b > 0, matched_b / spans_b, np.nan)
        recall = np.where(spans_a > 0, matched_a / spans_a, np.nan)
        f1 = 2 * precision * recall / (precision + recall)
    undefined = np.isnan(precision) & np.isnan(recall)
    zero = ~undefined & (np.isnan(precision) | np.isnan(recall) | (precision + recall == 0))
    return np.where(zero, 0.0, np.where(undefined, np.nan, f1))


def _optional(values: FloatArray) -> list[float | None]:
    """NaN, the arrays' "undefined", as the report's None."""
    return [None if math.isnan(value) else value for value in values.tolist()]


def _means(
    scores: dict[tuple[int, int], FloatArray], both: dict[tuple[int, int], BoolArray], rows: int
) -> list[float | None]:
    """Per row, ``kappa.mean`` of the pairs' defined scores, added in the same order as it adds them."""
    total = np.zeros(rows, np.float64)
    count = np.zeros(rows, np.int64)
    for pair, values in scores.items():
        defined = both[pair] & ~np.isnan(values)
        total += np.where(defined, values, 0.0)
        count += defined
    with np.errstate(divide="ignore", invalid="ignore"):
        means = total / count
    return [None if n == 0 else m for m, n in zip(means.tolist(), count.tolist(), strict=True)]
