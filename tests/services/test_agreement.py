"""Agreement on a real project database: who annotated what, filters, errors, and report files."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import InputError, NotFoundError
from annotator.metrics.agreement import compute_agreement
from annotator.metrics.model import AnnotatedDocument
from annotator.services.agreement import agreement_report, write_report_files
from annotator.services.project import Project
from tests.fixtures.three_annotators import ANNOTATORS, TEXTS, ThreeAnnotatorCorpus, fill_three_annotators


@pytest.fixture
def corpus(empty_project: Project) -> ThreeAnnotatorCorpus:
    return fill_three_annotators(empty_project)


def test_every_kind_of_agreement_and_disagreement_is_counted(
    empty_project: Project, corpus: ThreeAnnotatorCorpus
) -> None:
    report = agreement_report(empty_project)
    assert report.annotators == list(ANNOTATORS)
    assert report.labels == ["chips", "financials", "models", "strategy"]
    # "untouched" is left out; "missing" lacks carol; "done_empty" counts alice and bob as annotators.
    assert (report.documents, report.compared_documents, report.complete_documents) == (6, 6, 5)

    alice_bob = report.pair("alice", "bob")
    assert alice_bob.documents == 6
    assert (alice_bob.counts.spans_a, alice_bob.counts.spans_b, alice_bob.counts.exact) == (6, 5, 4)
    assert alice_bob.exact.f1 == pytest.approx(8 / 11)
    assert (alice_bob.overlap.precision, alice_bob.overlap.recall) == (1.0, pytest.approx(5 / 6))

    alice_carol = report.pair("alice", "carol")
    assert alice_carol.documents == 5  # carol is missing from "missing", not "all O"
    assert alice_carol.exact.f1 == pytest.approx(0.4)  # label and boundary disagreements
    assert alice_carol.overlap.f1 == pytest.approx(0.6)  # the boundary disagreement overlaps

    bob_carol = report.pair("bob", "carol")
    assert bob_carol.exact.f1 == pytest.approx(4 / 9)
    assert bob_carol.overlap.f1 == pytest.approx(4 / 9)  # their boundaries do not even overlap

    assert report.mean_pairwise_f1 == pytest.approx((8 / 11 + 0.4 + 4 / 9) / 3)
    strategy = next(item for item in report.label_agreement if item.label == "strategy")
    assert strategy.spans == {"alice": 1, "bob": 0, "carol": 2}  # only-in-one-layer spans

    done_empty = report.document(corpus.documents["done_empty"])
    assert done_empty.annotators == list(ANNOTATORS)
    assert next(p for p in done_empty.pairs if p.annotator_b == "bob").exact_f1 is None  # both found nothing
    assert report.document(corpus.documents["missing"]).annotators == ["alice", "bob"]
    assert report.document(corpus.documents["agreed"]).token_alpha == 1.0
    assert report.document(corpus.documents["label"]).mean_exact_f1 == pytest.approx(1 / 3)


def test_the_service_passes_exactly_the_stored_data_to_the_metrics(
    empty_project: Project, corpus: ThreeAnnotatorCorpus
) -> None:
    done = {"done_empty": frozenset({"alice", "bob"})}
    by_hand = [
        AnnotatedDocument(
            corpus.documents[role],
            TEXTS[role],
            {name: corpus.spans(role, name) for name in ANNOTATORS if corpus.spans(role, name)},
            annotated_by=done.get(role, frozenset()),
            title=f"{role} example",
        )
        for role in TEXTS
        if role != "untouched"
    ]
    expected = compute_agreement(sorted(by_hand, key=lambda d: d.title))
    assert agreement_report(empty_project).to_dict() == expected.to_dict()


def test_filters_choose_annotators_labels_and_documents(
    empty_project: Project, corpus: ThreeAnnotatorCorpus
) -> None:
    two = agreement_report(empty_project, annotators=["bob", "alice"])
    assert two.annotators == ["bob", "alice"]
    assert len(two.pairs) == 1
    assert two.pair("alice", "bob").exact.f1 == pytest.approx(8 / 11)

    models = agreement_report(empty_project, labels=["models"])
    assert models.labels == ["models"]
    assert models.pair("alice", "bob").exact.f1 == 1.0
    assert models.pair("alice", "carol").exact.f1 == pytest.approx(2 / 3)
    # Whether someone annotated a document does not depend on the label filter.
    assert models.pair("alice", "carol").documents == 5

    one = agreement_report(empty_project, documents=[corpus.documents["boundary"]])
    assert one.documents == 1
    assert one.pair("alice", "bob").exact.f1 == 0.0
    assert one.pair("alice", "bob").overlap.f1 == 1.0


def test_unknown_names_and_too_few_annotators_are_refused(
    empty_project: Project, corpus: ThreeAnnotatorCorpus
) -> None:
    with pytest.raises(InputError, match="no annotator called 'dave'"):
        agreement_report(empty_project, annotators=["alice", "dave"])
    with pytest.raises(InputError, match="no label called 'people'"):
        agreement_report(empty_project, labels=["people"])
    with pytest.raises(NotFoundError, match="nope"):
        agreement_report(empty_project, documents=["nope"])
    with pytest.raises(InputError, match="at least two annotators"):
        agreement_report(empty_project, annotators=["alice"])


def test_a_project_with_one_annotator_has_nothing_to_compare(empty_project: Project) -> None:
    with pytest.raises(InputError, match=r"at least two annotators .*found: none"):
        agreement_report(empty_project)


def _snapshot(db_path: Path) -> list[object]:
    conn = sqlite3.connect(db_path)
    try:
        return [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("spans", "document_status", "annotators", "documents")
        ]
    finally:
        conn.close()


def test_agreement_reads_only(empty_project: Project, corpus: ThreeAnnotatorCorpus, db_path: Path) -> None:
    before = _snapshot(db_path)
    agreement_report(empty_project)
    assert _snapshot(db_path) == before


def test_report_files_are_written_whole(
    empty_project: Project, corpus: ThreeAnnotatorCorpus, tmp_path: Path
) -> None:
    report = agreement_report(empty_project)
    out = tmp_path / "reports"
    csv_path, html_path = out / "new folder" / "agreement.csv", out / "agreement.html"
    write_report_files(report, csv=csv_path, html=html_path)
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    headline = next(row for row in rows if row["measure"] == "mean_pairwise_f1")
    assert float(headline["value"]) == report.mean_pairwise_f1
    assert "done_empty example" in html_path.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.rglob("*")) == ["agreement.csv", "agreement.html", "new folder"]
