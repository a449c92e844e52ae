"""The curation view's Relations, attributes and labels tab: every annotator's readings of the article's
relations, attribute values and document labels, grouped by kind, each with who gave it, how many of the
article's annotators agree, and whether gold has it. Enter (or G) takes the selected reading into gold,
with its annotator as the provenance, as one undo step on the main window's history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from annotator.services import structure_curation
from annotator.services.project import Project
from annotator.services.structure_curation import ReadingKind, StructureCuration, StructureReading
from annotator.services.structure_review import GoldRelation
from annotator.ui.commands import ChangeSink
from annotator.ui.plain_text import plain_label
from annotator.ui.structure_commands import GoldEditCommand, GoldRelationCommand
from annotator.ui.undo_history import UndoHistory

COLUMNS = ("Reading", "Value", "Annotators", "Agree", "Gold")
SECTIONS = (
    (ReadingKind.RELATION, "Relations"),
    (ReadingKind.ATTRIBUTE, "Attributes"),
    (ReadingKind.LABELS, "Document labels"),
)
READING_ROLE = Qt.ItemDataRole.UserRole


class _GoldSink:
    """What the gold undo commands tell: the main window shows the gold layer again."""

    def __init__(self, sink: ChangeSink) -> None:
        self.sink = sink

    @property
    def project(self) -> Project:
        return self.sink.project

    def structure_changed(self, document_id: str) -> None:
        self.sink.gold_changed(document_id)

    def command_failed(self, error: Exception, action: str) -> None:
        self.sink.command_failed(error, action)


class StructureCurationSection(QWidget):
    def __init__(self, sink: ChangeSink, history: UndoHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sink = sink
        self.gold_sink = _GoldSink(sink)
        self.history = history
        self.document_id: str | None = None
        self.shown: StructureCuration | None = None
        self.tree = QTreeWidget()
        self.tree.setObjectName("curation-structure")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.itemActivated.connect(lambda _item, _column: self.take())
        self.take_button = QPushButton("Take into gold (Enter / G)")
        self.take_button.clicked.connect(self.take)
        self.message = plain_label()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.take_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.message)
        shortcut = QShortcut(QKeySequence("G"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.take)

    def show_document(self, document_id: str | None) -> None:
        self.document_id = document_id
        self.refresh()

    def refresh(self) -> None:
        """Read every annotator's readings again, keeping the selected one selected."""
        if self.document_id is None:
            self.tree.clear()
            return
        selected = self.current()
        self.shown = structure_curation.curate_structure(self.sink.project, self.document_id)
        self.tree.clear()
        chosen: QTreeWidgetItem | None = None
        for kind, title in SECTIONS:
            readings = self.shown.of_kind(kind)
            agreed = sum(1 for r in readings if len(r.annotators) == r.total)
            group = QTreeWidgetItem([f"{title}: {len(readings)} reading(s), {agreed} agreed by everyone"])
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            self.tree.addTopLevelItem(group)
            for found in readings:
                item = QTreeWidgetItem(
                    [
                        found.subject,
                        found.value,
                        ", ".join(found.annotators),
                        found.agreement,
                        "✓" if found.in_gold else "",
                    ]
                )
                item.setData(0, READING_ROLE, found)
                if found.in_gold:
                    for column in range(len(COLUMNS)):
                        item.setForeground(column, QBrush(QColor("gray")))
                group.addChild(item)
                if selected is not None and _same(found, selected):
                    chosen = item
            group.setExpanded(True)
        first = (
            chosen
            or next((item for item in self._items() if not item.data(0, READING_ROLE).in_gold), None)
            or next(iter(self._items()), None)
        )
        if first is not None:
            self.tree.setCurrentItem(first)

    def _items(self) -> list[QTreeWidgetItem]:
        items = []
        for n in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(n)
            if group is not None:
                items += [child for i in range(group.childCount()) if (child := group.child(i)) is not None]
        return items

    def current(self) -> StructureReading | None:
        item = self.tree.currentItem()
        found = item.data(0, READING_ROLE) if item is not None else None
        return found if isinstance(found, StructureReading) else None

    def take(self) -> None:
        chosen, document_id = self.current(), self.document_id
        if chosen is None or document_id is None:
            return
        action = f"take {chosen.layer}'s {chosen.kind.value} into gold"
        try:
            taken = structure_curation.take_structure_reading(self.sink.project, document_id, chosen)
        except Exception as error:  # shown in one place, by the window
            self.message.setText(f"Not taken: {error}")
            self.sink.command_failed(error, action)
            return
        if isinstance(taken, GoldRelation):
            self.history.stack.push(GoldRelationCommand(self.gold_sink, taken))
        else:
            self.history.stack.push(GoldEditCommand(self.gold_sink, taken))
        self.sink.gold_changed(document_id)
        self.message.setText(f"Done: {chosen.subject} {chosen.value} taken into gold from {chosen.layer}.")
        self.refresh()


def _same(a: StructureReading, b: StructureReading) -> bool:
    return (a.kind, a.subject, a.value) == (b.kind, b.subject, b.value)
