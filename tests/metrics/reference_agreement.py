"""The per-document reading of the agreement definitions, kept as an oracle for the batch engine.

``annotator.metrics.agreement`` computes every figure over the whole corpus at once with NumPy. This
computes the same figures the plain way, one document at a time, with the per-document functions of
``annotator.metrics`` (which are themselves checked against reference libraries); the two must agree
on any corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

from annotator.metrics.alpha import coincidences, label_alpha, nominal_alpha, tally_alpha
from annotator.metrics.kappa import Collapse, cohen_kappa, confusion, fleiss_kappa, mean
from annotator.metrics.model import AnnotatedDocument, CatSpan, PreparedCorpus, prepare
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
from annotator.metrics.unitizing import UnitizingAccumulator, UnitizingResult
from annotator.metrics.units import UnitTally
from tests.metrics.reference_spans import Tally, add_tally, compare_layers, group_by_category, new_tally
from tests.metrics.reference_units import add_tallies, character_runs, tally_units, token_runs
from tests.metrics.token_index import Tokenizer


def reference_agreement(
    documents: Iterable[AnnotatedDocument],
    *,
    annotators: Sequence[str] | None = None,
    labels: Iterable[str] | None = None,
) -> AgreementReport:
    return ReferenceComputation(prepare(documents, annotators=annotators, labels=labels)).report()


class ReferenceComputation:
    def __init__(self, corpus: PreparedCorpus) -> None:
        self.corpus = corpus
        self.size = len(corpus.annotators)
        self.pairs = list(combinations(range(self.size), 2))
        self.categories = list(range(1, len(corpus.labels) + 1))
        self.span_tallies: dict[tuple[int, int], dict[int, Tally]] = {pair: {} for pair in self.pairs}
        self.pair_documents = dict.fromkeys(self.pairs, 0)
        self.span_totals: dict[int, dict[int, int]] = {index: {} for index in range(self.size)}
        self.tokens: UnitTally = {}
        self.characters: UnitTally = {}
        self.unitizing = UnitizingAccumulator(self.size)
        self.tokenizer = Tokenizer()
        self.documents = self.compared = self.complete = 0
        self.per_document: list[DocumentAgreement] = []

    def report(self) -> AgreementReport:
        for document in self.corpus.documents:
            self._add_document(document.document_id, document.title, document.text, document.layers)
        pairs = [self._pair_report(pair) for pair in self.pairs]
        tokens = self._unit_report("token", self.tokens)
        characters = self._unit_report("character", self.characters)
        unitizing = self._unitizing_report(self.unitizing.result())
        return AgreementReport(
            annotators=list(self.corpus.annotators),
            labels=list(self.corpus.labels),
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
            per_document=self.per_document,
        )

    # One document -------------------------------------------------------------------------------

    def _add_document(
        self, document_id: str, title: str, text: str, layers: dict[int, list[CatSpan]]
    ) -> None:
        if not layers:
            return
        self.documents += 1
        for index, spans in layers.items():
            totals = self.span_totals[index]
            for _start, _end, category in spans:
                totals[category] = totals.get(category, 0) + 1
        present = list(layers)
        if len(present) < 2:
            return
        self.compared += 1
        names = self.corpus.annotators
        groups = {index: group_by_category(layers[index]) for index in present}
        document_pairs = []
        for a, b in combinations(present, 2):
            found: dict[int, Tally] = {}
            compare_layers(layers[a], layers[b], groups[a], groups[b], found)
            total = new_tally()
            pair_tallies = self.span_tallies[(a, b)]
            for category, tally in found.items():
                add_tally(total, tally)
                add_tally(pair_tallies.setdefault(category, new_tally()), tally)
            self.pair_documents[(a, b)] += 1
            counts = SpanCounts(*total)
            document_pairs.append(
                DocumentPair(names[a], names[b], counts, counts.exact_scores().f1, counts.overlap_scores().f1)
            )

        tokens = self.tokenizer.index(text)
        token_tally = tally_units(
            {i: token_runs(tokens, layers[i]) for i in present}, self.size, tokens.count
        )
        character_tally = tally_units({i: character_runs(layers[i]) for i in present}, self.size, len(text))
        add_tallies(self.tokens, token_tally)
        add_tallies(self.characters, character_tally)

        if len(present) == self.size:
            self.complete += 1
            self.unitizing.add_document(len(text), [groups[index] for index in present], self.categories)

        self.per_document.append(
            DocumentAgreement(
                document_id=document_id,
                title=title,
                annotators=[names[index] for index in present],
                mean_exact_f1=mean([pair.exact_f1 for pair in document_pairs]),
                mean_overlap_f1=mean([pair.overlap_f1 for pair in document_pairs]),
                token_alpha=tally_alpha(token_tally),
                character_alpha=tally_alpha(character_tally),
                pairs=document_pairs,
            )
        )

    # Summaries ----------------------------------------------------------------------------------

    def _pair_report(self, pair: tuple[int, int]) -> PairAgreement:
        a, b = pair
        tallies = self.span_tallies[pair]
        total = new_tally()
        for tally in tallies.values():
            add_tally(total, tally)
        counts = SpanCounts(*total)
        token_table = confusion(self.tokens, a, b)
        character_table = confusion(self.characters, a, b)
        labels = {}
        for category in self.categories:
            label_counts = SpanCounts(*tallies.get(category, new_tally()))
            is_label = _collapse(category)
            labels[self.corpus.label_name(category)] = PairLabelAgreement(
                counts=label_counts,
                exact=label_counts.exact_scores(),
                overlap=label_counts.overlap_scores(),
                token_kappa=cohen_kappa(_collapse_table(token_table, is_label)),
                character_kappa=cohen_kappa(_collapse_table(character_table, is_label)),
            )
        return PairAgreement(
            annotator_a=self.corpus.annotators[a],
            annotator_b=self.corpus.annotators[b],
            documents=self.pair_documents[pair],
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
            self.corpus.label_name(category): UnitLabelAgreement(
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
            self.corpus.label_name(category): UnitizingLabel(item.observed, item.expected, item.alpha)
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
            label = self.corpus.label_name(category)
            unitizing_label = unitizing.labels.get(label)
            reports.append(
                LabelAgreement(
                    label=label,
                    spans={
                        name: self.span_totals[index].get(category, 0)
                        for index, name in enumerate(self.corpus.annotators)
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
