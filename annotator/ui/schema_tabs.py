"""The label editor's tabs: Labels, Relation types (Alt+R), Attributes (Alt+T) and Document labels
(Alt+O). Each schema tab announces a change as the dialog's ``labelsChanged`` (the window reads the
schema again) and a deletion as ``schemaPartDeleted`` (the window makes it one undo step)."""

from __future__ import annotations

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QLayout, QTabWidget, QWidget

from annotator.services.project import Project
from annotator.ui.attribute_editor import AttributeEditor
from annotator.ui.label_set_editor import LabelSetEditor
from annotator.ui.relation_type_editor import RelationTypeEditor
from annotator.ui.schema_part_editor import SchemaPartEditor


class SchemaTabs(QTabWidget):
    def __init__(
        self,
        dialog: QWidget,
        project: Project,
        labels_page: QLayout,
        announce: tuple[SignalInstance, SignalInstance],  # the dialog's labelsChanged, schemaPartDeleted
    ) -> None:
        super().__init__(dialog)
        self.setObjectName("label-editor-tabs")
        page = QWidget()
        page.setLayout(labels_page)
        self.addTab(page, "La&bels")
        self.relation_types = RelationTypeEditor(project)
        self.attributes = AttributeEditor(project)
        self.label_sets = LabelSetEditor(project)
        editors: list[tuple[SchemaPartEditor, str]] = [  # type: ignore[type-arg]
            (self.relation_types, "&Relation types"),
            (self.attributes, "A&ttributes"),
            (self.label_sets, "D&ocument labels"),
        ]
        for editor, title in editors:
            editor.changed.connect(announce[0])
            editor.deleted.connect(announce[1])
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
