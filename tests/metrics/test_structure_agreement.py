"""Relation P/R/F1, attribute and document-label agreement, checked against scikit-learn, statsmodels and
the ``krippendorff`` package (through the same reference functions as the token figures) on random data,
and through the service on a real project."""

from __future__ import annotations

import random
from itertools import combinations
from pathlib import Path

import pytest
from sklearn.metrics import precision_recall_fscore_support

from annotator.metrics.structure_agreement import (
    RelationRecord,
    attribute_units,
    categorical_agreement,
    document_label_units,
    relation_agreement,
)
from annotator.services.project import Project
from annotator.services.structure_agreement import structure_agreement
from tests.formats.structured import build
from tests.metrics.test_unit_agreement import reference_alpha, reference_cohen, reference_fleiss

ANNOTATORS = ["alice", "bob", "carol"]
TOLERANCE = 1e-9


def close(ours: float | None, theirs: float | None) -> bool:
    if ours is None or theirs is None:
        return ours is None and theirs is None
    return abs(ours - theirs) < TOLERANCE


def random_relations(rng: random.Random) -> tuple[list[RelationRecord], dict[str, set[str]]]:
    documents = [f"d{i}" for i in range(6)]
    spans = [(s, s + rng.randint(1, 6), rng.choice("AB")) for s in range(0, 60, 5)]
    types = {"supplies": True, "same": False}
    relations = []
    for who in ANNOTATORS:
        for document in documents:
            for _ in range(rng.randint(0, 6)):
                source, target = rng.sample(spans, 2)
                kind = rng.choice(list(types))
                relations.append(RelationRecord(document, who, source, target, kind, types[kind]))
    annotated = {who: set(rng.sample(documents, 5)) for who in ANNOTATORS}
    return relations, annotated


@pytest.mark.parametrize("seed", range(8))
def test_exact_relation_figures_equal_scikit_learn_and_lenient_ones_a_brute_force_count(seed: int) -> None:
    relations, annotated = random_relations(random.Random(seed))
    figures = relation_agreement(relations, annotated, ANNOTATORS)
    assert [(f.first, f.second) for f in figures] == list(combinations(ANNOTATORS, 2))
    for pair in figures:
        shared = annotated[pair.first] & annotated[pair.second]
        a = {r.key() for r in relations if r.annotator == pair.first and r.document_id in shared}
        b = {r.key() for r in relations if r.annotator == pair.second and r.document_id in shared}
        universe = sorted(a | b)
        if a and b:
            precision, recall, f1, _ = precision_recall_fscore_support(
                [key in a for key in universe],
                [key in b for key in universe],
                average="binary",
                zero_division=0,
            )
            assert close(pair.exact_precision, float(precision)) and close(pair.exact_recall, float(recall))
            assert close(pair.exact_f1, float(f1))

        def overlap(x: RelationRecord, y: RelationRecord) -> bool:
            def touch(p: tuple[int, int, str], q: tuple[int, int, str]) -> bool:
                return len(set(range(p[0], p[1])) & set(range(q[0], q[1]))) > 0

            same = x.document_id == y.document_id and x.type == y.type
            forward = touch(x.source, y.source) and touch(x.target, y.target)
            backward = not x.directed and touch(x.source, y.target) and touch(x.target, y.source)
            return same and (forward or backward)

        mine = [r for r in relations if r.annotator == pair.first and r.document_id in shared]
        theirs = [r for r in relations if r.annotator == pair.second and r.document_id in shared]
        # Identical relations count once on each side.
        mine = list({r.key(): r for r in mine}.values())
        theirs = list({r.key(): r for r in theirs}.values())
        if theirs:
            assert close(
                pair.lenient_precision, sum(any(overlap(t, m) for m in mine) for t in theirs) / len(theirs)
            )
        if mine:
            assert close(
                pair.lenient_recall, sum(any(overlap(m, t) for t in theirs) for m in mine) / len(mine)
            )


def test_a_symmetric_relation_matches_in_either_order_and_a_directed_one_does_not() -> None:
    span_a, span_b = (0, 5, "org"), (10, 15, "org")
    records = [
        RelationRecord("d", "alice", span_a, span_b, "same", False),
        RelationRecord("d", "bob", span_b, span_a, "same", False),
        RelationRecord("d", "alice", span_a, span_b, "supplies", True),
        RelationRecord("d", "bob", span_b, span_a, "supplies", True),
    ]
    (pair,) = relation_agreement(records, {"alice": {"d"}, "bob": {"d"}}, ["alice", "bob"])
    assert pair.exact_f1 == 0.5 and pair.lenient_f1 == 0.5


def rows_of(units: dict[object, dict[str, object]]) -> list[list[str | None]]:
    return [
        [None if who not in values else repr(values[who]) for who in ANNOTATORS] for values in units.values()
    ]


def check_against_references(name: str, units: dict[object, dict[str, object]]) -> None:
    ours = categorical_agreement(name, units, ANNOTATORS)
    rows = [row for row in rows_of(units) if sum(v is not None for v in row) >= 2]
    assert ours.units == len(rows)
    for (first, second), kappa in ours.cohen_kappa.items():
        assert close(kappa, reference_cohen(rows, ANNOTATORS.index(first), ANNOTATORS.index(second))), name
    assert close(ours.fleiss_kappa, reference_fleiss(rows)), name
    assert close(ours.krippendorff_alpha, reference_alpha(rows)), name


@pytest.mark.parametrize("seed", range(8))
def test_attribute_agreement_over_shared_spans_equals_the_reference_libraries(seed: int) -> None:
    rng = random.Random(seed)
    rows = []
    for document in ("d1", "d2", "d3"):
        for start in range(0, 80, 4):
            endpoint = (start, start + 3, "financials")
            for who in ANNOTATORS:
                if rng.random() < 0.75:
                    values = {}
                    if rng.random() < 0.85:
                        values["metric"] = rng.choice(["revenue", "profit", "margin"])
                    if rng.random() < 0.85:
                        values["audited"] = rng.choice([True, False, 1])  # 1 is a number, not yes
                    rows.append((document, who, endpoint, values))
    units = attribute_units(rows)
    assert set(units) == {"financials.metric", "financials.audited"}
    for name, found in units.items():
        check_against_references(name, found)


@pytest.mark.parametrize("seed", range(8))
def test_document_label_agreement_single_and_multiple_choice_equals_the_reference_libraries(
    seed: int,
) -> None:
    rng = random.Random(seed)
    rows = []
    for document in range(40):
        for who in ANNOTATORS:
            if rng.random() < 0.8:
                rows.append((f"d{document}", who, "stance", rng.choice(["positive", "negative", "neutral"])))
            for choice in ("export controls", "earnings", "chips"):
                if rng.random() < 0.4:
                    rows.append((f"d{document}", who, "topic", choice))
    units = document_label_units(rows, {"stance": False, "topic": True})
    assert len(units["topic"]) % 3 == 0  # article × choice
    for name, found in units.items():
        check_against_references(name, found)


def test_the_service_reads_the_project_s_relations_attributes_and_labels(
    empty_project: Project, tmp_path: Path
) -> None:
    build(empty_project, tmp_path)
    result = structure_agreement(empty_project, ["alice", "bob"])
    (pair,) = result.relations
    # alice: 5 relations in the first article, 1 in the second (bob did not annotate it); bob: 3.
    assert (pair.relations_first, pair.relations_second) == (4, 3)
    # supplies and trains_on match exactly; same_company(华为, Huawei) too; alice's fourth has no match.
    assert pair.exact_recall == 3 / 4 and pair.exact_precision == 1.0
    names = {item.name: item for item in result.attributes}
    # The money span differs (bob tagged a shorter one), so only 'strategy.company' on Huawei is shared.
    assert set(names) == {"strategy.company"} and names["strategy.company"].units == 1
    labels = {item.name: item for item in result.document_labels}
    assert set(labels) == {"topic", "stance"}
    assert labels["stance"].units == 1
    assert result.to_dict()["relations"][0]["exact_f1"] == pytest.approx(6 / 7)


def test_the_agreement_command_prints_and_writes_the_structure_figures(
    empty_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from annotator.cli.main import main

    build(empty_project, tmp_path)
    database = str(empty_project.database.path)
    empty_project.close()
    assert main(["agreement", "--db", database]) == 0
    table = capsys.readouterr().out
    assert "relations        exact P" in table and "strategy.company" in table and "stance" in table
    assert main(["agreement", "--db", database, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["structure"]["relations"][0]["exact_recall"] == 0.75
