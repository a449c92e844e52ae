"""One side of the side-by-side reader: a document chooser, status and note over an article view."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QListView,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.models import DocumentStatus
from annotator.ui.article_view import ArticleView
from annotator.ui.document_model import DOCUMENT_ID_ROLE, DocumentListModel
from annotator.ui.plain_text import ElidedLabel, literal_ampersands, plain_tooltip


class ArticlePane(QFrame):
    documentRequested = Signal(str)
    statusChosen = Signal(str, str)  # document id, status value
    documentNoteRequested = Signal(str)  # document id
    layersChanged = Signal()

    def __init__(self, name: str, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        # Colleagues' notes on the shown article (from the team hub): shown beside the own note, not editable.
        self.colleagues_notes: list[tuple[str, str]] = []
        self.setObjectName(f"pane-{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.chooser = QComboBox()
        # Through a C++ proxy: the popup lays out every row on each restyle and each reset, and the proxy
        # answers those per-row calls without calling into Python (seconds at 100,000 articles otherwise).
        self.chooser_rows = QSortFilterProxyModel(self)
        self.chooser_rows.setSourceModel(model)
        self.chooser.setModel(self.chooser_rows)
        self.chooser.setModelColumn(0)
        self.chooser.setPlaceholderText("Choose an article…")
        self.chooser.setCurrentIndex(-1)
        self.chooser.activated.connect(self._chosen)
        # Long titles must not force a wide window: the chooser shrinks and elides instead.
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(6)
        popup = QListView()
        popup.setUniformItemSizes(True)  # else the popup measures every title on each layout
        self.chooser.setView(popup)
        self.chooser.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.chooser.setMinimumWidth(90)
        self.chooser.setToolTip("The article shown in this pane")
        # A new list of articles (an import, another program's change) must not leave the chooser on a row
        # of its own choosing: it names the article the pane shows, or asks for one. (Connected
        # after the popup is set: its own reset handling picks the first row, and this must come after it.)
        self.chooser_rows.modelReset.connect(lambda: self.sync_chooser(model))
        self.status = QComboBox()
        for status in DocumentStatus:
            self.status.addItem(status.display_name, status.value)
        self.status.setToolTip("Your progress on this article")
        self.status.activated.connect(self._status_chosen)
        self.note_button = QToolButton()
        self.note_button.setText("Note…")
        self.note_button.setToolTip("Write a note on the whole article")
        self.note_button.clicked.connect(self._note_requested)
        self.layers: list[str] | None = None  # None: the user's own layer only
        self.own = ""
        self.layers_button = QToolButton()
        self.layers_button.setObjectName("layers-button")
        self.layers_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.layers_menu = QMenu(self.layers_button)
        self.layers_button.setMenu(self.layers_menu)
        self.info = ElidedLabel()
        self.info.setStyleSheet("color: palette(dark);")
        # A long source path must not widen the pane: the line ends in "…", the full text is its tooltip.
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.view = ArticleView()
        # The title has a row of its own, so that it shows in full where the pane leaves room.
        controls = QHBoxLayout()
        controls.addWidget(self.status)
        controls.addWidget(self.layers_button)
        controls.addWidget(self.note_button)
        controls.addWidget(self.info, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.chooser)
        layout.addLayout(controls)
        layout.addWidget(self.view, 1)
        self.set_active(False)
        self.show_summary(None)

    @property
    def document_id(self) -> str | None:
        record = self.view.document_record
        return record.id if record else None

    def _chosen(self, row: int) -> None:
        document_id = self.chooser.itemData(row, DOCUMENT_ID_ROLE)
        if document_id:
            self.documentRequested.emit(document_id)

    def _status_chosen(self, row: int) -> None:
        if self.document_id:
            self.statusChosen.emit(self.document_id, self.status.itemData(row))

    def _note_requested(self) -> None:
        if self.document_id:
            self.documentNoteRequested.emit(self.document_id)

    def set_layer_choices(self, names: list[str], own: str) -> None:
        """Offer every layer; checked ones are shown. The user's own layer is listed first."""
        self.own = own
        self.layers_menu.clear()
        for name in [own, *[n for n in names if n != own]]:
            title = f"{name} (you)" if name == own else name
            action = self.layers_menu.addAction(literal_ampersands(title))
            action.setCheckable(True)
            action.setData(name)
            action.toggled.connect(self._layers_toggled)
        self.set_layers(self.layers)

    def shown_layers(self) -> list[str]:
        return self.layers if self.layers is not None else [self.own]

    def _layers_toggled(self) -> None:
        chosen = [str(a.data()) for a in self.layers_menu.actions() if a.isChecked()]
        if not chosen:
            # A pane always shows someone's spans: the last layer cannot be unchecked.
            self.set_layers(self.layers)
            return
        self.layers = None if chosen == [self.own] else chosen
        self.update_layers_text()
        self.layersChanged.emit()

    def set_layers(self, layers: list[str] | None) -> None:
        """Show these layers (None: the user's own); the menu's checks always say what is shown."""
        self.layers = layers
        shown = set(self.shown_layers())
        for action in self.layers_menu.actions():
            action.blockSignals(True)
            action.setChecked(str(action.data()) in shown)
            action.blockSignals(False)
        self.update_layers_text()

    def update_layers_text(self) -> None:
        """The button says whose spans the pane shows."""
        names = ["you" if name == self.own else name for name in self.shown_layers()]
        text = "Spans: " + ", ".join(names)
        self.layers_button.setText(literal_ampersands(text if len(text) <= 28 else text[:27] + "…"))
        self.layers_button.setToolTip(
            plain_tooltip(f"{text}. Choose whose spans this pane shows (colleagues' spans are read-only).")
        )

    def sync_chooser(self, model: DocumentListModel) -> None:
        row = model.row_of(self.document_id) if self.document_id else None
        self.chooser.setCurrentIndex(row if row is not None else -1)

    def show_summary(self, status: DocumentStatus | None) -> None:
        """Refresh the header from the document's current status, span count and note."""
        enabled = status is not None
        self.status.setEnabled(enabled)
        self.note_button.setEnabled(enabled)
        record = self.view.document_record
        if status is None or record is None:
            self.info.setText("")
            return
        self.status.setCurrentIndex(self.status.findData(status.value))
        count = len(self.view.index)
        parts = [f"{len(record.text):,} characters", f"{count} span{'s' if count != 1 else ''}"]
        if record.note:
            parts.append("note: " + record.note.replace("\n", " ")[:80])
        if self.colleagues_notes:
            parts.append("notes of " + ", ".join(name for name, _ in self.colleagues_notes))
        parts.append(record.source)
        text = " · ".join(parts)
        self.info.setText(text)
        tip = text if not record.note else f"{text}\n\nNote:\n{record.note}"
        tip += "".join(f"\n\n{name}'s note (read-only):\n{note}" for name, note in self.colleagues_notes)
        self.info.setToolTip(plain_tooltip(tip))
        self.note_button.setText("Note ✎" if record.note else "Note…")

    def set_active(self, active: bool) -> None:
        if active == self.property("active"):
            return  # a style sheet set again restyles the whole pane: milliseconds on every article opened
        self.setProperty("active", active)
        # A coloured edge shows which pane the label keys act on.
        colour = "palette(highlight)" if active else "transparent"
        # The pane's style sheet reaches its buttons too: the layers button keeps room for its menu arrow,
        # which otherwise is drawn over the last letters of "Spans: you".
        self.setStyleSheet(
            f"ArticlePane {{ border: 2px solid {colour}; border-radius: 4px; }}"
            " QToolButton#layers-button { padding-right: 14px; }"
        )
