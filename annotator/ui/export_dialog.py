"""File > Export: which format, which spans (layer, labels, document status) and where to."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.adjudication import GOLD_LAYER
from annotator.formats.registry import EXPORT_FORMATS, FORMATS
from annotator.services.exporting import ExportFilter

EVERYONE = "Everyone's spans"
ANY_STATUS = "Every document"
STATUS_CHOICES = {
    "Documents marked done": ("done",),
    "Documents in progress or done": ("in_progress", "done"),
}


class ExportDialog(QDialog):
    def __init__(
        self, annotators: list[str], labels: list[str], start_folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export dataset")
        self.format = QComboBox()
        for name in EXPORT_FORMATS:
            self.format.addItem(f"{name} — {FORMATS[name].description}", name)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.layer = QComboBox()
        self.layer.addItem(EVERYONE, None)
        self.layer.addItem("The gold layer (adjudicated, with provenance)", GOLD_LAYER)
        for name in annotators:
            self.layer.addItem(f"Only {name}'s spans", name)
        self.status = QComboBox()
        self.status.addItem(ANY_STATUS, ())
        for title, statuses in STATUS_CHOICES.items():
            self.status.addItem(title, statuses)
        self.labels = QListWidget()
        for name in labels:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.labels.addItem(item)
        self.labels.setMaximumHeight(100)
        self.path = QLineEdit(str(start_folder / "annotations.jsonl"))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(dark);")
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Spans", self.layer)
        form.addRow("Labels", self.labels)
        form.addRow("Documents", self.status)
        form.addRow("Save to", where)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self._format_changed()
        self.resize(560, 420)

    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def filters(self) -> ExportFilter:
        labels = tuple(
            self.labels.item(n).text()
            for n in range(self.labels.count())
            if self.labels.item(n).checkState() == Qt.CheckState.Checked
        )
        all_labels = len(labels) == self.labels.count()
        return ExportFilter(
            labels=() if all_labels else labels,
            statuses=tuple(self.status.currentData() or ()),
            layer=self.layer.currentData(),
        )

    def target(self) -> Path:
        return Path(self.path.text()).expanduser()

    def _format_changed(self) -> None:
        chosen = FORMATS[self.chosen_format()]
        current = self.target()
        stem = current.stem if current.suffix else current.name
        suffix = "" if chosen.folder else (chosen.suffixes[0] if chosen.suffixes else "")
        self.path.setText(str(current.with_name(stem + suffix)))
        self.hint.setText(
            "brat writes a folder with a .txt and .ann file per document."
            if chosen.folder
            else "Every document is written; documents without chosen spans are negative examples."
        )

    def _browse(self) -> None:
        chosen = FORMATS[self.chosen_format()]
        if chosen.folder:
            name = QFileDialog.getExistingDirectory(self, "Export into folder", str(self.target().parent))
        else:
            name, _ = QFileDialog.getSaveFileName(self, "Export dataset", str(self.target()))
        if name:
            self.path.setText(name)
