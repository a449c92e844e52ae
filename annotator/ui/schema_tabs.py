"""The label editor's tabs: Labels, Relation types (Alt+R), Attributes (Alt+T) and Document labels
(Alt+O). Each schema tab announces a change as the dialog's ``labelsChanged`` (the window reads the
schema again) and a deletion as ``schemaPartDeleted`` (the window makes it one undo step)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QLayout, QTabWidget, QWidget

from annotator.ui.attribute_editor import AttributeEditor
from annotator.ui.label_set_editor import LabelSetEditor
from annotator.ui.relation_type_editor import RelationTypeEditor
from annotator.ui.schema_part_editor import SchemaPartEditor

if TYPE_CHECKING:
    from annotator.ui.label_editor import LabelEditorDialog


class SchemaTabs(QTabWidget):
    def __init__(self, dialog: LabelEditorDialog, labels_page: QLayout) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.setObjectName("label-editor-tabs")
        page = QWidget()
        page.setLayout(labels_page)
        self.addTab(page, "La&bels")
        self.relation_types = RelationTypeEditor(dialog.project)
        self.attributes = AttributeEditor(dialog.project)
        self.label_sets = LabelSetEditor(dialog.project)
        editors: list[tuple[SchemaPartEditor, str]] = [  # type: ignore[type-arg]
            (self.relation_types, "&Relation types"),
            (self.attributes, "A&ttributes"),
            (self.label_sets, "D&ocument labels"),
        ]
        for editor, title in editors:
            editor.changed.connect(dialog.labelsChanged)
            editor.deleted.connect(dialog.schemaPartDeleted)
            self.addTab(editor, title)
        # The labels tab's own keys (Ctrl+N adds a label, Alt+Up/Down move it) belong to that tab only.
        self.label_keys = [s for s in dialog.findChildren(QShortcut) if s.parent() is dialog]
        self.currentChanged.connect(self._shown)

    def _shown(self, index: int) -> None:
        for shortcut in self.label_keys:
            shortcut.setEnabled(index == 0)
        page = self.widget(index)
        if isinstance(page, AttributeEditor):
            page.set_labels()  # labels may have been added or renamed in the first tab
        if isinstance(page, SchemaPartEditor):
            page.refresh()
            page.list.setFocus()
