"""The label editor's Relation types tab: name, colour, key, direction, and which labels may be the source
and the target (none ticked: any label). A rename keeps the type's relations; a deletion takes them along
and one undo brings them back."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
)

from annotator.domain.structure import RelationType
from annotator.services import labels as label_service
from annotator.services import structure
from annotator.services import structure_editing as editing
from annotator.services.structure_editing import DeletedRelationType
from annotator.ui.schema_part_editor import SchemaPartEditor

DIRECTIONS = (("Directed: from the source to the target", True), ("Symmetric: either order", False))


class LabelChecklist(QListWidget):
    """Labels with a tick each (Space ticks the current one); the ticked names, in palette order."""

    def set_labels(self, names: list[str], ticked: tuple[str, ...]) -> None:
        self.clear()
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in ticked else Qt.CheckState.Unchecked)
            self.addItem(item)
        if self.count():  # the cursor for Space, without a selection that looks like a tick
            self.setCurrentRow(0, QItemSelectionModel.SelectionFlag.NoUpdate)

    def ticked(self) -> tuple[str, ...]:
        return tuple(
            item.text()
            for row in range(self.count())
            if (item := self.item(row)) is not None and item.checkState() == Qt.CheckState.Checked
        )


class RelationTypeEditor(SchemaPartEditor[RelationType]):
    part_name = "relation type"

    def build_form(self, form: QFormLayout) -> None:
        self.colour_edit = QLineEdit()
        self.colour_edit.setPlaceholderText("#rrggbb")
        self.colour_edit.setMaximumWidth(110)
        self.colour_button = QPushButton("Choose…")
        self.colour_button.setToolTip("Choose the arc colour")
        self.colour_button.clicked.connect(self.choose_colour)
        self.colour_edit.textChanged.connect(self._show_swatch)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour_edit)
        colour_row.addWidget(self.colour_button)
        colour_row.addStretch(1)
        self.hotkey_edit = QLineEdit()
        self.hotkey_edit.setMaxLength(1)
        self.hotkey_edit.setMaximumWidth(50)
        self.hotkey_edit.setToolTip("The key that picks this type when making a relation")
        self.direction = QComboBox()
        for text, directed in DIRECTIONS:
            self.direction.addItem(text, directed)
        self.sources = LabelChecklist()
        self.sources.setObjectName("relation-sources")
        self.targets = LabelChecklist()
        self.targets.setObjectName("relation-targets")
        form.addRow("&Colour:", colour_row)
        caption = form.labelForField(colour_row)
        if isinstance(caption, QLabel):
            caption.setBuddy(self.colour_edit)
        form.addRow("&Hotkey:", self.hotkey_edit)
        form.addRow("Dir&ection:", self.direction)
        form.addRow("So&urce labels:", self.sources)
        form.addRow("Tar&get labels:", self.targets)
        hint = QLabel("Tick none to allow any label. Space ticks the label under the cursor.")
        hint.setWordWrap(True)
        form.addRow("", hint)

    def parts(self) -> list[RelationType]:
        self.label_names = [label.name for label in label_service.list_labels(self.project)]
        return structure.structure_schema(self.project).relation_types

    def fill_form(self, part: RelationType) -> None:
        self.colour_edit.setText(part.colour)
        self.hotkey_edit.setText(part.hotkey)
        self.direction.setCurrentIndex(0 if part.directed else 1)
        self.sources.set_labels(self.label_names, part.source_labels)
        self.targets.set_labels(self.label_names, part.target_labels)

    def edited(self, seen: RelationType) -> RelationType:
        return RelationType(
            name=self.name_edit.text().strip(),
            colour=self.colour_edit.text().strip(),
            directed=bool(self.direction.currentData()),
            hotkey=self.hotkey_edit.text().strip(),
            source_labels=self.sources.ticked(),
            target_labels=self.targets.ticked(),
            position=seen.position,
        )

    def icon(self, part: RelationType) -> QIcon | None:
        return _swatch(part.colour)

    def new_part(self, name: str) -> RelationType:
        return RelationType(name=name)

    def save(self, part: RelationType, seen: RelationType | None) -> None:
        editing.save_relation_type(self.project, part, seen=seen)

    def delete(self, seen: RelationType) -> DeletedRelationType:
        return editing.delete_relation_type(self.project, seen)

    def recorded_with(self, seen: RelationType) -> str:
        count = editing.recorded_with(self.project, seen)
        return f"its {count} relation(s)" if count else ""

    def choose_colour(self) -> None:
        colour = self.ask_colour(QColor(self.colour_edit.text()))
        if colour is not None:
            self.colour_edit.setText(colour.name())

    def ask_colour(self, current: QColor) -> QColor | None:
        colour = QColorDialog.getColor(
            current, self, "Relation colour", QColorDialog.ColorDialogOption.DontUseNativeDialog
        )
        return colour if colour.isValid() else None

    def _show_swatch(self, text: str) -> None:
        self.colour_button.setIcon(_swatch(text))


def _swatch(text: str) -> QIcon:
    colour = QColor(text)
    pixmap = QPixmap(14, 14)
    pixmap.fill(colour if colour.isValid() else QColor(0, 0, 0, 0))
    return QIcon(pixmap)
