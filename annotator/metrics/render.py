"""The agreement report as CSV (one figure per row) and as a self-contained HTML page.

Both are pure functions returning text; writing files is the caller's business. In the CSV an undefined
figure is an empty cell; in the HTML it is a dash.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from html import escape

from annotator.metrics.report import AgreementReport
from annotator.metrics.spans import SpanCounts, SpanScores

CSV_COLUMNS = ("section", "label", "document_id", "annotator_a", "annotator_b", "measure", "value")

Row = tuple[str, str, str, str, str, str, float | int | None]


def report_rows(report: AgreementReport) -> Iterator[Row]:
    """Every figure of the report as (section, label, document, annotator A, annotator B, measure, value)."""
    yield ("summary", "", "", "", "", "mean_pairwise_f1", report.mean_pairwise_f1)
    yield ("summary", "", "", "", "", "mean_pairwise_overlap_f1", report.mean_pairwise_overlap_f1)
    yield ("summary", "", "", "", "", "documents", report.documents)
    yield ("summary", "", "", "", "", "compared_documents", report.compared_documents)
    yield ("summary", "", "", "", "", "complete_documents", report.complete_documents)
    for pair in report.pairs:
        a, b = pair.annotator_a, pair.annotator_b
        yield ("pair", "", "", a, b, "documents", pair.documents)
        yield from _span_rows("pair", "", "", a, b, pair.counts, pair.exact, pair.overlap)
        yield ("pair", "", "", a, b, "token_kappa", pair.token_kappa)
        yield ("pair", "", "", a, b, "character_kappa", pair.character_kappa)
        for label, item in pair.labels.items():
            yield from _span_rows("pair_label", label, "", a, b, item.counts, item.exact, item.overlap)
            yield ("pair_label", label, "", a, b, "token_kappa", item.token_kappa)
            yield ("pair_label", label, "", a, b, "character_kappa", item.character_kappa)
    for label_item in report.label_agreement:
        label = label_item.label
        for name, count in label_item.spans.items():
            yield ("label", label, "", name, "", "spans", count)
        yield ("label", label, "", "", "", "mean_exact_f1", label_item.mean_exact_f1)
        yield ("label", label, "", "", "", "mean_overlap_f1", label_item.mean_overlap_f1)
        yield ("label", label, "", "", "", "token_alpha", label_item.token_alpha)
        yield ("label", label, "", "", "", "character_alpha", label_item.character_alpha)
        yield ("label", label, "", "", "", "unitizing_alpha", label_item.unitizing_alpha)
    for units in (report.tokens, report.characters):
        section = units.level
        yield (section, "", "", "", "", "units", units.units)
        yield (section, "", "", "", "", "complete_units", units.complete_units)
        yield (section, "", "", "", "", "mean_cohen_kappa", units.mean_cohen_kappa)
        yield (section, "", "", "", "", "fleiss_kappa", units.fleiss_kappa)
        yield (section, "", "", "", "", "krippendorff_alpha", units.krippendorff_alpha)
        for label, unit_label in units.labels.items():
            yield (section, label, "", "", "", "fleiss_kappa", unit_label.fleiss_kappa)
            yield (section, label, "", "", "", "krippendorff_alpha", unit_label.krippendorff_alpha)
    unitizing = report.unitizing
    yield ("unitizing", "", "", "", "", "alpha", unitizing.alpha)
    yield ("unitizing", "", "", "", "", "observed_disagreement", unitizing.observed)
    yield ("unitizing", "", "", "", "", "expected_disagreement", unitizing.expected)
    yield ("unitizing", "", "", "", "", "documents", unitizing.documents)
    yield ("unitizing", "", "", "", "", "characters", unitizing.characters)
    for label, figures in unitizing.labels.items():
        yield ("unitizing", label, "", "", "", "observed_disagreement", figures.observed)
        yield ("unitizing", label, "", "", "", "expected_disagreement", figures.expected)
        yield ("unitizing", label, "", "", "", "alpha", figures.alpha)
    for document in report.per_document:
        doc = document.document_id
        yield ("document", "", doc, "", "", "mean_exact_f1", document.mean_exact_f1)
        yield ("document", "", doc, "", "", "mean_overlap_f1", document.mean_overlap_f1)
        yield ("document", "", doc, "", "", "token_alpha", document.token_alpha)
        yield ("document", "", doc, "", "", "character_alpha", document.character_alpha)
        for pair_item in document.pairs:
            a, b = pair_item.annotator_a, pair_item.annotator_b
            yield ("document_pair", "", doc, a, b, "exact_f1", pair_item.exact_f1)
            yield ("document_pair", "", doc, a, b, "overlap_f1", pair_item.overlap_f1)


def _span_rows(
    section: str,
    label: str,
    doc: str,
    a: str,
    b: str,
    counts: SpanCounts,
    exact: SpanScores,
    overlap: SpanScores,
) -> Iterator[Row]:
    yield (section, label, doc, a, b, "spans_a", counts.spans_a)
    yield (section, label, doc, a, b, "spans_b", counts.spans_b)
    yield (section, label, doc, a, b, "exact_matches", counts.exact)
    yield (section, label, doc, a, b, "exact_precision", exact.precision)
    yield (section, label, doc, a, b, "exact_recall", exact.recall)
    yield (section, label, doc, a, b, "exact_f1", exact.f1)
    yield (section, label, doc, a, b, "overlap_precision", overlap.precision)
    yield (section, label, doc, a, b, "overlap_recall", overlap.recall)
    yield (section, label, doc, a, b, "overlap_f1", overlap.f1)


def report_csv(report: AgreementReport) -> str:
    out = io.StringIO()
    # RFC 4180's line ending: a name holding a carriage return is then quoted, not split across rows.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for *where, value in report_rows(report):
        writer.writerow([*(spreadsheet_text(cell) for cell in where), "" if value is None else repr(value)])
    return out.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's list for CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(cell: object) -> object:
    """A text cell a spreadsheet shows as text: one that would start a formula gets a leading quote."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def figure(value: float | None, digits: int = 3) -> str:
    """A figure for people: fixed decimals, a dash when undefined."""
    return "–" if value is None else f"{value:.{digits}f}"


_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { padding: .25em .6em; border-bottom: 1px solid #ddd; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.headline { font-size: 2.2em; font-weight: 600; }
.muted { color: #666; }
"""


def report_html(report: AgreementReport) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Annotator agreement report</title>',
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Inter-annotator agreement</h1>",
        f"<p>Annotators: {escape(', '.join(report.annotators))}.",
        f"Labels: {escape(', '.join(report.labels))}.<br>",
        f"{report.documents} document(s) annotated, {report.compared_documents} by at least two annotators, "
        f"{report.complete_documents} by all.</p>",
        f'<p><span class="headline">{figure(report.mean_pairwise_f1)}</span> mean pairwise F1 (exact match); '
        f"{figure(report.mean_pairwise_overlap_f1)} with overlap match.</p>",
    ]
    parts += _pairs_html(report)
    parts += _heatmap_html(report)
    parts += _labels_html(report)
    parts += _units_html(report)
    parts += _documents_html(report)
    parts.append(
        '<p class="muted">Exact match: same start, end and label. '
        "Overlap match: same label, sharing at least one character. "
        "Tokens and characters take a label only when a span of it covers them whole; "
        "others are O. An annotator who neither tagged nor finished a document is missing for it.</p>"
    )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["<table>", "<tr>" + "".join(f"<th>{escape(cell)}</th>" for cell in header) + "</tr>"]
    lines += ["<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows]
    lines.append("</table>")
    return lines


def _pairs_html(report: AgreementReport) -> list[str]:
    header = ["pair", "documents", "exact P", "exact R", "exact F1", "overlap P", "overlap R", "overlap F1"]
    header += ["token κ", "character κ"]
    rows = [
        [
            f"{pair.annotator_a} / {pair.annotator_b}",
            str(pair.documents),
            figure(pair.exact.precision),
            figure(pair.exact.recall),
            figure(pair.exact.f1),
            figure(pair.overlap.precision),
            figure(pair.overlap.recall),
            figure(pair.overlap.f1),
            figure(pair.token_kappa),
            figure(pair.character_kappa),
        ]
        for pair in report.pairs
    ]
    return ["<h2>Pairs</h2>", *_table(header, rows)]


def _heatmap_html(report: AgreementReport) -> list[str]:
    scores = {}
    for pair in report.pairs:
        scores[(pair.annotator_a, pair.annotator_b)] = scores[(pair.annotator_b, pair.annotator_a)] = (
            pair.exact.f1
        )
    lines = ["<h2>Exact-match F1 between annotators</h2>", "<table>"]
    lines.append(
        "<tr><th></th>" + "".join(f"<th>{escape(name)}</th>" for name in report.annotators) + "</tr>"
    )
    for row_name in report.annotators:
        cells = []
        for column_name in report.annotators:
            value = 1.0 if row_name == column_name else scores.get((row_name, column_name))
            shade = (
                "" if value is None else f' style="background: rgba(46, 125, 50, {0.1 + 0.6 * value:.2f})"'
            )
            cells.append(f"<td{shade}>{figure(value)}</td>")
        lines.append(f"<tr><th>{escape(row_name)}</th>{''.join(cells)}</tr>")
    lines.append("</table>")
    return lines


def _labels_html(report: AgreementReport) -> list[str]:
    header = ["label", *(f"spans ({name})" for name in report.annotators)]
    header += ["mean exact F1", "mean overlap F1", "token α", "character α", "unitizing α"]
    rows = [
        [
            item.label,
            *(str(item.spans.get(name, 0)) for name in report.annotators),
            figure(item.mean_exact_f1),
            figure(item.mean_overlap_f1),
            figure(item.token_alpha),
            figure(item.character_alpha),
            figure(item.unitizing_alpha),
        ]
        for item in report.label_agreement
    ]
    return ["<h2>Labels</h2>", *_table(header, rows)]


def _units_html(report: AgreementReport) -> list[str]:
    header = ["units", "count", "mean Cohen's κ", "Fleiss' κ", "Krippendorff's α"]
    rows = [
        [
            units.level + "s",
            str(units.units),
            figure(units.mean_cohen_kappa),
            figure(units.fleiss_kappa),
            figure(units.krippendorff_alpha),
        ]
        for units in (report.tokens, report.characters)
    ]
    unitizing = report.unitizing
    return [
        "<h2>Tokens and characters</h2>",
        *_table(header, rows),
        f"<p>Krippendorff's unitizing α<sub>u</sub> over {unitizing.characters} characters of "
        f"{unitizing.documents} document(s) annotated by all: <b>{figure(unitizing.alpha)}</b> "
        f"(observed disagreement {figure(unitizing.observed, 5)}, "
        f"expected {figure(unitizing.expected, 5)}).</p>",
    ]


def _documents_html(report: AgreementReport) -> list[str]:
    header = ["document", "annotators", "mean exact F1", "mean overlap F1", "token α", "character α"]
    rows = [
        [
            document.title or document.document_id,
            ", ".join(document.annotators),
            figure(document.mean_exact_f1),
            figure(document.mean_overlap_f1),
            figure(document.token_alpha),
            figure(document.character_alpha),
        ]
        for document in report.per_document
    ]
    return ["<h2>Documents</h2>", *_table(header, rows)]
