"""The label editor's Document labels tab: label sets of whole articles, single or multiple choice, with
their choices one per line (``export controls [e]`` gives the choice the key Alt+Shift+E).

A new set name keeps the articles' labels; so does a renamed choice, when the list keeps its length (the
choice on the same line is taken to be the same one). A deletion takes the articles' labels along and one
undo brings them back."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QCheckBox, QFormLayout, QPlainTextEdit

from annotator.domain.structure import DocumentLabelSet
from annotator.services import structure
from annotator.services import structure_editing as editing
from annotator.services.structure_editing import DeletedLabelSet
from annotator.ui.schema_part_editor import SchemaPartEditor

_KEYED = re.compile(r"^(?P<choice>.*?)\s*\[(?P<key>[^\]])\]$")


def parse_choices(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Choices and their keys ("" for none) from the lines of the choices field."""
    choices: list[str] = []
    keys: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        keyed = _KEYED.match(line)
        choices.append(keyed["choice"] if keyed else line)
        keys.append(keyed["key"].lower() if keyed else "")
    return tuple(choices), (tuple(keys) if any(keys) else ())


def choice_text(label_set: DocumentLabelSet) -> str:
    keys = label_set.hotkeys
    return "\n".join(
        f"{choice} [{keys[i]}]" if i < len(keys) and keys[i] else choice
        for i, choice in enumerate(label_set.choices)
    )


class LabelSetEditor(SchemaPartEditor[DocumentLabelSet]):
    part_name = "document label set"

    def build_form(self, form: QFormLayout) -> None:
        self.multiple_box = QCheckBox("&Multiple choice (any number of its labels per article)")
        self.choices_edit = QPlainTextEdit()
        self.choices_edit.setObjectName("label-set-choices")
        self.choices_edit.setPlaceholderText("One label per line; add [k] to give it a key, e.g. chips [c]")
        self.choices_edit.setTabChangesFocus(True)
        form.addRow("", self.multiple_box)
        form.addRow("C&hoices:", self.choices_edit)

    def parts(self) -> list[DocumentLabelSet]:
        return structure.structure_schema(self.project).document_label_sets

    def fill_form(self, part: DocumentLabelSet) -> None:
        self.multiple_box.setChecked(part.multiple)
        self.choices_edit.setPlainText(choice_text(part))

    def edited(self, seen: DocumentLabelSet) -> DocumentLabelSet:
        choices, keys = parse_choices(self.choices_edit.toPlainText())
        return DocumentLabelSet(
            name=self.name_edit.text().strip(),
            choices=choices,
            multiple=self.multiple_box.isChecked(),
            hotkeys=keys,
            position=seen.position,
        )

    def new_part(self, name: str) -> DocumentLabelSet:
        return DocumentLabelSet(name=name, choices=("yes", "no"))

    def save(self, part: DocumentLabelSet, seen: DocumentLabelSet | None) -> None:
        renamed: dict[str, str] = {}
        if seen is not None and len(seen.choices) == len(part.choices):
            # Only a line whose old text is gone and whose new text is new is a rename; moved lines are not.
            renamed = {
                old: new
                for old, new in zip(seen.choices, part.choices, strict=True)
                if old != new and old not in part.choices and new not in seen.choices
            }
        editing.save_document_label_set(self.project, part, seen=seen, renamed_choices=renamed)

    def delete(self, seen: DocumentLabelSet) -> DeletedLabelSet:
        return editing.delete_document_label_set(self.project, seen)

    def recorded_with(self, seen: DocumentLabelSet) -> str:
        count = editing.recorded_with(self.project, seen)
        return f"the {count} article label(s) given from it" if count else ""
