"""The window's structured annotation: relation arcs and keys on each article pane, the Relations panel,
the attribute form, the document labels in each pane's header, and the Structure menu. Every change is an
undo step calling one service (one transaction).

The pane controller's signals tell it when a pane shows an article, spans changed, another pane became
active or the article filter chose a document label; everything else happens here.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QHelpEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QToolTip

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.models import Span
from annotator.domain.structure import AttributeValue, StructureSchema
from annotator.services import entities, relations, structure
from annotator.services.project import Project
from annotator.services.relations import RelationRow
from annotator.services.structure_review import gold_document_labels, gold_relation_rows
from annotator.ui.article_pane import ArticlePane
from annotator.ui.article_view import span_tooltip
from annotator.ui.attribute_form import AttributeForm
from annotator.ui.context import WindowContext
from annotator.ui.document_label_bar import DocumentLabelBar
from annotator.ui.entity_dialog import EntityDialog
from annotator.ui.note_dialog import ask_note
from annotator.ui.pane_controller import DOCUMENT_LABEL_FILTER, PaneController
from annotator.ui.relation_drag import RelationDrag, allowed_types, ask_type
from annotator.ui.relation_layer import RelationLayer
from annotator.ui.relation_panel import RelationPanel
from annotator.ui.structure_commands import (
    AddRelationCommand,
    AttributeFormCommand,
    DeleteRelationCommand,
    DocumentLabelCommand,
    RelationEditCommand,
)
from annotator.ui.structure_review_controller import DockMaker, StructureReview

if TYPE_CHECKING:
    from annotator.ui.review_mode import ReviewMode


class StructureController(QObject):
    def __init__(
        self,
        context: WindowContext,
        panes: PaneController,
        review: ReviewMode,
        own: Callable[[str], bool],
        dock: DockMaker,
    ) -> None:
        super().__init__(context)
        self.context = context
        self.panes = panes
        self.review_mode = review
        self.own = own
        self.schema = StructureSchema.empty()
        self.layers: dict[str, RelationLayer] = {}
        self.bars: dict[str, DocumentLabelBar] = {}
        self.attributes: dict[str, dict[str, dict[str, AttributeValue]]] = {}  # pane -> span -> values
        self.label_shortcuts: list[QShortcut] = []
        self.drags: list[RelationDrag] = []
        # The span list shows the attributes of the active pane's spans, as read with its article.
        panes.span_list.model.attributes_of = lambda span_id: self.attributes.get(
            self.panes.active_pane.name, {}
        ).get(span_id, {})
        for pane in panes.panes:
            layer = RelationLayer(pane.view)
            layer.keys_enabled = lambda: not self.review_mode.active
            layer.relationRequested.connect(lambda s, t, kind, p=pane: self.add_relation(p, s, t, kind))
            layer.attributesRequested.connect(lambda span_id, p=pane: self.edit_attributes(p, span_id))
            layer.message.connect(lambda text: context.message(text, 8000))
            self.layers[pane.name] = layer
            self.drags.append(RelationDrag(layer))  # Ctrl+drag from span to span
            bar = DocumentLabelBar(pane)
            bar.toggled.connect(
                lambda label_set, value, p=pane: self.toggle_document_label(p, label_set, value)
            )
            pane.layout().insertWidget(1, bar)  # type: ignore[union-attr]
            self.bars[pane.name] = bar
            pane.view.viewport().installEventFilter(self)
            pane.view.selectedSpanChanged.connect(lambda span_id, p=pane: self._span_selected(p, span_id))
        self.panel = RelationPanel()
        self.panel.relationActivated.connect(self._relation_chosen)
        self.panel.deleteRequested.connect(self.delete_relation)
        self.panel.noteRequested.connect(self.edit_relation_note)
        self.panel.typeRequested.connect(self.retype_relation)
        self.dock = dock("Relations", "relations-dock", self.panel, "spans")
        self.panel_stale = True
        self.dock.visibilityChanged.connect(self._panel_shown)
        self.review = StructureReview(self, dock)
        panes.documentShown.connect(self.document_shown)
        panes.spansEdited.connect(self.spans_changed)
        panes.activePaneChanged.connect(self.active_pane_changed)
        panes.documentLabelFilterChosen.connect(self.filter_by_document_label)
        review.refreshed = self.review_refreshed
        self.reload_schema()

    @property
    def project(self) -> Project:
        return self.context.project

    def slots(self) -> dict[str, Callable[[], object]]:
        """What the Structure menu's entries (in ``action_table``) do."""
        return {
            "structure.relation": self._start_relation,
            "structure.attributes": self._edit_selected_attributes,
            "structure.delete_relation": self._delete_selected_relation,
            "structure.entities": self.edit_entities,
            "structure.import_entities": self.import_entities,
        }

    # -- what the window tells us ---------------------------------------------------------------------

    def reload_schema(self) -> None:
        """Read the schema again (after the window read the labels and filled the article filters)."""
        self.schema = structure.structure_schema(self.project)
        sets = list(self.schema.document_label_sets)
        self.panes.documents.set_labels_source(
            (lambda document_id: structure.article_labels(self.project, document_id, sets)) if sets else None
        )
        self.panes.document_panel.table.setColumnHidden(3, not sets)
        label_filter = self.panes.document_panel.label_filter
        label_filter.blockSignals(True)
        for label_set in self.schema.document_label_sets:
            for choice in label_set.choices:
                label_filter.addItem(
                    f"Labelled {label_set.name}: {choice}",
                    f"{DOCUMENT_LABEL_FILTER}{label_set.name}\x1f{choice}",
                )
        label_filter.blockSignals(False)
        for bar in self.bars.values():
            bar.set_schema(self.schema.document_label_sets)
        for shortcut in self.label_shortcuts:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self.label_shortcuts = []
        for label_set in self.schema.document_label_sets:
            for index, choice in enumerate(label_set.choices):
                key = label_set.hotkeys[index] if index < len(label_set.hotkeys) else ""
                if key:
                    shortcut = QShortcut(QKeySequence(f"Alt+Shift+{key.upper()}"), self.context.window)
                    shortcut.activated.connect(
                        lambda s=label_set.name, c=choice: self.toggle_document_label(
                            self.panes.active_pane, s, c
                        )
                    )
                    self.label_shortcuts.append(shortcut)

    def document_shown(self, pane: ArticlePane) -> None:
        layer = self.layers[pane.name]
        document_id = pane.document_id
        if document_id is None:
            layer.show_relations([], self.schema.relation_types)
            return
        layers = self.panes.visible_layers(pane)
        try:
            found = relations.shown_relations(self.project, document_id, layers)
            if GOLD_LAYER in layers:
                found += gold_relation_rows(self.project, document_id)
            self.attributes[pane.name] = relations.span_attributes(self.project, document_id)
            # The header shows the labels of the layer the pane shows (in review, a colleague's or gold).
            shown = layers[0] if len(layers) == 1 else self.project.annotator
            if shown == GOLD_LAYER:
                chosen = gold_document_labels(self.project, document_id)
            else:
                chosen = structure.document_labels(self.project, document_id, shown)
        except Exception as error:  # structure is shown beside the spans: a failure never blocks reading
            self.context.message(f"Relations could not be read: {error}", 6000)
            found, chosen = [], {}
        layer.show_relations(found, self.schema.relation_types)
        self.bars[pane.name].show_chosen(chosen)
        if pane is self.panes.active_pane:
            self._fill_panel(pane)

    def active_pane_changed(self, pane: ArticlePane) -> None:
        self._fill_panel(pane)

    def spans_changed(self, added: list[Span], removed: list[Span]) -> None:
        """A deleted span takes its relations along and undo of a delete brings them back: those panes
        read their relations again. Tagging and relabelling (most changes) touch no relation."""
        removed_ids = {span.id for span in removed}
        touched = {
            pane.document_id
            for pane in self.panes.panes
            if pane.document_id is not None
            and any(
                r.source_id in removed_ids or r.target_id in removed_ids
                for r in self.layers[pane.name].relations
            )
        }
        if added and relations.relations_of_spans(self.project, [span.id for span in added]):
            touched |= {span.document_id for span in added}
        for document_id in touched:
            self.structure_changed(document_id)
        if added or removed:
            self._fill_panel(self.panes.active_pane)

    def structure_changed(self, document_id: str) -> None:
        for pane in self.panes.panes:
            if pane.document_id == document_id:
                self.document_shown(pane)
        self.panes.summary_changed(document_id)
        self.review_refreshed()

    def review_refreshed(self) -> None:
        self.review.refresh()

    def command_failed(self, error: Exception, action: str) -> None:
        self.panes.command_failed(error, action)

    # -- relations ------------------------------------------------------------------------------------

    def _start_relation(self) -> None:
        self.layers[self.panes.active_pane.name].start()

    def add_relation(self, pane: ArticlePane, source_id: str, target_id: str, relation_type: str) -> None:
        try:
            source, target = self.panes.shown_span(source_id), self.panes.shown_span(target_id)
            relation = relations.add_relation(self.project, source, target, relation_type)
        except Exception as error:
            self.panes.command_failed(error, "add the relation")
            return
        self.context.undo_stack.push(AddRelationCommand(self, relation))
        # Only this relation is new: added to what the panes show, not read again with thousands of others.
        row = RelationRow(*(getattr(relation, name) for name in RelationRow._fields))
        for shown in self.panes.panes:
            if shown.document_id == relation.document_id:
                self.layers[shown.name].add_relation(row)
        if self.panes.active_pane.document_id == relation.document_id and not self.panel_stale:
            self.panel.add(row)
        self.context.message(f"{relation_type}: '{source.text}' → '{target.text}'", 5000)

    def delete_relation(self, relation: RelationRow) -> None:
        try:
            removed = relations.remove_relation(self.project, relation.model())
        except Exception as error:
            self.panes.command_failed(error, "delete the relation")
            return
        self.context.undo_stack.push(DeleteRelationCommand(self, removed))
        self.structure_changed(removed.document_id)

    def _delete_selected_relation(self) -> None:
        relation = self.panel.current()
        if relation is not None:
            self.delete_relation(relation)

    def edit_relation_note(self, relation: RelationRow) -> None:
        view = self.panes.active_pane.view
        note = ask_note(self.context.window, view, "Relation note", relation.type, relation.note)
        if note is None or note == relation.note:
            return
        try:
            edit = relations.set_relation_note(self.project, relation.model(), note)
        except Exception as error:
            self.panes.command_failed(error, "edit the relation's note")
            return
        self.context.undo_stack.push(RelationEditCommand(self, edit, "edit a relation's note"))
        self.structure_changed(relation.document_id)

    def retype_relation(self, relation: RelationRow) -> None:
        """T in the Relations panel: another type, from those the two spans' labels allow."""
        index = self.panes.active_pane.view.index
        source, target = index.row(relation.source_id), index.row(relation.target_id)
        if source is None or target is None:
            return
        types = allowed_types(self.schema.relation_types, source.label, target.label)
        types = [t for t in types if t.name != relation.type]
        if not types:
            self.context.message(f"No other relation type goes from {source.label} to {target.label}.", 5000)
            return
        table = self.panel.table
        corner = table.visualRect(table.currentIndex()).bottomLeft()
        chosen = ask_type(self.panel, types, table.viewport().mapToGlobal(corner))
        if chosen is None:
            return
        try:
            edit = relations.retype_relation(self.project, relation.model(), chosen)
        except Exception as error:
            self.panes.command_failed(error, "change the relation's type")
            return
        self.context.undo_stack.push(RelationEditCommand(self, edit, f"make a relation {chosen}"))
        self.structure_changed(relation.document_id)

    def _relation_chosen(self, relation: RelationRow) -> None:
        view = self.panes.active_pane.view
        view.blockSignals(True)
        view.select_span(relation.source_id)
        view.blockSignals(False)
        self.layers[self.panes.active_pane.name].redraw()

    def _fill_panel(self, pane: ArticlePane) -> None:
        self.panes.span_list.model.attributes_changed()
        # Filled when it is on screen: behind another tab, opening an article never waits for it.
        # A dock behind another tab still says it is visible; what it shows of itself does not lie.
        self.panel_stale = not self.dock.isVisible() or self.panel.visibleRegion().isEmpty()
        if not self.panel_stale:
            self.panel.set_relations(self.layers[pane.name].relations, pane.view.index.row)

    def _panel_shown(self, visible: bool) -> None:
        if visible and self.panel_stale:
            self._fill_panel(self.panes.active_pane)

    def _span_selected(self, pane: ArticlePane, span_id: object) -> None:
        if pane is self.panes.active_pane:
            self.panel.show_span(str(span_id) if span_id else None)

    # -- attributes -----------------------------------------------------------------------------------

    def _edit_selected_attributes(self) -> None:
        pane = self.panes.active_pane
        span_id = pane.view.selected_span_id()
        if span_id is None:
            self.context.message("Select a span first, then press A.", 4000)
            return
        self.edit_attributes(pane, span_id)

    def edit_attributes(self, pane: ArticlePane, span_id: str) -> AttributeForm | None:
        if not self.own(span_id):
            return None
        span = self.panes.shown_span(span_id)
        definitions = [d for d in self.schema.attributes if d.label == span.label]
        if not definitions:
            self.context.message(
                f"The label {span.label} has no attributes (add them in the label editor's Attributes tab).",
                5000,
            )
            return None
        values = self.attributes.get(pane.name, {}).get(span_id, {})
        form = AttributeForm(
            span.text,
            definitions,
            values,
            lambda typed: entities.suggest_entities(self.project, typed),
            self.context.window,
        )
        self.open_form = form
        form.accepted.connect(lambda: self._save_attributes(form, span))
        form.open()
        return form

    def _save_attributes(self, form: AttributeForm, span: Span) -> None:
        changes = form.changes()
        if not changes:
            return
        try:
            edits = relations.set_span_attributes(self.project, span, changes)
        except Exception as error:
            self.panes.command_failed(error, "set the attributes")
            return
        self.context.undo_stack.push(AttributeFormCommand(self, span.document_id, edits))
        self.structure_changed(span.document_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Hovering a span shows its attributes too (before the view's own tooltip, which it replaces).
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        for pane in self.panes.panes:
            if watched is pane.view.viewport():
                spans = pane.view.index.at(pane.view.cursorForPosition(event.pos()).position())
                values = self.attributes.get(pane.name, {})
                if not spans or not any(span.id in values for span in spans):
                    return False
                lines = [span_tooltip(spans, pane.view.flagged)]
                for span in spans:
                    for name, value in values.get(span.id, {}).items():
                        lines.append(f"{html.escape(name)}: <b>{html.escape(str(value))}</b>")
                QToolTip.showText(event.globalPos(), "<br>".join(lines), pane.view.viewport())
                return True
        return False

    # -- document labels ------------------------------------------------------------------------------

    def toggle_document_label(self, pane: ArticlePane, label_set: str, value: str) -> None:
        document_id = pane.document_id
        if document_id is None:
            return
        if self.review_mode.active:  # the headers show the layers under review, not yours
            self.context.message(
                "In review mode document labels go into gold from the 'Review: relations and labels' tab.",
                6000,
            )
            return
        try:
            edit = structure.toggle_document_label(self.project, document_id, label_set, value)
        except Exception as error:
            self.panes.command_failed(error, "set the document label")
            return
        self.context.undo_stack.push(DocumentLabelCommand(self, edit))
        self.structure_changed(document_id)

    def filter_by_document_label(self, chosen: str) -> None:
        """The article list's filter chose a document label: keep the articles anyone gave it."""
        label_set, _, value = chosen.removeprefix(DOCUMENT_LABEL_FILTER).partition("\x1f")
        found = structure.documents_with_document_label(self.project, label_set, value)
        self.panes.document_panel.proxy.set_allowed_ids(found)

    # -- the entity list ------------------------------------------------------------------------------

    def edit_entities(self) -> EntityDialog:
        dialog = EntityDialog(self.project, self.context.window)
        dialog.open()
        return dialog

    def import_entities(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.context.window, "Import an entity list", "", "CSV files (*.csv)"
        )
        if not name:
            return
        try:
            report = entities.import_entities_csv(self.project, Path(name))
        except Exception as error:
            self.context.show_error(error, "import the entity list")
            return
        self.context.message(report.summary(), 8000)
