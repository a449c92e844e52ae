"""One side of the side-by-side reader: a document chooser over an article view."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from annotator.ui.article_view import ArticleView
from annotator.ui.document_model import DOCUMENT_ID_ROLE, DocumentListModel


class ArticlePane(QFrame):
    documentRequested = Signal(str)

    def __init__(self, name: str, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"pane-{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.chooser = QComboBox()
        self.chooser.setModel(model)
        self.chooser.setModelColumn(0)
        self.chooser.setPlaceholderText("Choose an article…")
        self.chooser.setCurrentIndex(-1)
        self.chooser.activated.connect(self._chosen)
        # Long titles must not force a wide window: the chooser shrinks and elides instead.
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(12)
        self.info = QLabel()
        self.info.setStyleSheet("color: palette(dark);")
        # A long source path must not widen the pane: the label may be cut, the full text is its tooltip.
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.view = ArticleView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.chooser)
        layout.addWidget(self.info)
        layout.addWidget(self.view, 1)
        self.set_active(False)

    @property
    def document_id(self) -> str | None:
        record = self.view.document_record
        return record.id if record else None

    def _chosen(self, row: int) -> None:
        document_id = self.chooser.itemData(row, DOCUMENT_ID_ROLE)
        if document_id:
            self.documentRequested.emit(document_id)

    def sync_chooser(self, model: DocumentListModel) -> None:
        row = model.row_of(self.document_id) if self.document_id else None
        self.chooser.setCurrentIndex(row if row is not None else -1)

    def set_info(self, text: str) -> None:
        self.info.setText(text)
        self.info.setToolTip(text)

    def set_active(self, active: bool) -> None:
        # A coloured edge shows which pane the label keys act on.
        colour = "palette(highlight)" if active else "transparent"
        self.setStyleSheet(f"ArticlePane {{ border: 2px solid {colour}; border-radius: 4px; }}")
