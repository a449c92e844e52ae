"""The entity list editor: search by name or alias, add an entry, edit its name and aliases, delete it.

Each change is one service call (one transaction); an edit names the entry as the dialog showed it, so a
change made elsewhere meanwhile is refused rather than overwritten.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.structure import Entity
from annotator.services import entities
from annotator.services.project import Project
from annotator.ui.plain_text import plain_label

ALIAS_SEPARATOR = "|"


class EntityDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Entity list")
        self.project = project
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search names and aliases")
        self.search.textChanged.connect(self.refresh)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._chosen)
        self.name = QLineEdit()
        self.aliases = QLineEdit()
        self.aliases.setPlaceholderText("other names, separated by |")
        self.problem = plain_label("")
        self.problem.setStyleSheet("color: #c62828;")
        self.shown: list[Entity] = []
        add = QPushButton("Add as new")
        save = QPushButton("Save changes")
        delete = QPushButton("Delete")
        add.clicked.connect(self.add)
        save.clicked.connect(self.save)
        delete.clicked.connect(self.delete)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Aliases", self.aliases)
        buttons = QHBoxLayout()
        for button in (add, save, delete):
            buttons.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.shown = entities.suggest_entities(self.project, self.search.text(), limit=500)
        self.list.clear()
        for entity in self.shown:
            aliases = f"  ({', '.join(entity.aliases)})" if entity.aliases else ""
            self.list.addItem(entity.name + aliases)  # list items show their text as it is

    def current(self) -> Entity | None:
        row = self.list.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def _chosen(self, _row: int) -> None:
        entity = self.current()
        if entity is not None:
            self.name.setText(entity.name)
            self.aliases.setText(ALIAS_SEPARATOR.join(entity.aliases))

    def _aliases(self) -> tuple[str, ...]:
        return tuple(self.aliases.text().split(ALIAS_SEPARATOR))

    def _run(self, action: str, step: object) -> None:
        try:
            step()  # type: ignore[operator]
        except Exception as error:  # shown in the dialog: the list stays as it is
            self.problem.setText(f"Could not {action}: {error}")
            return
        self.problem.setText("")
        self.refresh()

    def add(self) -> None:
        self._run(
            "add the entry",
            lambda: entities.add_entity(self.project, self.name.text().strip(), self._aliases()),
        )

    def save(self) -> None:
        entity = self.current()
        if entity is None:
            return
        changed = entity.model_copy(update={"name": self.name.text().strip(), "aliases": self._aliases()})
        self._run(
            "save the entry",
            lambda: entities.update_entity(self.project, entity, Entity(**changed.model_dump())),
        )

    def delete(self) -> None:
        entity = self.current()
        if entity is not None:
            self._run("delete the entry", lambda: entities.delete_entity(self.project, entity))
