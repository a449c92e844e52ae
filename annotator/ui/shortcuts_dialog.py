"""Help > Keyboard shortcuts: every key the window knows, grouped, read from the live actions. A command's
keys can be changed here (double-click its row); a key another command holds is refused."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.ui.actions import Actions, ShortcutRow
from annotator.ui.errors import error_box
from annotator.ui.plain_text import plain_label

# Keys handled inside the article view that are not commands (and cannot be changed).
VIEW_KEYS: list[ShortcutRow] = [
    ("Annotating", "Tag the selection with a label (or relabel the selected span)", "1 … 9"),
    ("Annotating", "Select the next / previous span", "Tab / Shift+Tab"),
    ("Annotating", "Edit the selected span's note", "Enter"),
    ("Annotating", "Deselect the span (then Shift+arrows select text)", "Esc"),
    ("Annotating", "Select a span / cycle through overlapping spans", "Click (again)"),
    ("Suggestions", "Step through spans and suggestions", "Tab or Shift+Tab"),
    ("Suggestions", "Accept the selected suggestion (a label key: with that label)", "Enter"),
    ("Suggestions", "Reject the selected suggestion", "Delete or Backspace"),
    ("Structure", "Start a relation from the selected span", "R"),
    ("Structure", "Choose the relation's target", "Tab, Shift+Tab or a click"),
    ("Structure", "Make the relation (its type's key)", "the type's key"),
    ("Structure", "Attributes of the selected span", "A"),
    ("Structure", "Set a document label", "Alt+Shift + the choice's key"),
]
ID_ROLE = Qt.ItemDataRole.UserRole


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("shortcuts-dialog")
        self.commands = actions
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Area", "Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.cellDoubleClicked.connect(lambda row, _column: self.change_keys(row))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        hint = QLabel("Double-click a command to give it other keys.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.fill()
        self.resize(760, 600)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(command id or "", area, what it does, keys), as listed."""
        listed = [("", *row) for row in VIEW_KEYS] + self.commands.rows()
        return sorted(listed, key=lambda row: row[1])

    def fill(self) -> None:
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for number, (action_id, group, what, keys) in enumerate(rows):
            for column, value in enumerate((group, what, keys)):
                item = QTableWidgetItem(value)
                item.setData(ID_ROLE, action_id)
                self.table.setItem(number, column, item)

    def change_keys(self, row: int) -> bool:
        item = self.table.item(row, 0)
        action_id = str(item.data(ID_ROLE)) if item is not None else ""
        if not action_id:
            return False
        dialog = KeyDialog(self.commands.specs[action_id].name, self.commands.keys(action_id), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            self.commands.set_keys(action_id, dialog.keys())
        except AnnotatorError as error:
            error_box(self, error, action="change the keys")
            return False
        self.fill()
        return True


class KeyDialog(QDialog):
    """Press the new key (or keys, one after the other for a second one); Clear removes them."""

    def __init__(self, what: str, keys: list[QKeySequence], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change keys")
        self.first = QKeySequenceEdit(keys[0] if keys else QKeySequence())
        self.second = QKeySequenceEdit(keys[1] if len(keys) > 1 else QKeySequence())
        for edit in (self.first, self.second):
            edit.setMaximumSequenceLength(1)
            edit.setClearButtonEnabled(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"Keys for “{what}”:"))
        layout.addWidget(self.first)
        layout.addWidget(plain_label("Another key for it (optional):"))
        layout.addWidget(self.second)
        layout.addWidget(buttons)

    def keys(self) -> list[QKeySequence]:
        return [edit.keySequence() for edit in (self.first, self.second) if not edit.keySequence().isEmpty()]
