"""The attribute form of one span: one field per attribute its label declares, usable without the mouse.

Tab moves between fields, Enter saves, Esc cancels. A choice is a list (type to jump), yes/no a
three-state box (unset, yes, no), a number and free text are lines, and an entity link is a line that
suggests entries of the entity list (names and aliases) as you type. An empty field clears the value.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from annotator.domain.structure import AttributeDefinition, AttributeKind, AttributeValue, Entity
from annotator.ui.plain_text import plain_label

Suggest = Callable[[str], list[Entity]]


class AttributeForm(QDialog):
    def __init__(
        self,
        span_text: str,
        definitions: list[AttributeDefinition],
        values: dict[str, AttributeValue],
        suggest: Suggest,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Attributes")
        self.definitions = definitions
        self.values = dict(values)
        self.suggest = suggest
        self.fields: dict[str, QWidget] = {}
        self.problem = plain_label("")
        self.problem.setStyleSheet("color: #c62828;")
        layout = QFormLayout(self)
        layout.addRow(plain_label(span_text if len(span_text) <= 60 else span_text[:59] + "…"))
        for definition in definitions:
            field = self._field(definition, values.get(definition.name))
            self.fields[definition.name] = field
            label = QLabel(definition.name)
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addRow(label, field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(self.problem)
        layout.addRow(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.fields:  # the keyboard starts in the first field
            next(iter(self.fields.values())).setFocus()

    def _field(self, definition: AttributeDefinition, value: AttributeValue | None) -> QWidget:
        kind = definition.kind
        if kind is AttributeKind.CHOICE:
            box = QComboBox()
            box.addItem("", None)
            for choice in definition.choices:
                box.addItem(choice, choice)
            box.setCurrentIndex(max(box.findData(value), 0) if isinstance(value, str) else 0)
            return box
        if kind is AttributeKind.BOOLEAN:
            check = QCheckBox("yes")
            check.setTristate(True)
            check.setCheckState(
                Qt.CheckState.PartiallyChecked
                if value is None
                else (Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            )
            check.setToolTip("Unset (grey), yes (ticked) or no (empty): Space steps through them")
            return check
        line = QLineEdit("" if value is None else str(value))
        if kind is AttributeKind.ENTITY:
            model = QStringListModel(line)
            completer = QCompleter(model, line)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            line.setCompleter(completer)
            line.textEdited.connect(lambda typed, m=model: m.setStringList(self._entity_names(typed)))
            line.setPlaceholderText("type a name or an alias")
        return line

    def _entity_names(self, typed: str) -> list[str]:
        """Canonical names of the entries that match; an alias typed shows its entry's name."""
        names = []
        for entity in self.suggest(typed):
            names.append(entity.name)
            names += [
                f"{entity.name} ← {alias}" for alias in entity.aliases if typed.casefold() in alias.casefold()
            ]
        return names

    def chosen(self) -> dict[str, AttributeValue | None]:
        """Every field's value (None: cleared); raises ValueError for a number that is not one."""
        result: dict[str, AttributeValue | None] = {}
        for definition in self.definitions:
            field = self.fields[definition.name]
            if isinstance(field, QComboBox):
                result[definition.name] = field.currentData()
            elif isinstance(field, QCheckBox):
                state = field.checkState()
                result[definition.name] = (
                    None if state == Qt.CheckState.PartiallyChecked else state == Qt.CheckState.Checked
                )
            elif isinstance(field, QLineEdit):
                text = field.text().strip()
                if definition.kind is AttributeKind.ENTITY:
                    text = text.split(" ← ")[0]  # a suggestion that showed the alias typed
                if not text:
                    result[definition.name] = None
                elif definition.kind is AttributeKind.NUMBER:
                    result[definition.name] = _number(text, definition.name)
                else:
                    result[definition.name] = text
        return result

    def changes(self) -> dict[str, tuple[AttributeValue | None, AttributeValue | None]]:
        """name -> (value shown, new value) of the fields that changed."""
        chosen = self.chosen()
        return {
            name: (self.values.get(name), value)
            for name, value in chosen.items()
            if value != self.values.get(name) or type(value) is not type(self.values.get(name))
        }

    def _accept(self) -> None:
        try:
            self.chosen()
        except ValueError as error:
            self.problem.setText(str(error))
            return
        self.accept()


def _number(text: str, name: str) -> int | float:
    cleaned = text.replace(",", "").replace("_", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"'{name}' is a number (like 4100000000 or 4.1e9), not {text!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"'{name}' is a finite number, not {text!r}")
    return value
