"""The agreement panel: choose annotators and labels, compute on a worker, read, chart, drill down, export.

Figures come from ``services.agreement`` (``annotator agreement`` prints the same). Clicking a pair, a
heatmap cell or a label narrows the per-article table to what is behind the figure; double-clicking an
article opens it in review mode with that pair of annotators side by side.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.adjudication import GOLD_LAYER
from annotator.ui.agreement_documents import DocumentAgreementModel
from annotator.ui.charts import BarChart, GroupedBars, Heatmap, text_for
from annotator.ui.plain_text import escaped, plain_label

if TYPE_CHECKING:
    from annotator.metrics.report import AgreementReport


def _checklist(names: list[str], unchecked: frozenset[str] = frozenset()) -> QListWidget:
    widget = QListWidget()
    for name in names:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked if name in unchecked else Qt.CheckState.Checked)
        widget.addItem(item)
    widget.setMaximumHeight(110)
    return widget


def _checked(widget: QListWidget) -> list[str]:
    return [
        widget.item(n).text()
        for n in range(widget.count())
        if widget.item(n).checkState() == Qt.CheckState.Checked
    ]


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class AgreementPanel(QDialog):
    computeRequested = Signal(list, list)  # annotators, labels
    reviewRequested = Signal(str, str, str)  # document id, annotator a, annotator b

    def __init__(self, annotators: list[str], labels: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agreement")
        self.report: AgreementReport | None = None
        self.focus_pair: tuple[str, str] | None = None
        # The gold layer can be compared like an annotator (each annotator against gold); off at first.
        self.annotator_list = _checklist([*annotators, GOLD_LAYER], frozenset({GOLD_LAYER}))
        self.label_list = _checklist(labels)
        self.compute_button = QPushButton("Compute")
        self.compute_button.setDefault(True)
        self.compute_button.clicked.connect(self.request)
        self.csv_button = QPushButton("Export CSV…")
        self.html_button = QPushButton("Export HTML…")
        self.csv_button.clicked.connect(lambda: self._export("csv"))
        self.html_button.clicked.connect(lambda: self._export("html"))
        self.headline = QLabel("Choose annotators and labels, then Compute.")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)

        self.pairs = _table(
            [
                "Annotator A",
                "Annotator B",
                "Articles",
                "Precision",
                "Recall",
                "F1 (exact)",
                "F1 (overlap)",
                "Token κ",
                "Character κ",
            ]
        )
        self.pairs.cellClicked.connect(self._pair_clicked)
        self.heatmap = Heatmap()
        self.heatmap.itemClicked.connect(lambda pair: self.show_documents_for(*pair))
        self.label_bars = BarChart()
        self.label_bars.itemClicked.connect(
            lambda label: self.computeRequested.emit(self.chosen_annotators(), [label])
        )
        self.distribution = GroupedBars()
        self.document_rows = DocumentAgreementModel()
        self.documents = QTableView()
        self.documents.setModel(self.document_rows)
        self.documents.verticalHeader().hide()
        self.documents.verticalHeader().setDefaultSectionSize(self.documents.fontMetrics().height() + 8)
        self.documents.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.documents.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documents.setAlternatingRowColors(True)
        header = self.documents.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(200)  # measure a few hundred rows, not every article
        self.documents.doubleClicked.connect(lambda index: self._document_opened(index.row()))
        self.documents_note = plain_label()
        self.units = QLabel()
        self.units.setTextFormat(Qt.TextFormat.RichText)
        self.units.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.units.setWordWrap(True)

        documents_tab = QWidget()
        documents_layout = QVBoxLayout(documents_tab)
        documents_layout.addWidget(self.documents_note)
        documents_layout.addWidget(self.documents)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.pairs, "Pairs")
        self.tabs.addTab(self.heatmap, "Heatmap")
        self.tabs.addTab(self.label_bars, "Per label")
        self.tabs.addTab(self.distribution, "Label distribution")
        self.tabs.addTab(documents_tab, "Per article")
        self.tabs.addTab(self.units, "Tokens, characters, units")

        choose = QHBoxLayout()
        for title, widget in (("Annotators", self.annotator_list), ("Labels", self.label_list)):
            column = QVBoxLayout()
            column.addWidget(QLabel(f"<b>{title}</b>"))
            column.addWidget(widget)
            choose.addLayout(column)
        buttons = QVBoxLayout()
        buttons.addWidget(self.compute_button)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.html_button)
        buttons.addStretch(1)
        choose.addLayout(buttons)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(choose)
        top_layout.addWidget(self.headline)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._set_exports_enabled(False)
        self.resize(900, 680)

    def chosen_annotators(self) -> list[str]:
        return _checked(self.annotator_list)

    def request(self) -> None:
        self.computeRequested.emit(self.chosen_annotators(), _checked(self.label_list))

    def _set_exports_enabled(self, enabled: bool) -> None:
        self.csv_button.setEnabled(enabled)
        self.html_button.setEnabled(enabled)

    # -- showing ------------------------------------------------------------------------------------------

    def show_report(self, report: AgreementReport) -> None:
        self.report = report
        self._set_exports_enabled(True)
        label_scope = escaped(", ".join(report.labels))
        annotators = escaped(", ".join(report.annotators))
        self.headline.setText(
            f"<span style='font-size:15pt'>Mean pairwise F1 (exact match): "
            f"<b>{text_for(report.mean_pairwise_f1)}</b></span> &nbsp; overlap match: "
            f"{text_for(report.mean_pairwise_overlap_f1)}<br>"
            f"{len(report.annotators)} annotators ({annotators}) · labels: {label_scope} · "
            f"{report.compared_documents} articles compared ({report.complete_documents} done by everyone)"
        )
        self.pairs.setRowCount(len(report.pairs))
        for row, pair in enumerate(report.pairs):
            values = [
                pair.annotator_a,
                pair.annotator_b,
                str(pair.documents),
                text_for(pair.exact.precision),
                text_for(pair.exact.recall),
                text_for(pair.exact.f1),
                text_for(pair.overlap.f1),
                text_for(pair.token_kappa),
                text_for(pair.character_kappa),
            ]
            for column, value in enumerate(values):
                self.pairs.setItem(row, column, QTableWidgetItem(value))
        matrix = {(p.annotator_a, p.annotator_b): p.exact.f1 for p in report.pairs}
        self.heatmap.set_matrix(
            "Exact-match F1 between annotators (click a cell for its articles)", report.annotators, matrix
        )
        self.label_bars.set_items(
            "Mean exact-match F1 per label (click a label to compute for it alone)",
            [(la.label, la.mean_exact_f1) for la in report.label_agreement],
        )
        counts = {(la.label, name): n for la in report.label_agreement for name, n in la.spans.items()}
        self.distribution.set_counts(
            "Spans per label and annotator", report.labels, report.annotators, counts
        )
        t, c, u = report.tokens, report.characters, report.unitizing
        self.units.setText(
            "<table cellpadding=4>"
            "<tr><th></th><th>Mean Cohen κ</th><th>Fleiss κ</th><th>Krippendorff α</th><th>units</th></tr>"
            f"<tr><td>Tokens</td><td>{text_for(t.mean_cohen_kappa)}</td><td>{text_for(t.fleiss_kappa)}</td>"
            f"<td>{text_for(t.krippendorff_alpha)}</td><td>{t.units:,}</td></tr>"
            f"<tr><td>Characters</td><td>{text_for(c.mean_cohen_kappa)}</td><td>{text_for(c.fleiss_kappa)}</td>"
            f"<td>{text_for(c.krippendorff_alpha)}</td><td>{c.units:,}</td></tr>"
            "</table>"
            f"<p>Krippendorff's unitizing α<sub>u</sub> over characters: <b>{text_for(u.alpha)}</b> "
            f"({u.documents} articles, {u.characters:,} characters)</p>"
            "<p>Tokens follow the documented tokenizer; a token takes a label only if a span covers it "
            "whole, other tokens are “O”. Fleiss' κ uses only articles every chosen annotator finished.</p>"
        )
        self.show_documents_for(*(self.focus_pair or (None, None)))

    def show_documents_for(self, a: str | None, b: str | None) -> None:
        """List the articles behind a figure: all of them, or those a pair both annotated (worst first)."""
        report = self.report
        if report is None:
            return
        self.focus_pair = (a, b) if a and b else None
        rows = []
        for document in report.per_document:
            if self.focus_pair:
                pair = next((p for p in document.pairs if {p.annotator_a, p.annotator_b} == {a, b}), None)
                if pair is None:
                    continue
                rows.append((document, pair.exact_f1, pair.overlap_f1))
            else:
                rows.append((document, document.mean_exact_f1, document.mean_overlap_f1))
        rows.sort(key=lambda r: (r[1] is None, r[1] if r[1] is not None else 0.0))
        self.document_rows.set_rows(rows)
        scope = f"{a} vs {b}" if self.focus_pair else "all pairs"
        self.documents_note.setText(
            f"Articles for {scope}, lowest agreement first. Double-click to review one."
        )
        if self.focus_pair:
            self.tabs.setCurrentIndex(4)

    def _pair_clicked(self, row: int, _column: int) -> None:
        first, second = self.pairs.item(row, 0), self.pairs.item(row, 1)
        if first is not None and second is not None:
            self.show_documents_for(first.text(), second.text())

    def _document_opened(self, row: int) -> None:
        document_id = self.document_rows.document_id(row)
        report = self.report
        if report is None or not document_id:
            return
        a, b = self.focus_pair or (None, None)
        if a is None or b is None:
            document = report.document(str(document_id))
            if len(document.annotators) < 2:
                return
            a, b = document.annotators[0], document.annotators[1]
        self.reviewRequested.emit(str(document_id), a, b)

    def _export(self, kind: str) -> None:
        from annotator.services.agreement import write_report_files

        if self.report is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Export agreement report",
            f"agreement.{kind}",
            "CSV (*.csv)" if kind == "csv" else "HTML (*.html)",
        )
        if not name:
            return
        path = Path(name)
        write_report_files(
            self.report, csv=path if kind == "csv" else None, html=path if kind == "html" else None
        )
