"""Ctrl+F inside an article: a small bar with a search box, next/previous, a match count and a case toggle.

The bar searches the article shown by an ``ArticleView`` (``set_view``) and selects each match there with
``select_range``, in code points, like every offset outside the view. Wiring in a window::

    bar = FindBar(parent)                        # usually placed under the article panes
    bar.set_view(active_view)                    # again whenever another pane becomes active
    QShortcut(QKeySequence.StandardKey.Find, window, bar.open_bar)
    QShortcut(QKeySequence.StandardKey.FindNext, window, bar.find_next)
    QShortcut(QKeySequence.StandardKey.FindPrevious, window, bar.find_previous)

In the box, Enter goes to the next match, Shift+Enter to the previous one, and Escape closes the bar and
gives the focus back to the article. When the view shows another article the matches are found again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from annotator.domain.search import find_in_text
from annotator.ui.article_view import ArticleView

# Longer selections are not used to fill the box when the bar opens: they are rarely meant as a query.
_LONGEST_PREFILL = 200


class FindBar(QWidget):
    matchSelected = Signal(int, int)  # start, end (code points) of the match just selected
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: ArticleView | None = None
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        self._found_for: tuple[str | None, str, str, bool] | None = None
        self._origin = 0  # where the search started: the first match at or after it is selected

        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(220)
        self.edit.installEventFilter(self)
        self.previous_button = self._button("▲", "Previous match (Shift+Enter)", self.find_previous)
        self.next_button = self._button("▼", "Next match (Enter)", self.find_next)
        self.case_button = self._button("Aa", "Match case", self._search_again)
        self.case_button.setCheckable(True)
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance("0,000 of 0,000"))
        self.close_button = self._button("✕", "Close (Escape)", self.close_bar)
        self.close_button.setAutoRaise(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        for widget in (self.previous_button, self.next_button, self.case_button, self.count_label):
            layout.addWidget(widget)
        layout.addStretch(0)
        layout.addWidget(self.close_button)
        self.edit.textChanged.connect(self._search_again)
        self.hide()

    def _button(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep typing in the box after a click
        button.clicked.connect(slot)
        return button

    # -- public API ---------------------------------------------------------------------------------------

    def set_view(self, view: ArticleView | None) -> None:
        """Search this view from now on (the active pane)."""
        self.view = view
        self._found_for = None
        if self.isVisible():
            self._search_again()

    def open_bar(self) -> None:
        """Show the bar with the focus in the box; a short one-line selection becomes the query."""
        if self.view is not None:
            selected = self.view.selected_range()
            if selected is not None:
                self._origin = selected[0]
                text = self.view.document_record.text if self.view.document_record else ""
                chosen = text[selected[0] : selected[1]]
                if chosen.strip() and "\n" not in chosen and len(chosen) <= _LONGEST_PREFILL:
                    self.edit.setText(chosen)
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self._search_again()

    def close_bar(self) -> None:
        self.hide()
        if self.view is not None:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def refresh(self) -> None:
        """Find the matches again (the article or its text changed)."""
        self._found_for = None
        self._search_again()

    # -- searching ----------------------------------------------------------------------------------------

    def _key(self) -> tuple[str | None, str, str, bool]:
        record = self.view.document_record if self.view is not None else None
        text = record.text if record is not None else ""
        return (record.id if record else None, text, self.edit.text(), self.case_button.isChecked())

    def _search_again(self) -> None:
        key = self._key()
        _, text, needle, case_sensitive = key
        self.matches = find_in_text(text, needle, case_sensitive=case_sensitive)
        self._found_for = key
        self.current = -1
        if self.matches:
            after = [i for i, (start, _) in enumerate(self.matches) if start >= self._origin]
            self._select(after[0] if after else 0)
        self._show_count()

    def _step(self, step: int) -> None:
        if self._found_for != self._key():
            self._search_again()
            if self.current >= 0 and step > 0:
                return  # the first match is already selected
        if not self.matches:
            return
        self._select((self.current + step) % len(self.matches))

    def _select(self, number: int) -> None:
        self.current = number
        start, end = self.matches[number]
        self._origin = start
        if self.view is not None:
            self.view.select_range(start, end)
            self.view.ensureCursorVisible()
        self._show_count()
        self.matchSelected.emit(start, end)

    def _show_count(self) -> None:
        if not self.edit.text():
            self.count_label.setText("")
        elif not self.matches:
            self.count_label.setText("No matches")
        else:
            self.count_label.setText(f"{self.current + 1:,} of {len(self.matches):,}")
        self.count_label.setEnabled(bool(self.matches))
        self.previous_button.setEnabled(len(self.matches) > 0)
        self.next_button.setEnabled(len(self.matches) > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.find_previous()
                else:
                    self.find_next()
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
