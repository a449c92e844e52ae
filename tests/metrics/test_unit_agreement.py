"""Cohen's kappa, Fleiss' kappa and Krippendorff's alpha on tokens and characters, checked against
scikit-learn, statsmodels, the ``krippendorff`` package and NLTK on the same unit-by-unit labels."""

from __future__ import annotations

from itertools import combinations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from annotator.metrics.agreement import compute_agreement
from annotator.metrics.model import AnnotatedDocument
from annotator.metrics.report import AgreementReport, UnitAgreement
from tests.metrics.helpers import corpora, label_matrix

TOLERANCE = 1e-6
Rows = list[list[str | None]]


def reference_cohen(rows: Rows, a: int, b: int, label: str | None = None) -> float | None:
    pairs = [(row[a], row[b]) for row in rows if row[a] is not None and row[b] is not None]
    if label is not None:
        pairs = [(x == label, y == label) for x, y in pairs]
    if not pairs or len({value for pair in pairs for value in pair}) < 2:
        return None  # one category only: chance agreement is certain, kappa undefined (sklearn: nan)
    return float(cohen_kappa_score([str(x) for x, _ in pairs], [str(y) for _, y in pairs]))


def reference_fleiss(rows: Rows, label: str | None = None) -> float | None:
    if not rows or len(rows[0]) < 2:
        return None
    complete = [row for row in rows if None not in row]
    if label is not None:
        complete = [[str(value == label) for value in row] for row in complete]
    categories = sorted({value for row in complete for value in row if value is not None})
    if len(categories) < 2:
        return None
    table = np.array([[row.count(category) for category in categories] for row in complete])
    return float(statsmodels_fleiss(table, method="fleiss"))


def reference_alpha(rows: Rows, label: str | None = None) -> float | None:
    values = (
        rows if label is None else [[None if v is None else str(v == label) for v in row] for row in rows]
    )
    pairable = [row for row in values if sum(value is not None for value in row) >= 2]
    categories = sorted({value for row in pairable for value in row if value is not None})
    if len(categories) < 2:
        return None  # the krippendorff package refuses a single value
    every = sorted({value for row in values for value in row if value is not None})
    code = {category: float(index) for index, category in enumerate(every)}
    data = np.array(
        [[np.nan if row[i] is None else code[row[i]] for row in values] for i in range(len(rows[0]))]
    )
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def nltk_task(rows: Rows) -> AnnotationTask:
    return AnnotationTask(
        data=[
            (coder, unit, value) for unit, row in enumerate(rows) for coder, value in enumerate(row) if value
        ]
    )


def close(ours: float | None, theirs: float | None) -> bool:
    if ours is None or theirs is None:
        return ours is None and theirs is None
    return abs(ours - theirs) <= TOLERANCE


def check_level(report: AgreementReport, documents: list[AnnotatedDocument], units: UnitAgreement) -> None:
    rows = label_matrix(documents, report.annotators, units.level)
    assert units.units == sum(1 for row in rows if sum(v is not None for v in row) >= 2)
    for index_a, index_b in combinations(range(len(report.annotators)), 2):
        pair = report.pair(report.annotators[index_a], report.annotators[index_b])
        ours = pair.token_kappa if units.level == "token" else pair.character_kappa
        assert close(ours, reference_cohen(rows, index_a, index_b))
        for label, item in pair.labels.items():
            ours = item.token_kappa if units.level == "token" else item.character_kappa
            assert close(ours, reference_cohen(rows, index_a, index_b, label)), label
    assert close(units.fleiss_kappa, reference_fleiss(rows))
    assert close(units.krippendorff_alpha, reference_alpha(rows))
    for label, item in units.labels.items():
        assert close(item.fleiss_kappa, reference_fleiss(rows, label)), label
        assert close(item.krippendorff_alpha, reference_alpha(rows, label)), label


@settings(max_examples=60, deadline=None)
@given(corpora())
def test_figures_match_the_reference_libraries_with_missing_documents(
    documents: list[AnnotatedDocument],
) -> None:
    report = compute_agreement(documents)
    check_level(report, documents, report.tokens)
    check_level(report, documents, report.characters)


@settings(max_examples=30, deadline=None)
@given(corpora(max_documents=2, complete=True))
def test_nltk_agrees_on_complete_data(documents: list[AnnotatedDocument]) -> None:
    report = compute_agreement(documents)
    for units in (report.tokens, report.characters):
        rows = label_matrix(documents, report.annotators, units.level)
        pair_kappas = [reference_cohen(rows, a, b) for a, b in combinations(range(len(report.annotators)), 2)]
        if len({value for row in rows for value in row}) < 2 or None in pair_kappas:
            continue  # NLTK calls these 1.0 where the coefficients are undefined
        task = nltk_task(rows)
        assert close(units.krippendorff_alpha, task.alpha())
        assert close(units.fleiss_kappa, task.pi())  # multi-pi is Fleiss' kappa (Siegel & Castellan's K)
        assert close(units.mean_cohen_kappa, task.kappa())  # NLTK averages pairwise Cohen kappas


def test_nltk_alpha_with_missing_judgements() -> None:
    text = "Huawei Ascend 910B chips lifted revenue by 12% to 1.2 billion yuan ."
    documents = [
        AnnotatedDocument(
            "d1", text, {"ann": [(0, 18, "chips")], "ben": [(7, 18, "chips")], "cat": [(0, 6, "x")]}
        ),
        AnnotatedDocument("d2", text, {"ann": [(40, 66, "fin")], "ben": [(40, 66, "fin")]}),
    ]
    report = compute_agreement(documents)
    rows = label_matrix(documents, report.annotators, "token")
    assert any(None in row for row in rows)
    assert close(report.tokens.krippendorff_alpha, nltk_task(rows).alpha())
    assert close(report.tokens.krippendorff_alpha, reference_alpha(rows))


def test_a_missing_annotator_is_not_read_as_all_outside() -> None:
    text = "Huawei Ascend 910B chips lifted revenue ."
    both = {"ann": [(0, 18, "chips")], "ben": [(0, 18, "chips")]}
    alone = AnnotatedDocument("d2", text, {"ann": [(0, 6, "chips")]})
    with_missing = compute_agreement([AnnotatedDocument("d1", text, both), alone])
    assert with_missing.pair("ann", "ben").token_kappa == 1.0
    assert with_missing.pair("ann", "ben").documents == 1
    # Saying ben finished d2 with nothing to tag makes his silence a judgement: now they disagree.
    judged = AnnotatedDocument("d2", text, {"ann": [(0, 6, "chips")]}, annotated_by=frozenset({"ben"}))
    with_judgement = compute_agreement([AnnotatedDocument("d1", text, both), judged])
    kappa = with_judgement.pair("ann", "ben").token_kappa
    assert kappa is not None and kappa < 1.0
    assert with_judgement.pair("ann", "ben").documents == 2


def test_undefined_figures_are_none_not_nan() -> None:
    text = "nothing to see here"
    report = compute_agreement(
        [AnnotatedDocument("d1", text, {}, annotated_by=frozenset({"ann", "ben"}))], annotators=["ann", "ben"]
    )
    assert report.tokens.krippendorff_alpha is None
    assert report.tokens.fleiss_kappa is None
    assert report.pair("ann", "ben").token_kappa is None
    assert report.mean_pairwise_f1 is None
    assert report.unitizing.alpha is None


@pytest.mark.parametrize("level", ["token", "character"])
def test_label_filter_treats_other_labels_as_absent(level: str) -> None:
    text = "Huawei Ascend 910B chips lifted revenue by 12% ."
    documents = [
        AnnotatedDocument(
            "d1",
            text,
            {"ann": [(0, 18, "chips"), (32, 46, "fin")], "ben": [(7, 18, "chips"), (25, 46, "fin")]},
        )
    ]
    report = compute_agreement(documents, labels=["fin"])
    assert report.labels == ["fin"]
    rows = label_matrix(documents, report.annotators, level, labels=["fin"])
    units = report.tokens if level == "token" else report.characters
    assert close(units.krippendorff_alpha, reference_alpha(rows))


@settings(max_examples=40, deadline=None)
@given(corpora())
def test_per_document_alpha_matches_the_krippendorff_package(documents: list[AnnotatedDocument]) -> None:
    report = compute_agreement(documents)
    for found in report.per_document:
        document = next(d for d in documents if d.document_id == found.document_id)
        for level, ours in (("token", found.token_alpha), ("character", found.character_alpha)):
            rows = label_matrix([document], report.annotators, level)
            assert close(ours, reference_alpha(rows) if rows else None), (found.document_id, level)
