"""The document labels of the article in a pane, in its header: one button per label set showing what
you chose, with a menu of the set's choices (checkable, their keys shown). ``Alt+Shift`` + a choice's key sets
it from the keyboard (the controller owns those shortcuts)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget

from annotator.domain.structure import DocumentLabelSet
from annotator.ui.plain_text import literal_ampersands


class DocumentLabelBar(QWidget):
    toggled = Signal(str, str)  # label set, choice

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(4, 0, 4, 0)
        self.row.setSpacing(4)
        self.buttons: dict[str, QToolButton] = {}
        self.sets: list[DocumentLabelSet] = []

    def set_schema(self, sets: list[DocumentLabelSet]) -> None:
        for button in self.buttons.values():
            # Out of the row at once: deleteLater waits for the event loop, and the header would show both.
            self.row.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.buttons = {}
        self.sets = sets
        for label_set in sets:
            button = QToolButton()
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setMenu(QMenu(button))
            self.buttons[label_set.name] = button
            self.row.addWidget(button)
            button.show()  # added to a bar already on screen, it would stay hidden otherwise
        self.setVisible(bool(sets))
        self.show_chosen({})

    def show_chosen(self, chosen: dict[str, tuple[str, ...]]) -> None:
        for label_set in self.sets:
            button = self.buttons[label_set.name]
            values = chosen.get(label_set.name, ())
            shown = ", ".join(values) if values else "—"
            button.setText(literal_ampersands(f"{label_set.name}: {shown}"))
            button.setToolTip(
                f"{label_set.name} ({'several' if label_set.multiple else 'one'} of "
                f"{', '.join(label_set.choices)}); Alt+Shift + a choice's key sets it"
            )
            menu = button.menu()
            menu.clear()
            for index, choice in enumerate(label_set.choices):
                key = label_set.hotkeys[index] if index < len(label_set.hotkeys) else ""
                action = menu.addAction(
                    literal_ampersands(choice + (f"\t Alt+Shift+{key.upper()}" if key else ""))
                )
                action.setCheckable(True)
                action.setChecked(choice in values)
                action.triggered.connect(lambda _=False, s=label_set.name, c=choice: self.toggled.emit(s, c))
