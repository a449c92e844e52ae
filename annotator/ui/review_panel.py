"""The review panel: which two layers to compare, how they differ, and the reviewer's decisions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.layer_diff import Agreement, Disagreement
from annotator.ui.review_marks import CURRENT, MARK_SHAPES

REVIEW_TITLES = {"not_reviewed": "Not reviewed", "in_review": "In review", "reviewed": "Reviewed"}


def describe(spans: tuple[object, ...]) -> str:
    if not spans:
        return "—"
    return "; ".join(f"{s.label} “{s.text[:40]}”" for s in spans)  # type: ignore[attr-defined]


class ReviewPanel(QWidget):
    layersChosen = Signal(str, str)  # left layer, right layer
    disagreementChosen = Signal(int)  # row
    acceptLeft = Signal()
    acceptRight = Signal()
    rejectBoth = Signal()
    autoAcceptRequested = Signal()
    reviewStatusChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left_layer = QComboBox()
        self.right_layer = QComboBox()
        for combo in (self.left_layer, self.right_layer):
            combo.activated.connect(lambda _row: self._layers_changed())
        self.review_status = QComboBox()
        for value, title in REVIEW_TITLES.items():
            self.review_status.addItem(title, value)
        self.review_status.activated.connect(
            lambda row: self.reviewStatusChosen.emit(self.review_status.itemData(row))
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._row_changed)
        self.accept_left_button = QPushButton("Accept left (A)")
        self.accept_right_button = QPushButton("Accept right (B)")
        self.reject_button = QPushButton("Reject both (R)")
        self.auto_button = QPushButton("Auto-accept agreed…")
        self.auto_button.setToolTip("Accept in one step every span that enough annotators tagged exactly")
        self.accept_left_button.clicked.connect(self.acceptLeft)
        self.accept_right_button.clicked.connect(self.acceptRight)
        self.reject_button.clicked.connect(self.rejectBoth)
        self.auto_button.clicked.connect(self.autoAcceptRequested)

        form = QFormLayout()
        form.addRow("Left pane", self.left_layer)
        form.addRow("Right pane", self.right_layer)
        form.addRow("Article", self.review_status)
        legend = QGridLayout()
        # The shapes the gutter beside the text draws (colour helps, the shape says it).
        entries = [(glyph, colour, mark.display_name) for mark, (glyph, colour) in MARK_SHAPES.items()]
        entries.append((CURRENT, "palette(text)", "Current place (outlined)"))
        for n, (glyph, colour, name) in enumerate(entries):
            sample = QLabel(f"<span style='color:{colour}; font-weight:bold'>{glyph}</span> {name}")
            legend.addWidget(sample, n // 2, n % 2)
        decisions = QHBoxLayout()
        decisions.addWidget(self.accept_left_button)
        decisions.addWidget(self.accept_right_button)
        decisions.addWidget(self.reject_button)
        hint = QLabel(
            "N / P: next / previous undecided place. To decide otherwise, select text in a pane and press a "
            "label key: it goes to the gold layer in place of both sides."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(dark); font-size: 9pt;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(form)
        layout.addLayout(legend)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(decisions)
        layout.addWidget(self.auto_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(hint)

    def set_layer_choices(self, names: list[str], left: str, right: str) -> None:
        for combo, current in ((self.left_layer, left), (self.right_layer, right)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            combo.setCurrentText(current)
            combo.blockSignals(False)

    def _layers_changed(self) -> None:
        self.layersChosen.emit(self.left_layer.currentText(), self.right_layer.currentText())

    def show_disagreements(self, found: list[Disagreement], decided: list[bool], keep_row: int = 0) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for item, done in zip(found, decided, strict=True):
            mark = "✓ " if done else ""
            text = (
                f"{mark}{item.kind.display_name} · [{item.start}–{item.end})\n"
                f"  left: {describe(item.left)}\n  right: {describe(item.right)}"
            )
            row = QListWidgetItem(text)
            if done:
                row.setForeground(Qt.GlobalColor.gray)
            row.setData(Qt.ItemDataRole.UserRole, done)
            self.list.addItem(row)
        self.list.blockSignals(False)
        counts = {
            kind: sum(1 for d in found if d.kind is kind)
            for kind in Agreement
            if kind is not Agreement.AGREED
        }
        open_count = decided.count(False)
        self.summary.setText(
            f"<b>{len(found)}</b> places differ ({open_count} undecided): "
            + ", ".join(f"{n} {kind.display_name.lower()}" for kind, n in counts.items())
        )
        if found:
            self.list.setCurrentRow(min(keep_row, len(found) - 1))

    def set_review_status(self, status: str) -> None:
        self.review_status.setCurrentIndex(self.review_status.findData(status))

    def step(self, direction: int) -> bool:
        """Move to the next (1) or previous (-1) undecided place; False when there is none."""
        count = self.list.count()
        row = self.list.currentRow()
        for offset in range(1, count + 1):
            candidate = (row + direction * offset) % count
            if not self.list.item(candidate).data(Qt.ItemDataRole.UserRole):
                self.list.setCurrentRow(candidate)
                return True
        return False

    def _row_changed(self, row: int) -> None:
        if row >= 0:
            self.disagreementChosen.emit(row)
