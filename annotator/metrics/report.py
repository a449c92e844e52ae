"""The agreement report: every figure, as plain frozen records that turn into JSON-ready dicts.

A figure is ``None`` where it is undefined (no data, or a single category so chance agreement is
certain); renderers show it as a dash.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from annotator.metrics.spans import SpanCounts, SpanScores


@dataclass(frozen=True, slots=True)
class PairLabelAgreement:
    """One pair of annotators on one label; the kappas are for "this label or not" on each unit."""

    counts: SpanCounts
    exact: SpanScores
    overlap: SpanScores
    token_kappa: float | None
    character_kappa: float | None


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """One pair of annotators over the documents both annotated; A is the reference side."""

    annotator_a: str
    annotator_b: str
    documents: int
    counts: SpanCounts
    exact: SpanScores
    overlap: SpanScores
    token_kappa: float | None
    character_kappa: float | None
    labels: dict[str, PairLabelAgreement]


@dataclass(frozen=True, slots=True)
class UnitLabelAgreement:
    """One label against everything else ("is it this label or not") on one kind of unit."""

    fleiss_kappa: float | None
    krippendorff_alpha: float | None


@dataclass(frozen=True, slots=True)
class UnitAgreement:
    """Chance-corrected agreement on one kind of unit ("token" or "character")."""

    level: str
    units: int  # units of the documents at least two chosen annotators annotated
    complete_units: int  # of which in documents every chosen annotator annotated (Fleiss' kappa)
    mean_cohen_kappa: float | None
    fleiss_kappa: float | None
    krippendorff_alpha: float | None
    labels: dict[str, UnitLabelAgreement]


@dataclass(frozen=True, slots=True)
class UnitizingLabel:
    observed: float
    expected: float
    alpha: float | None


@dataclass(frozen=True, slots=True)
class UnitizingAgreement:
    """Krippendorff's alpha_u over the characters of the documents every chosen annotator annotated."""

    alpha: float | None
    observed: float
    expected: float
    documents: int
    characters: int
    labels: dict[str, UnitizingLabel]


@dataclass(frozen=True, slots=True)
class LabelAgreement:
    """Everything about one label, for per-label bars and tables."""

    label: str
    spans: dict[str, int]  # per annotator, over every document in the report
    mean_exact_f1: float | None
    mean_overlap_f1: float | None
    token_alpha: float | None
    character_alpha: float | None
    unitizing_alpha: float | None


@dataclass(frozen=True, slots=True)
class DocumentPair:
    annotator_a: str
    annotator_b: str
    counts: SpanCounts
    exact_f1: float | None
    overlap_f1: float | None


@dataclass(frozen=True, slots=True)
class DocumentAgreement:
    document_id: str
    title: str
    annotators: list[str]  # the chosen annotators who annotated it
    mean_exact_f1: float | None
    mean_overlap_f1: float | None
    token_alpha: float | None
    character_alpha: float | None
    pairs: list[DocumentPair]


@dataclass(frozen=True, slots=True)
class AgreementReport:
    annotators: list[str]
    labels: list[str]
    documents: int  # documents at least one chosen annotator annotated
    compared_documents: int  # ... at least two
    complete_documents: int  # ... all of them
    mean_pairwise_f1: float | None  # the headline: mean over pairs of exact-match F1
    mean_pairwise_overlap_f1: float | None
    pairs: list[PairAgreement]
    label_agreement: list[LabelAgreement]
    tokens: UnitAgreement
    characters: UnitAgreement
    unitizing: UnitizingAgreement
    per_document: list[DocumentAgreement]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def pair(self, annotator_a: str, annotator_b: str) -> PairAgreement:
        for pair in self.pairs:
            if {pair.annotator_a, pair.annotator_b} == {annotator_a, annotator_b}:
                return pair
        raise KeyError(f"no pair {annotator_a} / {annotator_b} in this report")

    def document(self, document_id: str) -> DocumentAgreement:
        for document in self.per_document:
            if document.document_id == document_id:
                return document
        raise KeyError(f"document {document_id} is not in this report")
