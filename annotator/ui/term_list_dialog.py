"""The label schema's term lists and patterns: listed, added and deleted (Suggestions > Term lists…)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.term_rules import RuleKind, TermRule
from annotator.services import term_lists
from annotator.services.project import Project

_COLUMNS = ("Label", "Kind", "Term or pattern", "Aliases", "Case")


class TermListDialog(QDialog):
    def __init__(self, project: Project, labels: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Term lists and patterns")
        self.resize(720, 420)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.label = QComboBox()
        self.label.addItems(labels)
        self.kind = QComboBox()
        for kind in RuleKind:
            self.kind.addItem("regular expression" if kind is RuleKind.REGEX else "term", kind.value)
        self.pattern = QLineEdit()
        self.pattern.setPlaceholderText("Ascend 910B")
        self.aliases = QLineEdit()
        self.aliases.setPlaceholderText("other spellings, separated by |")
        self.case = QCheckBox("Case sensitive")
        add = QPushButton("Add")
        add.clicked.connect(self.add_rule)
        self.delete_button = QPushButton("Delete selected")
        self.delete_button.clicked.connect(self.delete_selected)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # file and user text, never markup
        self.message.setStyleSheet("color: #c62828;")
        row = QHBoxLayout()
        for widget in (self.label, self.kind, self.pattern, self.aliases, self.case, add):
            row.addWidget(widget, 1 if widget in (self.pattern, self.aliases) else 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        bottom = QHBoxLayout()
        bottom.addWidget(self.delete_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        self.rules = term_lists.list_rules(self.project)
        self.table.setRowCount(len(self.rules))
        for number, rule in enumerate(self.rules):
            values = (
                rule.label,
                rule.kind.value,
                rule.pattern,
                " | ".join(rule.aliases),
                "sensitive" if rule.case_sensitive else "ignored",
            )
            for column, value in enumerate(values):
                self.table.setItem(number, column, QTableWidgetItem(value))

    def add_rule(self) -> None:
        try:
            rule = TermRule(
                label=self.label.currentText(),
                kind=RuleKind(self.kind.currentData()),
                pattern=self.pattern.text().strip(),
                aliases=tuple(a.strip() for a in self.aliases.text().split("|") if a.strip()),
                case_sensitive=self.case.isChecked(),
            )
            term_lists.add_rule(self.project, rule)
        except Exception as error:  # a bad pattern or a refused write: said here, nothing stored
            detail = error.errors()[0]["msg"] if hasattr(error, "errors") else str(error)
            self.message.setText(str(detail).removeprefix("Value error, "))
            return
        self.message.setText("")
        self.pattern.clear()
        self.aliases.clear()
        self.reload()

    def delete_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        try:
            term_lists.delete_rules(self.project, [self.rules[row].id for row in rows])
        except Exception as error:
            self.message.setText(str(error))
            return
        self.reload()
