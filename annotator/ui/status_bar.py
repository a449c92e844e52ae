"""The status bar: progress over the corpus, the selected span, and why a project is read-only."""

from __future__ import annotations

from PySide6.QtWidgets import QStatusBar

from annotator.domain.models import DocumentStatus, Span
from annotator.services.project import Project
from annotator.ui.document_model import DocumentListModel
from annotator.ui.plain_text import plain_label
from annotator.ui.project_files import count


class StatusLine:
    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.span_info = plain_label()
        bar.addPermanentWidget(self.span_info)
        self.read_only_banner = plain_label()
        self.read_only_banner.setObjectName("read-only-banner")
        self.read_only_banner.setStyleSheet("color: #c62828; font-weight: bold;")
        bar.addWidget(self.read_only_banner)
        self.read_only_banner.hide()

    def show_span(self, span: Span | None) -> None:
        if span is None:
            self.span_info.setText("")
            return
        snippet = span.text if len(span.text) <= 60 else span.text[:57] + "…"
        note = " · has a note" if span.note else ""
        self.span_info.setText(
            f"{span.label}: “{snippet}” [{span.start}–{span.end}) by {span.annotator}{note}"
        )

    def show_progress(self, documents: DocumentListModel, annotator: str) -> tuple[int, int]:
        """Counted from the list already loaded: a query over 100,000 articles on every tag is noticeable.
        Returns (done, articles)."""
        counts = documents.status_counts()
        done, articles = counts[DocumentStatus.DONE], sum(counts.values())
        total = documents.total_spans()
        self.bar.showMessage(
            f"{count(articles, 'article')} · {count(total, 'span')} · {done} done · annotator: {annotator}"
        )
        return done, articles

    def show_read_only(self, project: Project) -> None:
        database = project.database
        if database.read_only:
            reason = database.read_only_reason or "it was opened read-only"
            self.read_only_banner.setText(
                f"⚠ This project is open read-only: {reason}. Changes cannot be saved."
            )
        self.read_only_banner.setVisible(database.read_only)
