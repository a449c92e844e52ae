"""The label editor's Attributes tab: the attributes a label's spans may carry (a choice from a list,
yes/no, a number, free text, or a link to the entity list). The label is chosen above the list; a rename
keeps the values spans already have, a deletion takes them along and one undo brings them back."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout

from annotator.domain.structure import AttributeDefinition, AttributeKind
from annotator.services import labels as label_service
from annotator.services import structure
from annotator.services import structure_editing as editing
from annotator.services.structure_editing import DeletedAttribute
from annotator.ui.schema_part_editor import SchemaPartEditor

KINDS = (
    ("A choice from a list", AttributeKind.CHOICE),
    ("Yes / no", AttributeKind.BOOLEAN),
    ("A number", AttributeKind.NUMBER),
    ("Free text", AttributeKind.TEXT),
    ("A link to the entity list", AttributeKind.ENTITY),
)


def choice_lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class AttributeEditor(SchemaPartEditor[AttributeDefinition]):
    part_name = "attribute"

    def add_header(self, layout: QVBoxLayout) -> None:
        self.label_combo = QComboBox()
        self.label_combo.setObjectName("attribute-label")
        caption = QLabel("Attributes of the label (&W):")
        caption.setBuddy(self.label_combo)
        layout.addWidget(caption)
        layout.addWidget(self.label_combo)
        self.label_combo.currentIndexChanged.connect(lambda _index: self.refresh())

    def build_form(self, form: QFormLayout) -> None:
        self.kind_combo = QComboBox()
        for text, kind in KINDS:
            self.kind_combo.addItem(text, kind)
        self.kind_combo.currentIndexChanged.connect(self._kind_shown)
        self.choices_edit = QPlainTextEdit()
        self.choices_edit.setPlaceholderText("One choice per line")
        self.choices_edit.setTabChangesFocus(True)
        self.hotkey_edit = QLineEdit()
        self.hotkey_edit.setMaxLength(1)
        self.hotkey_edit.setMaximumWidth(50)
        form.addRow("&Kind:", self.kind_combo)
        form.addRow("C&hoices:", self.choices_edit)
        form.addRow("Hotke&y:", self.hotkey_edit)

    def set_labels(self) -> None:
        """Fill the label chooser (kept on the same label when it still exists)."""
        names = [label.name for label in label_service.list_labels(self.project)]
        current = self.label_combo.currentText()
        self.label_combo.blockSignals(True)
        self.label_combo.clear()
        self.label_combo.addItems(names)
        self.label_combo.setCurrentIndex(max(0, names.index(current) if current in names else 0))
        self.label_combo.blockSignals(False)

    def refresh(self, select: str | None = None) -> None:
        if self.label_combo.count() == 0:
            self.set_labels()
        super().refresh(select)
        self.add_button.setEnabled(bool(self.label_combo.currentText()))

    def parts(self) -> list[AttributeDefinition]:
        label = self.label_combo.currentText()
        return [d for d in structure.structure_schema(self.project).attributes if d.label == label]

    def fill_form(self, part: AttributeDefinition) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(part.kind))
        self.choices_edit.setPlainText("\n".join(part.choices))
        self.hotkey_edit.setText(part.hotkey)
        self._kind_shown()

    def _kind_shown(self) -> None:
        self.choices_edit.setEnabled(self.kind_combo.currentData() == AttributeKind.CHOICE)

    def edited(self, seen: AttributeDefinition) -> AttributeDefinition:
        kind = AttributeKind(self.kind_combo.currentData())
        choices = choice_lines(self.choices_edit.toPlainText()) if kind is AttributeKind.CHOICE else ()
        return AttributeDefinition(
            label=seen.label,
            name=self.name_edit.text().strip(),
            kind=kind,
            choices=choices,
            hotkey=self.hotkey_edit.text().strip(),
            position=seen.position,
        )

    def new_part(self, name: str) -> AttributeDefinition:
        return AttributeDefinition(label=self.label_combo.currentText(), name=name, kind=AttributeKind.TEXT)

    def save(self, part: AttributeDefinition, seen: AttributeDefinition | None) -> None:
        editing.save_attribute(self.project, part, seen=seen)

    def delete(self, seen: AttributeDefinition) -> DeletedAttribute:
        return editing.delete_attribute(self.project, seen)

    def recorded_with(self, seen: AttributeDefinition) -> str:
        count = editing.recorded_with(self.project, seen)
        return f"its value on {count} span(s)" if count else ""
