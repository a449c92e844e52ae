"""The report as data, CSV and HTML, and the checks on its input."""

from __future__ import annotations

import csv
import io
import json

import pytest

from annotator.domain.errors import SpanError
from annotator.metrics.agreement import compute_agreement
from annotator.metrics.model import AnnotatedDocument
from annotator.metrics.render import CSV_COLUMNS, report_csv, report_html, report_rows
from annotator.metrics.report import AgreementReport

TEXT = "Huawei Ascend 910B chips lifted revenue by 12% to 1.2 billion yuan."


def sample() -> AgreementReport:
    return compute_agreement(
        [
            AnnotatedDocument(
                "d1",
                TEXT,
                {"ann": [(0, 18, "chips"), (44, 66, "fin")], "ben": [(7, 18, "chips"), (44, 66, "fin")]},
                title="First <article> & more",
            ),
            AnnotatedDocument(
                "d2", TEXT, {"ann": [(0, 6, "chips")], "cat": [(0, 6, "chips")]}, title="Second"
            ),
        ]
    )


def test_the_report_names_annotators_labels_and_document_counts() -> None:
    report = sample()
    assert report.annotators == ["ann", "ben", "cat"]
    assert report.labels == ["chips", "fin"]
    assert (report.documents, report.compared_documents, report.complete_documents) == (2, 2, 0)
    assert [(d.document_id, d.annotators) for d in report.per_document] == [
        ("d1", ["ann", "ben"]),
        ("d2", ["ann", "cat"]),
    ]
    assert report.label_agreement[0].spans == {"ann": 2, "ben": 1, "cat": 1}
    assert report.pair("ann", "cat").documents == 1
    assert report.pair("ben", "cat").documents == 0
    assert report.pair("ben", "cat").exact.f1 is None


def test_to_dict_is_json_ready() -> None:
    data = json.loads(json.dumps(sample().to_dict()))
    assert data["mean_pairwise_f1"] == sample().mean_pairwise_f1
    assert data["pairs"][0]["labels"]["chips"]["exact"]["f1"] == 0.0
    assert data["tokens"]["level"] == "token"


def test_csv_has_one_figure_per_row() -> None:
    report = sample()
    rows = list(csv.reader(io.StringIO(report_csv(report))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) - 1 == len(list(report_rows(report)))
    by_measure = {(r[0], r[3], r[4], r[5]): r[6] for r in rows[1:] if not r[1] and not r[2]}
    assert float(by_measure[("summary", "", "", "mean_pairwise_f1")]) == report.mean_pairwise_f1
    assert by_measure[("pair", "ben", "cat", "exact_f1")] == ""  # undefined: an empty cell
    assert float(by_measure[("pair", "ann", "ben", "exact_f1")]) == report.pair("ann", "ben").exact.f1


def test_html_is_escaped_and_shows_the_headline() -> None:
    page = report_html(sample())
    assert page.startswith("<!DOCTYPE html>")
    assert "First &lt;article&gt; &amp; more" in page
    assert "<article>" not in page
    assert f"{sample().mean_pairwise_f1:.3f}" in page


def test_a_span_outside_its_text_names_the_document_and_annotator() -> None:
    with pytest.raises(SpanError, match=r"document d9: ben's span \[60, 99\)"):
        compute_agreement([AnnotatedDocument("d9", TEXT, {"ann": [(0, 6, "chips")], "ben": [(60, 99, "x")]})])


def test_identical_spans_of_one_annotator_count_once() -> None:
    twice = [(0, 6, "chips"), (0, 6, "chips")]
    report = compute_agreement([AnnotatedDocument("d", TEXT, {"ann": twice, "ben": [(0, 6, "chips")]})])
    assert report.pair("ann", "ben").exact.f1 == 1.0


def test_chosen_annotators_keep_their_order_and_others_are_ignored() -> None:
    document = AnnotatedDocument("d", TEXT, {"ann": [(0, 6, "chips")], "ben": [(0, 6, "chips")], "cat": []})
    report = compute_agreement([document], annotators=["ben", "ann"])
    assert report.annotators == ["ben", "ann"]
    assert [(p.annotator_a, p.annotator_b) for p in report.pairs] == [("ben", "ann")]
