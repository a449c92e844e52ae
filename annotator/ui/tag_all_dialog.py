""" "Tag all matches…": tag every occurrence of the selected text, after a preview.

The dialog shows what would be added (a count per article and a few occurrences in context) for the
chosen label and scope (this article or the whole corpus), skipping occurrences the analyst already
tagged with that label. On accept it runs ``tag_all_matches`` (one transaction) and keeps the new spans
in ``created_spans``; the window then pushes a ``TagAllCommand`` so that one undo removes them all::

    dialog = TagAllDialog(project, selected_text, labels, current_label, document_id, window)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created_spans:
        undo_stack.push(TagAllCommand(window, dialog.created_spans))
        window.spans_changed(added=dialog.created_spans, removed=[])
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.domain.models import Label, Span
from annotator.domain.search import Snippet
from annotator.services.project import Project
from annotator.services.search import preview_groups, preview_tag_all, tag_all_matches
from annotator.ui.errors import error_box
from annotator.ui.plain_text import escaped, plain_tooltip
from annotator.ui.search_dock import paint_snippet

SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 1
# Articles listed in the preview; the summary line still counts every one.
PREVIEW_ARTICLES = 200
SAMPLES_PER_ARTICLE = 3


class _SnippetDelegate(QStyledItemDelegate):
    """Sample rows show their context with the occurrence highlighted, as the search dock does."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        line = index.data(SNIPPET_ROLE)
        if not isinstance(line, Snippet):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(4, 0, -4, 0)
        painter.save()
        painter.setClipRect(option.rect)
        painter.setFont(option.font)
        metrics = QFontMetrics(option.font)
        baseline = rect.top() + (rect.height() + metrics.ascent() - metrics.descent()) // 2
        paint_snippet(painter, line, rect.left(), baseline, rect.width(), option.palette.color(role))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), QFontMetrics(option.font).height() + 6))


class TagAllDialog(QDialog):
    def __init__(
        self,
        project: Project,
        needle: str,
        labels: Sequence[Label],
        label: str,
        document_id: str | None,
        parent: QWidget | None = None,
        *,
        whole_words: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tag all matches")
        self.project = project
        self.needle = needle
        self.document_id = document_id
        self.created_spans: list[Span] = []
        self.planned: list[Span] = []

        shown = needle if len(needle) <= 60 else needle[:57] + "…"
        heading = QLabel(f"Tag every occurrence of <b>“{escaped(shown)}”</b>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)

        self.label_box = QComboBox()
        for item in labels:
            swatch = QPixmap(12, 12)
            swatch.fill(QColor(item.colour))
            self.label_box.addItem(swatch, item.name, item.name)
        position = self.label_box.findData(label)
        self.label_box.setCurrentIndex(max(position, 0))

        self.this_article = QRadioButton("This article")
        self.whole_corpus = QRadioButton("Whole corpus")
        self.scope = QButtonGroup(self)
        self.scope.addButton(self.this_article)
        self.scope.addButton(self.whole_corpus)
        self.this_article.setEnabled(document_id is not None)
        (self.this_article if document_id is not None else self.whole_corpus).setChecked(True)
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.this_article)
        scope_row.addWidget(self.whole_corpus)
        scope_row.addStretch(1)

        self.match_case = QCheckBox("Match case")
        self.match_case.setChecked(True)
        self.whole_words = QCheckBox("Whole words only")
        self.whole_words.setChecked(whole_words)
        options_row = QHBoxLayout()
        options_row.addWidget(self.match_case)
        options_row.addWidget(self.whole_words)
        options_row.addStretch(1)

        form = QFormLayout()
        form.addRow("Label:", self.label_box)
        form.addRow("Scope:", scope_row)
        form.addRow("Options:", options_row)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.preview = QTreeWidget()
        self.preview.setHeaderLabels(["Article / occurrence", "New spans"])
        self.preview.setItemDelegate(_SnippetDelegate(self.preview))
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.setRootIsDecorated(True)
        self.preview.setUniformRowHeights(True)
        header = self.preview.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 460)

        self.label_box.currentIndexChanged.connect(self.refresh_preview)
        self.scope.buttonToggled.connect(self._scope_toggled)
        self.match_case.toggled.connect(self.refresh_preview)
        self.whole_words.toggled.connect(self.refresh_preview)
        self.refresh_preview()

    # -- choices ------------------------------------------------------------------------------------------

    def label(self) -> str:
        return str(self.label_box.currentData())

    def scope_ids(self) -> list[str] | None:
        """The articles in scope: the current one, or None for the whole corpus."""
        if self.this_article.isChecked() and self.document_id is not None:
            return [self.document_id]
        return None

    def _scope_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self.refresh_preview()

    # -- preview and apply --------------------------------------------------------------------------------

    def refresh_preview(self) -> None:
        try:
            self.planned = preview_tag_all(
                self.project,
                self.needle,
                self.label(),
                self.scope_ids(),
                case_sensitive=self.match_case.isChecked(),
                whole_words=self.whole_words.isChecked(),
            )
            groups = preview_groups(
                self.project, self.planned, samples=SAMPLES_PER_ARTICLE, documents=PREVIEW_ARTICLES
            )
        except AnnotatorError as error:
            self.planned, groups = [], []
            self.summary.setText(f"<span style='color:#c62828'>{escaped(str(error))}</span>")
        else:
            self.summary.setText(_summary(len(self.planned), len(groups), self.label()))
        self.preview.clear()
        for group in groups[:PREVIEW_ARTICLES]:
            article = QTreeWidgetItem([group.title, f"{group.count:,}"])
            article.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            article.setToolTip(0, plain_tooltip(group.title))
            for sample in group.samples:
                row = QTreeWidgetItem(article, [sample.text])
                row.setData(0, SNIPPET_ROLE, sample)
                row.setToolTip(0, plain_tooltip(sample.text))
            if group.count > len(group.samples) and group.samples:
                QTreeWidgetItem(article, [f"… and {group.count - len(group.samples):,} more"])
            self.preview.addTopLevelItem(article)
        if len(groups) > PREVIEW_ARTICLES:
            rest = len(groups) - PREVIEW_ARTICLES
            self.preview.addTopLevelItem(QTreeWidgetItem([f"… and {rest:,} more articles"]))
        if len(groups) <= 10:
            self.preview.expandAll()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        count = len(self.planned)
        ok.setText(f"Tag {count:,} match{'es' * (count != 1)}" if count else "Tag")
        ok.setEnabled(count > 0)

    def accept(self) -> None:
        try:
            self.created_spans = tag_all_matches(
                self.project,
                self.needle,
                self.label(),
                self.scope_ids(),
                case_sensitive=self.match_case.isChecked(),
                whole_words=self.whole_words.isChecked(),
            )
        except AnnotatorError as error:  # nothing was written; the dialog stays open to try again
            error_box(self, error, action="tag all matches")
            return
        super().accept()


def _summary(spans: int, articles: int, label: str) -> str:
    if not spans:
        return f"Nothing to tag: there is no occurrence that is not already tagged as {escaped(label)}."
    return (
        f"{spans:,} new {escaped(label)} span{'s' * (spans != 1)} in {articles:,} "
        f"article{'s' * (articles != 1)}. Occurrences you already tagged with this label are skipped."
    )
