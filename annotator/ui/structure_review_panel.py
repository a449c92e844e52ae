"""Review mode's list of differences in relations, attributes and document labels between the two
layers shown, with buttons that take the selected one's side into the gold layer."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QPushButton, QVBoxLayout, QWidget

from annotator.domain.structure_diff import AttributeDifference, LabelDifference, RelationDifference
from annotator.services.structure_review import StructureDifferences

Difference = RelationDifference | AttributeDifference | LabelDifference
_MATCH_WORDS = {"only": "only in", "type": "another type in", "endpoints": "other ends in"}


def describe(item: Difference, left: str, right: str, text: str) -> str:
    """One line a reviewer reads: what differs and how each side has it."""

    def shown(start: int, end: int) -> str:
        piece = text[start:end]
        return piece if len(piece) <= 24 else piece[:23] + "…"

    if isinstance(item, RelationDifference):
        relation = item.relation
        side = left if item.side == "left" else right
        return (
            f"relation {relation.type} '{shown(*relation.source[:2])}' → '{shown(*relation.target[:2])}': "
            f"{_MATCH_WORDS[item.match.value]} {side}"
        )
    if isinstance(item, AttributeDifference):
        return (
            f"{item.span[2]}.{item.name} on '{shown(*item.span[:2])}': {left} {_value(item.left)} · "
            f"{right} {_value(item.right)}"
        )
    return f"{item.label_set}: {left} {', '.join(item.left) or '—'} · {right} {', '.join(item.right) or '—'}"


def _value(value: object) -> str:
    return "—" if value is None else str(value)


class StructureReviewPanel(QWidget):
    takeRequested = Signal(object, str)  # the difference, "left" or "right"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.items: list[Difference] = []
        self.take_left = QPushButton("Take left into gold")
        self.take_right = QPushButton("Take right into gold")
        self.take_left.clicked.connect(lambda: self._take("left"))
        self.take_right.clicked.connect(lambda: self._take("right"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.take_left)
        buttons.addWidget(self.take_right)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def show_differences(self, found: StructureDifferences, left: str, right: str, text: str) -> None:
        row = max(self.list.currentRow(), 0)
        self.items = [*found.relations, *found.attributes, *found.labels]
        self.list.clear()
        for item in self.items:
            self.list.addItem(describe(item, left, right, text))  # list items show their text as it is
        if self.items:
            self.list.setCurrentRow(min(row, len(self.items) - 1))

    def current(self) -> Difference | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _take(self, side: str) -> None:
        item = self.current()
        if item is not None:
            self.takeRequested.emit(item, side)
