"""Corpus search: a dock with a query box and the hits, each shown as its article title and a line of
context with the match emphasised.

Wiring in a window::

    dock = SearchDock(project, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hitActivated.connect(open_article_at)   # (document id, start, end) in code points
    QShortcut(QKeySequence("Ctrl+Shift+F"), window, dock.focus_query)
    dock.set_project(other_project)               # when another project is opened

Typing searches after a short pause; Enter searches at once; Down moves into the hits; a click or Enter
on a hit emits ``hitActivated``. Title hits carry (0, 0): open the article at its top. The query syntax
is described in ``annotator.domain.search`` and in the box's tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.domain.search import Snippet
from annotator.services.attribute_search import search_with_attributes
from annotator.services.project import Project
from annotator.services.search import Hit, HitKind, index_backlog
from annotator.ui.plain_text import escaped
from annotator.ui.search_model import HIT_ROLE, SearchResultsModel

SEARCH_DELAY_MS = 300
HIT_LIMIT = 200
QUERY_HELP = (
    "Words: every word must appear (any order, case ignored); a word also matches inside longer words.\n"
    '"Quoted phrase": the exact words in that order.\n'
    "Chinese is found by any part of a phrase. One- or two-letter words (AI, 5G) match whole words.\n"
    "Searches article titles and text, and span labels and notes.\n"
    "name=value keeps the spans whose attribute has that value (metric=revenue, audited=yes)."
)
# A warm highlight that reads on light and dark palettes alike, with dark text on it.
EMPHASIS = QColor("#ffd54f")
EMPHASIS_TEXT = QColor("#1a1a1a")
_PADDING = 6


class HitDelegate(QStyledItemDelegate):
    """Paints a hit in two lines: the title (bold), then the snippet with the match in a highlight.

    The snippet is cut on the left when needed so the match stays in view in a narrow dock.
    """

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, 2 * metrics.height() + 2 * _PADDING + 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, Hit):
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        rect: QRect = option.rect.adjusted(_PADDING, _PADDING, -_PADDING, -_PADDING)
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        painter.save()
        painter.setClipRect(option.rect)

        bold = QFont(font)
        bold.setBold(True)
        where = {HitKind.SPAN: f"  · {hit.label} span by {hit.annotator}", HitKind.TITLE: "  · in the title"}
        suffix = where.get(hit.kind, "")
        bold_metrics = QFontMetrics(bold)
        suffix_width = metrics.horizontalAdvance(suffix)
        title_width = max(rect.width() - suffix_width, rect.width() // 2)
        title = bold_metrics.elidedText(hit.title, Qt.TextElideMode.ElideRight, title_width)
        baseline = rect.top() + metrics.ascent()
        painter.setPen(text_colour)
        painter.setFont(bold)
        painter.drawText(rect.left(), baseline, title)
        if suffix:
            dim = QColor(text_colour)
            dim.setAlphaF(0.65)
            painter.setPen(dim)
            painter.setFont(font)
            left = rect.left() + bold_metrics.horizontalAdvance(title)
            painter.drawText(
                left, baseline, metrics.elidedText(suffix, Qt.TextElideMode.ElideRight, rect.right() - left)
            )

        painter.setFont(font)
        paint_snippet(
            painter, hit.snippet, rect.left(), baseline + metrics.height(), rect.width(), text_colour
        )
        painter.restore()


def paint_snippet(
    painter: QPainter, line: Snippet, left: int, baseline: int, width: int, text_colour: QColor
) -> None:
    """Draw ``line`` on one text line of ``width`` pixels with its match in a highlight, in the
    painter's current font."""
    metrics = QFontMetrics(painter.font())
    before, match, after = _fit(
        metrics,
        line.text[: line.emphasis_start],
        line.text[line.emphasis_start : line.emphasis_end],
        line.text[line.emphasis_end :],
        width,
    )
    painter.save()
    x = left
    painter.setPen(text_colour)
    painter.drawText(x, baseline, before)
    x += metrics.horizontalAdvance(before)
    match_width = metrics.horizontalAdvance(match)
    if match:
        box = QRect(x - 1, baseline - metrics.ascent() - 1, match_width + 2, metrics.height() + 1)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(EMPHASIS)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(EMPHASIS_TEXT)
        painter.drawText(x, baseline, match)
    x += match_width
    painter.setPen(text_colour)
    painter.drawText(x, baseline, after)
    painter.restore()


def _fit(metrics: QFontMetrics, before: str, match: str, after: str, width: int) -> tuple[str, str, str]:
    """Shorten the three parts of a snippet to ``width`` pixels, keeping the match in view: the text
    before it gets at most a third of the line when space is short, and the rest is cut with "…"."""
    advance = metrics.horizontalAdvance
    match = metrics.elidedText(match, Qt.TextElideMode.ElideMiddle, max(width * 2 // 3, 40))
    room = width - advance(match)
    if advance(before) + advance(after) <= room:
        return before, match, after
    before_room = max(room - advance(after), room // 3)
    before = metrics.elidedText(before, Qt.TextElideMode.ElideLeft, max(before_room, 0)) if before else ""
    after_room = room - advance(before)
    after = metrics.elidedText(after, Qt.TextElideMode.ElideRight, max(after_room, 0)) if after else ""
    return before, match, after


class SearchDock(QDockWidget):
    hitActivated = Signal(str, int, int)  # document id, start, end (code points; 0, 0 for title hits)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__("Search", parent)
        self.setObjectName("searchDock")
        self.project = project
        self._searched = ""

        self.query = QLineEdit()
        self.query.setPlaceholderText('Search all articles: words, "a phrase", or metric=revenue')
        self.query.setClearButtonEnabled(True)
        self.query.setToolTip(QUERY_HELP)
        self.status = QLabel(" ")
        self.status.setWordWrap(True)
        self.model = SearchResultsModel()
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setUniformItemSizes(True)  # every row is two lines: long lists scroll smoothly
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.query)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.setWidget(body)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.query.textChanged.connect(self._timer.start)
        self.query.installEventFilter(self)
        self.results.installEventFilter(self)
        self.results.clicked.connect(self._activate)

    # -- public API ---------------------------------------------------------------------------------------

    def set_project(self, project: Project) -> None:
        self.project = project
        self.model.set_hits([])
        self._searched = ""
        self.status.setText(" ")
        if self.query.text().strip():
            self.search()

    def focus_query(self) -> None:
        self.show()
        self.raise_()
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def search(self) -> int:
        """Search for the text in the box now; returns the number of hits listed."""
        self._timer.stop()
        query = self.query.text()
        self._searched = query
        if not query.strip():
            self.model.set_hits([])
            self.status.setText(" ")
            return 0
        try:
            hits = search_with_attributes(self.project, query, HIT_LIMIT)
        except AnnotatorError as error:  # the database is locked or unreadable: say so here, keep typing
            self.model.set_hits([])
            self.status.setText(f"<span style='color:#c62828'>Search failed: {escaped(str(error))}</span>")
            return 0
        self.model.set_hits(hits)
        waiting = index_backlog(self.project)
        if waiting:
            self.status.setText(
                f"{_summary(hits)} — the search index is catching up after an import: "
                f"{waiting:,} articles and spans are not searched yet"
            )
        else:
            self.status.setText(_summary(hits))
        if hits:
            self.results.setCurrentIndex(self.model.index(0, 0))
            self.results.scrollToTop()
        return len(hits)

    # -- events -------------------------------------------------------------------------------------------

    def _activate(self, index: QModelIndex) -> None:
        hit = self.model.hit(index.row()) if index.isValid() else None
        if hit is not None:
            self.hitActivated.emit(hit.document_id, hit.start, hit.end)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if watched is self.query:
                if enter:
                    if self.query.text() != self._searched or self._timer.isActive():
                        self.search()
                    elif self.model.rowCount():
                        self._activate(self.results.currentIndex())
                    return True
                if key == Qt.Key.Key_Down and self.model.rowCount():
                    self.results.setFocus(Qt.FocusReason.OtherFocusReason)
                    if not self.results.currentIndex().isValid():
                        self.results.setCurrentIndex(self.model.index(0, 0))
                    return True
            elif watched is self.results:
                if enter:
                    self._activate(self.results.currentIndex())
                    return True
                if key == Qt.Key.Key_Up and self.results.currentIndex().row() <= 0:
                    self.query.setFocus(Qt.FocusReason.OtherFocusReason)
                    return True
        return super().eventFilter(watched, event)


def _summary(hits: list[Hit]) -> str:
    if not hits:
        return "No hits"
    in_text = [hit for hit in hits if hit.kind is not HitKind.SPAN]
    spans = len(hits) - len(in_text)
    articles = len({hit.document_id for hit in in_text})
    parts = []
    if in_text:
        parts.append(
            f"{len(in_text):,} hit{'s' * (len(in_text) != 1)} in {articles:,} article{'s' * (articles != 1)}"
        )
    if spans:
        parts.append(f"{spans:,} span{'s' * (spans != 1)}")
    more = (
        " (the first shown; add words to narrow)" if len(in_text) >= HIT_LIMIT or spans >= HIT_LIMIT else ""
    )
    return " · ".join(parts) + more
