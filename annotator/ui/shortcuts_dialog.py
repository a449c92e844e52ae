"""Help > Keyboard shortcuts: every shortcut the window knows, grouped, read from the live actions."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

ShortcutRow = tuple[str, str, str]  # group, what it does, keys

# Keys handled inside the article view rather than by actions.
VIEW_KEYS: list[ShortcutRow] = [
    ("Annotating", "Tag the selection with a label (or relabel the selected span)", "1 … 9"),
    ("Annotating", "Select the next / previous span", "Tab / Shift+Tab"),
    ("Annotating", "Move the selected span's end one character right / left", "Shift+Right / Shift+Left"),
    (
        "Annotating",
        "Move the selected span's start one character left / right",
        "Alt+Shift+Left / Alt+Shift+Right",
    ),
    ("Annotating", "Edit the selected span's note", "Enter"),
    ("Annotating", "Deselect the span (then Shift+arrows select text)", "Esc"),
    ("Annotating", "Select a span / cycle through overlapping spans", "Click (again)"),
]


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[ShortcutRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        ordered = sorted([*VIEW_KEYS, *rows], key=lambda row: row[0])
        self.table = QTableWidget(len(ordered), 3)
        self.table.setHorizontalHeaderLabels(["Area", "Action", "Keys"])
        for number, (group, action, keys) in enumerate(ordered):
            for column, value in enumerate((group, action, keys)):
                self.table.setItem(number, column, QTableWidgetItem(value))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 560)
