"""The label editor: add, rename, recolour, set hotkeys, describe, reorder and delete labels; load and save
schema files. Relation types, attributes and document label sets have their own tabs (``schema_tabs``).

Every change is applied at once through ``annotator.services.labels`` (one transaction each) and announced
with ``labelsChanged``, so the window can rebuild its palette, colours and shortcuts. Questions that need
a separate window (colour, file names, what to do with a deleted label's spans) are small methods, so a
different front end or a test can answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QKeySequence, QPixmap, QShortcut, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.domain.models import Label
from annotator.formats.label_schema import HOTKEYS
from annotator.services import labels as label_service
from annotator.services.labels import DELETE_SPANS, DeletedLabel, SpanDisposal
from annotator.services.project import Project
from annotator.ui.errors import error_box
from annotator.ui.label_model import LabelListModel
from annotator.ui.label_text import markdown_to_html, rich_text_css
from annotator.ui.plain_text import escaped, plain_label
from annotator.ui.schema_tabs import SchemaTabs

SCHEMA_FILTER = "Label schemas (*.json);;All files (*)"


def unused_name(base: str, taken: set[str]) -> str:
    """``base``, or ``base 2``, ``base 3``… whichever is free first."""
    if base not in taken:
        return base
    number = 2
    while f"{base} {number}" in taken:
        number += 1
    return f"{base} {number}"


class DeleteLabelDialog(QDialog):
    """Asks what happens to the spans of a label being deleted: delete them, or move them elsewhere."""

    def __init__(self, label: str, span_count: int, others: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Delete label")
        self.setObjectName("delete-label-dialog")
        layout = QVBoxLayout(self)
        self.delete_choice = QRadioButton(f"Delete the {span_count} span(s) as well")
        self.move_choice = QRadioButton("Move them to:")
        self.target = QComboBox()
        self.target.addItems(others)
        if span_count:
            question = QLabel(
                f"<b>{escaped(label)}</b> is used by {span_count} span(s). What should happen to them?"
            )
            question.setTextFormat(Qt.TextFormat.RichText)
            question.setWordWrap(True)
            layout.addWidget(question)
            group = QButtonGroup(self)
            for button in (self.move_choice, self.delete_choice):
                group.addButton(button)
            move_row = QHBoxLayout()
            move_row.addWidget(self.move_choice)
            move_row.addWidget(self.target, 1)
            layout.addLayout(move_row)
            layout.addWidget(self.delete_choice)
            # Moving keeps the analysts' work, so it is the default whenever there is somewhere to move to.
            self.move_choice.setEnabled(bool(others))
            self.target.setEnabled(bool(others))
            (self.move_choice if others else self.delete_choice).setChecked(True)
            self.move_choice.toggled.connect(self.target.setEnabled)
        else:
            question = QLabel(f"Delete the label <b>{escaped(label)}</b>? No spans use it.")
            question.setTextFormat(Qt.TextFormat.RichText)
            layout.addWidget(question)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = buttons.addButton("Delete label", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.span_count = span_count
        self.setMinimumWidth(420)

    def disposal(self) -> SpanDisposal:
        if self.span_count and self.move_choice.isChecked():
            return SpanDisposal(move_to=self.target.currentText())
        return DELETE_SPANS


class LabelEditorDialog(QDialog):
    labelsChanged = Signal()
    # The deleted label with its spans (a ``DeletedLabel``), for an undo command in the window.
    labelDeleted = Signal(object)
    schemaPartDeleted = Signal(object)  # a relation type, attribute or label set with its data

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Labels")
        self.setObjectName("label-editor")
        self.model = LabelListModel()
        self.current_name: str | None = None
        self._shown_description = ""
        self._build()
        self.refresh()
        if self.model.rowCount():
            self.table.selectRow(0)
        self.resize(900, 560)

    # -- building -------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.add_button = QPushButton("&Add")
        self.add_button.setToolTip("Add a label (Ctrl+N)")
        self.up_button = QPushButton("Move &up")
        self.up_button.setToolTip("Move the label up the palette (Alt+Up)")
        self.down_button = QPushButton("Move do&wn")
        self.down_button.setToolTip("Move the label down the palette (Alt+Down)")
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setToolTip("Delete the label (Delete)")
        self.add_button.clicked.connect(self.add_label)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.delete_button.clicked.connect(self.delete_current)
        for sequence, slot in (
            (QKeySequence.StandardKey.New, self.add_label),
            ("Alt+Up", lambda: self.move_current(-1)),
            ("Alt+Down", lambda: self.move_current(1)),
        ):
            QShortcut(QKeySequence(sequence), self).activated.connect(slot)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_current)
        list_buttons = QGridLayout()
        list_buttons.addWidget(self.add_button, 0, 0)
        list_buttons.addWidget(self.delete_button, 0, 1)
        list_buttons.addWidget(self.up_button, 1, 0)
        list_buttons.addWidget(self.down_button, 1, 1)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addLayout(list_buttons)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Label name, as exported")
        self.name_edit.editingFinished.connect(self._commit_name)
        self.name_edit.installEventFilter(self)
        self.colour_button = QPushButton()
        self.colour_button.setToolTip("Choose the highlight colour")
        self.colour_button.clicked.connect(self.choose_colour)
        self.hotkey_combo = QComboBox()
        self.hotkey_combo.setToolTip("The key that applies this label; each key belongs to one label")
        self.hotkey_combo.activated.connect(self._commit_hotkey)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setPlaceholderText(
            "What the label means, in Markdown: *emphasis*, **bold**, lists…"
        )
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.textChanged.connect(self._update_preview)
        self.description_edit.installEventFilter(self)
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setObjectName("description-preview")
        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        self.colour_button.setMinimumWidth(120)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour_button)
        colour_row.addStretch(1)
        self.hotkey_combo.setMinimumWidth(180)
        hotkey_row = QHBoxLayout()
        hotkey_row.addWidget(self.hotkey_combo)
        hotkey_row.addStretch(1)
        form.addRow("&Colour:", colour_row)
        form.addRow("&Hotkey:", hotkey_row)
        # Rows holding a layout get no buddy by themselves; Alt+C and Alt+H should still reach the field.
        for row, field in ((colour_row, self.colour_button), (hotkey_row, self.hotkey_combo)):
            caption = form.labelForField(row)
            if isinstance(caption, QLabel):
                caption.setBuddy(field)
        description_label = QLabel("D&escription (Markdown):")
        description_label.setBuddy(self.description_edit)
        texts = QGridLayout()
        texts.addWidget(description_label, 0, 0)
        texts.addWidget(QLabel("Preview:"), 0, 1)
        texts.addWidget(self.description_edit, 1, 0)
        texts.addWidget(self.preview, 1, 1)
        details = QVBoxLayout()
        details.addLayout(form)
        details.addLayout(texts, 1)
        self.details = QGroupBox("Selected label")
        self.details.setLayout(details)

        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(self.details, 5)

        self.load_button = QPushButton("&Load schema…")
        self.load_button.setToolTip(
            "Merge labels from a schema file: existing ones are updated, new ones added"
        )
        self.save_button = QPushButton("&Save schema…")
        self.save_button.setToolTip("Write these labels to a schema file")
        self.load_button.clicked.connect(self.load_schema)
        self.save_button.clicked.connect(self.save_schema)
        self.status = plain_label()
        self.status.setObjectName("label-editor-status")
        self.status.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.load_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        self.tabs = SchemaTabs(self, self.project, columns, (self.labelsChanged, self.schemaPartDeleted))
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        # Enter confirms the field being edited (a new name); it must not also press a button.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)

    # -- showing --------------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Read the labels again and select ``select`` (or keep the current label selected)."""
        wanted = select or self.current_name
        self.model.set_labels(
            label_service.list_labels(self.project), label_service.span_counts(self.project)
        )
        row = self.model.row_of(wanted) if wanted else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.table.selectRow(row)
        self._show(self.model.label_at(row) if row is not None else None)

    def current_label(self) -> Label | None:
        row = self.model.row_of(self.current_name) if self.current_name else None
        return self.model.label_at(row) if row is not None else None

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._commit_description()
        rows = selected.indexes()
        self._show(self.model.label_at(rows[0].row()) if rows else None)

    def _show(self, label: Label | None) -> None:
        self.current_name = label.name if label else None
        self.details.setEnabled(label is not None)
        for button in (self.up_button, self.down_button, self.delete_button):
            button.setEnabled(label is not None)
        if label is None:
            return
        row = self.model.row_of(label.name) or 0
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(row < self.model.rowCount() - 1)
        self.name_edit.setText(label.name)
        pixmap = QPixmap(14, 14)
        pixmap.fill(QColor(label.colour))
        self.colour_button.setIcon(QIcon(pixmap))
        self.colour_button.setText(label.colour)
        self._fill_hotkeys(label)
        if self.description_edit.toPlainText() != label.description:
            self.description_edit.setPlainText(label.description)
        self._shown_description = label.description
        self._update_preview()

    def _fill_hotkeys(self, label: Label) -> None:
        owners = {other.hotkey: other.name for other in self.model.labels() if other.hotkey}
        combo = self.hotkey_combo
        combo.clear()
        combo.addItem("None", "")
        for key in HOTKEYS:
            owner = owners.get(key)
            taken = owner is not None and owner != label.name
            combo.addItem(f"{key}   (used by {owner})" if taken else key, key)
            if taken:
                # A key already given to another label cannot be chosen: free it there first.
                item_model = combo.model()
                if isinstance(item_model, QStandardItemModel):
                    item = item_model.item(combo.count() - 1)
                    if item is not None:
                        item.setEnabled(False)
        combo.setCurrentIndex(max(0, combo.findData(label.hotkey)))

    def _update_preview(self) -> None:
        self.preview.document().setDefaultStyleSheet(rich_text_css(self.preview.palette()))
        self.preview.setHtml(markdown_to_html(self.description_edit.toPlainText()))

    # -- changing -------------------------------------------------------------------------------------

    def _apply(self, action: str, change: Callable[[], object], *, select: str | None = None) -> bool:
        """Run one service call; on success re-read and announce it, on failure show why."""
        try:
            change()
        except AnnotatorError as error:
            self.show_error(error, action)
            self.refresh()
            return False
        self.refresh(select)
        self.labelsChanged.emit()
        return True

    def show_error(self, error: AnnotatorError, action: str) -> None:
        error_box(self, error, action=action)

    def add_label(self) -> None:
        self._commit_description()
        name = unused_name("new label", {label.name for label in self.model.labels()})
        if self._apply("add a label", lambda: label_service.add_label(self.project, name), select=name):
            # Ready to type the real name at once; Enter applies it.
            self.name_edit.setFocus()
            self.name_edit.selectAll()

    def _commit_name(self) -> None:
        label = self.current_label()
        new_name = self.name_edit.text().strip()
        if label is None or new_name == label.name:
            return
        self._apply(
            "rename the label",
            lambda: label_service.update_label(self.project, label.name, new_name=new_name, seen=label),
            select=new_name,
        )

    def choose_colour(self) -> None:
        label = self.current_label()
        if label is None:
            return
        colour = self.ask_colour(QColor(label.colour))
        if colour is None or not colour.isValid() or colour.name() == label.colour:
            return
        self._apply(
            "change the colour",
            lambda: label_service.update_label(self.project, label.name, colour=colour.name(), seen=label),
        )

    def ask_colour(self, current: QColor) -> QColor | None:
        colour = QColorDialog.getColor(
            current, self, "Label colour", QColorDialog.ColorDialogOption.DontUseNativeDialog
        )
        return colour if colour.isValid() else None

    def _commit_hotkey(self, index: int) -> None:
        label = self.current_label()
        hotkey = str(self.hotkey_combo.itemData(index) or "")
        if label is None or hotkey == label.hotkey:
            return
        self._apply(
            "set the hotkey",
            lambda: label_service.update_label(self.project, label.name, hotkey=hotkey, seen=label),
        )

    def _commit_description(self) -> None:
        label = self.current_label()
        text = self.description_edit.toPlainText()
        if label is None or text == self._shown_description:
            return
        self._shown_description = text
        self._apply(
            "save the description",
            lambda: label_service.update_label(self.project, label.name, description=text, seen=label),
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The description is saved when the analyst leaves the editor, not on every keystroke.
        if watched is self.description_edit and event.type() == QEvent.Type.FocusOut:
            self._commit_description()
        # Enter in the name field renames, and stops there: passed on to the dialog, it would "click" the
        # default button of the error box that a refused name has just opened.
        if (
            watched is self.name_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._commit_name()
            return True
        return super().eventFilter(watched, event)

    def move_current(self, steps: int) -> None:
        label = self.current_label()
        if label is None:
            return
        self._commit_description()
        self._apply("move the label", lambda: label_service.move_label(self.project, label.name, steps))

    def delete_current(self) -> None:
        label = self.current_label()
        if label is None:
            return
        self._commit_description()
        count = self.model.span_count(label.name)
        others = [other.name for other in self.model.labels() if other.name != label.name]
        disposal = self.ask_span_disposal(label.name, count, others)
        if disposal is None:
            return
        deleted: list[DeletedLabel] = []
        # The selection moves to the next label down, or up when the last one goes.
        row = self.model.row_of(label.name) or 0
        following = others[min(row, len(others) - 1)] if others else None
        if self._apply(
            "delete the label",
            lambda: deleted.append(
                label_service.delete_label(self.project, label.name, disposal, seen=label)
            ),
            select=following,
        ):
            self.labelDeleted.emit(deleted[0])

    def ask_span_disposal(self, label: str, span_count: int, others: list[str]) -> SpanDisposal | None:
        """Ask what to do with the label's spans; None means the analyst cancelled."""
        dialog = DeleteLabelDialog(label, span_count, others, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.disposal()
        finally:
            dialog.deleteLater()

    # -- schema files ---------------------------------------------------------------------------------

    def load_schema(self) -> None:
        self._commit_description()
        path = self.ask_open_schema_path()
        if path is None:
            return
        merges: list[label_service.SchemaMerge] = []
        if self._apply(
            "load the label schema", lambda: merges.append(label_service.load_schema(self.project, path))
        ):
            self.status.setText(f"{path.name}: {merges[0].summary()}.")

    def save_schema(self) -> None:
        self._commit_description()
        path = self.ask_save_schema_path()
        if path is None:
            return
        try:
            count = label_service.save_schema(self.project, path)
        except AnnotatorError as error:
            self.show_error(error, "save the label schema")
            return
        self.status.setText(f"{count} label(s) saved to {path.name}.")

    def ask_open_schema_path(self) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(self, "Load a label schema", "", SCHEMA_FILTER)
        return Path(name) if name else None

    def ask_save_schema_path(self) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save the label schema", "labels.json", SCHEMA_FILTER
        )
        return Path(name) if name else None

    def done(self, result: int) -> None:
        # Closing keeps a description still being typed.
        self._commit_description()
        super().done(result)
