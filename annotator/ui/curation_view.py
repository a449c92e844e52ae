"""The curation view: one article, every annotator's spans at each place, one key to take a reading.

A window of its own beside the main one. The places of the article are listed with how many annotators
agree at each; the current place shows the gold layer and every annotator's spans over the same text,
its readings (numbered, best supported first) and the gold layer's provenance there. Decisions go
through ``services.curation`` and land on the main window's undo stack as review mode's do.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.curation import Place, step
from annotator.domain.errors import NotFoundError
from annotator.services import curation, reading
from annotator.services.adjudication import Decision
from annotator.services.curation import Curation
from annotator.ui.commands import ChangeSink, GoldDecisionCommand
from annotator.ui.curation_place import place_html, provenance_text
from annotator.ui.plain_text import plain_label
from annotator.ui.structure_curation_section import StructureCurationSection
from annotator.ui.undo_history import UndoHistory

HINT = (
    "N / P: next / previous undecided disagreement · 1–9: take that reading into gold (its alternatives "
    "are rejected) · Enter: take the selected reading · R: reject every reading here · U: accept what "
    "everyone agrees on · Ctrl+Left / Ctrl+Right: previous / next article · Ctrl+Z: undo · Alt+L / Alt+S: "
    "relations, attributes and labels / spans"
)


class CurationView(QWidget):
    def __init__(
        self,
        sink: ChangeSink,
        history: UndoHistory,
        article_ids: Callable[[], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Curation")
        self.setObjectName("curation-view")
        self.sink = sink
        self.history = history
        self.article_ids = article_ids
        self.document_id: str | None = None
        self.project = sink.project  # the one its article belongs to: the window may open another
        self.shown: Curation | None = None
        self.colours: dict[str, str] = {}
        self.text = ""

        self.title = plain_label()
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.title.setWordWrap(True)  # a long title wraps rather than widening the window
        self.summary = plain_label()
        self.places = QListWidget()
        self.places.setObjectName("curation-places")
        self.places.setWordWrap(True)
        self.places.setSpacing(3)
        self.places.currentRowChanged.connect(self._show_place)
        self.detail = QTextBrowser()
        self.detail.setObjectName("curation-place")
        self.detail.setOpenLinks(False)
        self.readings = QListWidget()
        self.readings.setObjectName("curation-readings")
        self.readings.itemDoubleClicked.connect(lambda item: self.take(self.readings.row(item)))
        self.readings.setSpacing(2)
        self.provenance = plain_label()
        self.provenance.setWordWrap(True)
        self.provenance.setObjectName("curation-provenance")
        self.provenance.setFrameShape(QFrame.Shape.StyledPanel)
        self.provenance.setMargin(6)
        self.message = plain_label()
        self.message.setStyleSheet("color: palette(dark);")
        hint = plain_label(HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(dark); font-size: 9pt;")

        buttons = QHBoxLayout()
        for text, slot in (
            ("◀ Previous article", lambda: self.step_article(-1)),
            ("Next article ▶", lambda: self.step_article(1)),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.span_buttons: list[QPushButton] = []  # shown with the spans tab only
        for text, slot in (
            ("Take reading (Enter)", lambda: self.take()),
            ("Reject all here (R)", self.reject_all),
            ("Accept unanimous (U)", self.accept_unanimous),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.span_buttons.append(button)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(
            plain_label("Readings here, best supported first (press the number to take one):")
        )
        lower_layout.addWidget(self.readings, 1)
        lower_layout.addWidget(self.provenance)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.detail)
        right.addWidget(lower)
        right.setSizes([420, 220])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.places)
        splitter.addWidget(right)
        splitter.setSizes([330, 770])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        self.structure = StructureCurationSection(sink, history)
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, "&Spans")
        self.tabs.addTab(self.structure, "Re&lations, attributes and labels")
        self.tabs.currentChanged.connect(self._tab_shown)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(hint)
        self._add_keys()
        history.stack.indexChanged.connect(self._history_moved)
        if parent is not None:
            parent.installEventFilter(self)  # closes with the main window
        self.resize(1100, 720)

    def _add_keys(self) -> None:
        keys: list[tuple[str, Callable[[], object]]] = [
            ("N", lambda: self.step(1)),
            ("P", lambda: self.step(-1)),
            ("R", self.reject_all),
            ("U", self.accept_unanimous),
            ("Return", self.take),
            ("Enter", self.take),
            ("Ctrl+Left", lambda: self.step_article(-1)),
            ("Ctrl+Right", lambda: self.step_article(1)),
            ("Ctrl+Z", self.history.undo),
            ("Ctrl+Shift+Z", self.history.redo),
            ("Ctrl+Y", self.history.redo),
            ("Esc", self.close),
        ]
        keys += [(str(n), partial(self.take, n - 1)) for n in range(1, 10)]
        self.span_keys: list[QShortcut] = []  # the spans tab's own keys, off on the other tab
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(slot)
            if not key.startswith(("Ctrl", "Esc")):
                self.span_keys.append(shortcut)

    def _tab_shown(self, index: int) -> None:
        for shortcut in self.span_keys:
            shortcut.setEnabled(index == 0)
        for button in self.span_buttons:
            button.setVisible(index == 0)
        if index == 1:
            self.structure.show_document(self.document_id)
            self.structure.tree.setFocus()

    # -- showing ----------------------------------------------------------------------------------------

    def open(self, document_id: str) -> None:
        self.document_id = document_id
        self.project = self.sink.project
        self.colours = {label.name: label.colour for label in reading.list_labels(self.sink.project)}
        self.title.setText(reading.document_summary(self.sink.project, document_id).title)
        self.refresh()
        self.step(1, quiet=True, from_row=-1)

    def refresh(self) -> None:
        """Read the article's places again (after a decision, an undo, or a change elsewhere)."""
        if self.document_id is None or not self.isVisible():
            return
        if self.sink.project is not self.project:  # the window opened another project
            self.close()
            return
        row = max(self.places.currentRow(), 0)
        try:
            self.text = reading.load_document(self.sink.project, self.document_id).text
        except NotFoundError:  # another project was opened, or the article was deleted
            self.document_id = None
            self.close()
            return
        self.shown = curation.curate(self.sink.project, self.document_id)
        shown = self.shown
        self.summary.setText(
            f"{len(shown.annotators)} annotators ({', '.join(shown.annotators) or 'none yet'}) · "
            f"{len(shown.places)} places · {shown.disagreements} disagreements, {shown.open} undecided"
        )
        rows = [_place_row(place, done) for place, done in zip(shown.places, shown.decided, strict=True)]
        self.places.blockSignals(True)
        if self.places.count() == len(rows):
            # The usual case (a decision, an undo): the same places, a mark or two changed. Rebuilding a
            # long article's thousands of rows took longer than reading them.
            for n, (text, quiet) in enumerate(rows):
                item = self.places.item(n)
                if item.text() != text:
                    item.setText(text)
                    _show_quiet(item, quiet)
        else:
            self.places.clear()
            for text, quiet in rows:
                item = QListWidgetItem(text)
                _show_quiet(item, quiet)
                self.places.addItem(item)
        self.places.blockSignals(False)
        if shown.places:
            self.places.setCurrentRow(min(row, len(shown.places) - 1))
        self._show_place(self.places.currentRow())
        if self.tabs.currentIndex() == 1:
            self.structure.show_document(self.document_id)

    def current(self) -> Place | None:
        row = self.places.currentRow()
        return self.shown.places[row] if self.shown and 0 <= row < len(self.shown.places) else None

    def _show_place(self, row: int) -> None:
        place = self.current()
        self.readings.clear()
        if place is None or self.shown is None:
            self.detail.setHtml("<p>No annotator has tagged anything in this article.</p>")
            self.provenance.setText("")
            return
        gold = place.gold(self.shown.gold)
        self.detail.setHtml(place_html(self.text, place, self.shown.gold, self.colours))
        everyone = len(place.annotators)
        for n, candidate in enumerate(place.readings, 1):
            names = ", ".join(candidate.annotators)
            state = self.shown.state(candidate.key)
            item = QListWidgetItem(
                f"{n}   {candidate.label} “{_short(candidate.text)}” [{candidate.start}–{candidate.end})"
                f"   {len(candidate.annotators)} of {everyone}: {names}"
                + ("" if state == "open" else f"   · {state}")
            )
            item.setIcon(_swatch(self.colours.get(candidate.label, "#9e9e9e")))
            self.readings.addItem(item)
        self.readings.setCurrentRow(0)
        self.provenance.setText(provenance_text(gold))

    # -- the queue --------------------------------------------------------------------------------------

    def step(self, direction: int, *, quiet: bool = False, from_row: int | None = None) -> None:
        if self.shown is None or not self.shown.places:
            return
        current = self.places.currentRow() if from_row is None else from_row
        found = step(list(zip(self.shown.places, self.shown.decided, strict=True)), current, direction)
        if found is not None:
            self.places.setCurrentRow(found)
        elif not quiet:
            self.message.setText(
                "Every disagreement in this article is decided. Ctrl+Right opens the next article."
            )

    def step_article(self, direction: int) -> None:
        ids = self.article_ids()
        if not ids:
            return
        position = ids.index(self.document_id) if self.document_id in ids else -1
        self.open(ids[(position + direction) % len(ids)])

    # -- deciding ---------------------------------------------------------------------------------------

    def take(self, index: int | None = None) -> None:
        place = self.current()
        if place is None:
            return
        index = self.readings.currentRow() if index is None else index
        if not 0 <= index < len(place.readings):
            return
        chosen = place.readings[index]
        self._decide(
            lambda: curation.take_reading(self.sink.project, place, index),
            f"take {chosen.label} '{_short(chosen.text)}' into gold",
        )

    def reject_all(self) -> None:
        place = self.current()
        if place is not None:
            self._decide(
                lambda: curation.reject_place(self.sink.project, place),
                f"reject every reading at [{place.start}–{place.end})",
            )

    def accept_unanimous(self) -> None:
        shown = self.shown
        if shown is None:
            return

        def accept() -> Decision:
            report = curation.accept_unanimous(self.sink.project, shown)
            return Decision(report.accepted, [])

        self._decide(accept, "accept what every annotator agrees on")

    def _decide(self, run: Callable[[], Decision], text: str) -> None:
        document_id = self.document_id
        if document_id is None:
            return
        row = self.places.currentRow()
        try:
            decision = run()
        except Exception as error:  # shown in one place, by the window
            self.sink.command_failed(error, text)
            self.refresh()
            return
        if decision.gold or decision.rejected:
            self.history.stack.push(GoldDecisionCommand(self.sink, decision, text))
            self.sink.gold_changed(document_id)
        self.message.setText(_said(text, decision))
        self.places.setCurrentRow(row)
        self.step(1, quiet=True)

    def _history_moved(self, _index: int) -> None:
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        # Coming back to the view shows what is stored now (review mode or another program may have
        # decided meanwhile), and closes it if the window has opened another project.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.close()
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        self.document_id = None  # no refreshing while closed
        super().closeEvent(event)


def _place_row(place: Place, done: bool) -> tuple[str, bool]:
    """A place's row in the list, and whether it is quiet (nothing left to decide there)."""
    mark = "✓" if done else ("=" if place.unanimous else "●")
    best = place.readings[0]
    others = f"  (+{len(place.readings) - 1} other)" if len(place.readings) > 1 else ""
    text = f"{mark} {place.agreeing} of {len(place.annotators)} agree · {best.label} “{_short(best.text)}”"
    return text + others, done or place.unanimous


def _show_quiet(item: QListWidgetItem, quiet: bool) -> None:
    """Grey for a place with nothing left to decide; the palette's own colour (no override) otherwise."""
    item.setData(Qt.ItemDataRole.ForegroundRole, QBrush(QColor("gray")) if quiet else None)


def _said(text: str, decision: Decision) -> str:
    added, rejected = len(decision.gold), len(decision.rejected)
    return f"Done: {text} ({added} gold span(s) added, {rejected} reading(s) rejected)."


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def open_curation(
    view: CurationView | None,
    sink: ChangeSink,
    history: UndoHistory,
    article_ids: Callable[[], list[str]],
    document_id: str | None,
    parent: QWidget,
) -> CurationView:
    """Show the curation view (made on first use) on ``document_id``, else on the first article."""
    if view is None:
        view = CurationView(sink, history, article_ids, parent)
    ids = article_ids()
    target = document_id or view.document_id or (ids[0] if ids else None)
    view.show()
    if target is not None:
        view.open(target)
    view.raise_()
    view.activateWindow()
    return view
