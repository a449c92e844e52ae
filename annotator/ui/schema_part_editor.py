"""What the label editor's schema tabs share: a list of parts (relation types, attributes, label sets) on
the left, the selected part's form on the right, and Add / Apply / Delete, all from the keyboard.

Ctrl+N adds, Ctrl+Enter (or Alt+P) applies the form, Delete in the list deletes after a question. Each
change is one service call (one transaction); refusals come from the services and are shown here and in
an error box. A deletion is announced with ``deleted`` so the window can make it one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError, InputError
from annotator.services.project import Project
from annotator.ui.errors import error_box
from annotator.ui.plain_text import plain_label

Part = TypeVar("Part", bound=BaseModel)


def readable(error: ValueError) -> InputError:
    """A form value the model refused, as the message a person can act on."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        text = str(first["msg"]).removeprefix("Value error, ")
        return InputError(f"{where}: {text}" if where else text)
    return InputError(str(error))


class SchemaPartEditor(QWidget, Generic[Part]):
    changed = Signal()
    deleted = Signal(object)  # what the service returned: the part with the data it took along

    part_name = "part"  # "relation type", in messages

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.shown: list[Part] = []
        self.list = QListWidget()
        self.list.setObjectName(f"{self.part_name.replace(' ', '-')}-list")
        self.list.currentRowChanged.connect(lambda row: self.show_part(self.current()))
        self.add_button = QPushButton("&Add")
        self.add_button.setToolTip(f"Add a {self.part_name} (Ctrl+N)")
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setToolTip(f"Delete the {self.part_name} and what was recorded with it (Delete)")
        self.apply_button = QPushButton("A&pply")
        self.apply_button.setToolTip("Save the form (Ctrl+Enter)")
        self.add_button.clicked.connect(self.add)
        self.delete_button.clicked.connect(self.delete_current)
        self.apply_button.clicked.connect(self.apply)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Name, as exported")
        self.name_edit.returnPressed.connect(self.apply)
        self.status = plain_label()
        self.status.setObjectName("schema-part-status")
        self.status.setWordWrap(True)

        left = QVBoxLayout()
        self.add_header(left)
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        left.addLayout(buttons)
        self.form = QFormLayout()
        self.form.addRow("&Name:", self.name_edit)
        self.build_form(self.form)
        apply_row = QHBoxLayout()
        apply_row.addWidget(self.status, 1)
        apply_row.addWidget(self.apply_button)
        details = QVBoxLayout()
        details.addLayout(self.form, 1)
        details.addLayout(apply_row)
        self.details = QGroupBox(f"Selected {self.part_name}")
        self.details.setLayout(details)
        columns = QHBoxLayout(self)
        columns.addLayout(left, 2)
        columns.addWidget(self.details, 5)
        for sequence, slot in (
            (QKeySequence.StandardKey.New, self.add),
            ("Ctrl+Return", self.apply),
            ("Ctrl+Enter", self.apply),
        ):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_current)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

    # -- what each tab supplies -----------------------------------------------------------------------

    def add_header(self, layout: QVBoxLayout) -> None:
        """Widgets above the list (the attributes tab's label)."""

    def build_form(self, form: QFormLayout) -> None:
        raise NotImplementedError

    def parts(self) -> list[Part]:
        raise NotImplementedError

    def fill_form(self, part: Part) -> None:
        raise NotImplementedError

    def edited(self, seen: Part) -> Part:
        """The form as a part (ValueError when a field does not fit)."""
        raise NotImplementedError

    def new_part(self, name: str) -> Part:
        raise NotImplementedError

    def save(self, part: Part, seen: Part | None) -> None:
        raise NotImplementedError

    def delete(self, seen: Part) -> object:
        raise NotImplementedError

    def recorded_with(self, seen: Part) -> str:
        """What deleting ``seen`` takes along, for the question ("3 relation(s)"); "" for nothing."""
        raise NotImplementedError

    def icon(self, part: Part) -> QIcon | None:
        return None

    def title(self, part: Part) -> str:
        return str(getattr(part, "name", ""))

    # -- showing --------------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        current = self.current()
        wanted = select if select is not None else (self.title(current) if current is not None else None)
        self.shown = self.parts()
        self.list.blockSignals(True)
        self.list.clear()
        for part in self.shown:
            item = QListWidgetItem(self.title(part))
            icon = self.icon(part)
            if icon is not None:
                item.setIcon(icon)
            self.list.addItem(item)
        titles = [self.title(p) for p in self.shown]
        row = titles.index(wanted) if wanted in titles else (0 if titles else -1)
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self.show_part(self.current())

    def current(self) -> Part | None:
        row = self.list.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def show_part(self, part: Part | None) -> None:
        self.details.setEnabled(part is not None)
        self.delete_button.setEnabled(part is not None)
        if part is not None:
            self.name_edit.setText(str(getattr(part, "name", "")))
            self.fill_form(part)

    # -- changing -------------------------------------------------------------------------------------

    def run(self, action: str, change: Callable[[], object], *, select: str | None = None) -> bool:
        try:
            change()
        except AnnotatorError as error:
            self.show_error(error, action)
            return False
        self.status.setText("")
        self.refresh(select)
        self.changed.emit()
        return True

    def show_error(self, error: AnnotatorError, action: str) -> None:
        self.status.setText(str(error))
        error_box(self, error, action=action)

    def add(self) -> None:
        taken = {self.title(p) for p in self.shown}
        name, number = f"new {self.part_name}".replace(" ", "_"), 2
        base = name
        while name in taken:
            name, number = f"{base}_{number}", number + 1
        if self.run(f"add a {self.part_name}", lambda: self.save(self.new_part(name), None), select=name):
            self.name_edit.setFocus()
            self.name_edit.selectAll()

    def apply(self) -> None:
        seen = self.current()
        if seen is None:
            return
        try:
            part = self.edited(seen)
        except ValueError as error:
            self.show_error(readable(error), f"change the {self.part_name}")
            return
        if part != seen:
            self.run(f"change the {self.part_name}", lambda: self.save(part, seen), select=self.title(part))

    def delete_current(self) -> None:
        seen = self.current()
        if seen is None:
            return
        taken = self.recorded_with(seen)
        question = f"Delete the {self.part_name} '{self.title(seen)}'"
        question += f" and {taken}? Undo brings them back." if taken else "? Nothing was recorded with it."
        if not self.confirm(question):
            return
        found: list[object] = []
        row = self.list.currentRow()
        others = self.shown[:row] + self.shown[row + 1 :]
        following = others[min(row, len(others) - 1)] if others else None  # the next one down, or up
        if self.run(
            f"delete the {self.part_name}",
            lambda: found.append(self.delete(seen)),
            select=self.title(following) if following is not None else None,
        ):
            self.status.setText(f"Deleted '{self.title(seen)}'" + (f" and {taken}." if taken else "."))
            self.deleted.emit(found[0])

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, f"Delete the {self.part_name}", question)
        return answer == QMessageBox.StandardButton.Yes
