"""Review > Auto-accept agreed: choose how many annotators must agree, seeing what each choice accepts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from annotator.services import adjudication
from annotator.services.project import Project
from annotator.ui.plain_text import plain_label


class AutoAcceptDialog(QDialog):
    def __init__(
        self, preview: dict[int, tuple[int, int]], annotators: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Auto-accept agreed spans")
        self.setObjectName("auto-accept-dialog")
        self.preview = preview
        intro = plain_label(
            f"Accept into the gold layer every undecided span that at least k of the {len(annotators)} "
            f"annotators ({', '.join(annotators)}) tagged exactly: same start, end and label, in every "
            "article."
        )
        intro.setWordWrap(True)
        self.k = QSpinBox()
        self.k.setRange(1, max(len(annotators), 1))
        self.k.setValue(min(2, len(annotators)))
        self.k.setMaximumWidth(self.k.fontMetrics().horizontalAdvance("000") + 40)
        self.k.valueChanged.connect(self._show)
        row = QHBoxLayout()
        row.addWidget(QLabel("At least k ="))
        row.addWidget(self.k)
        row.addStretch(1)
        self.outcome = plain_label()
        self.outcome.setObjectName("auto-accept-outcome")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        self.resize(460, 0)
        self._show()

    def _show(self) -> None:
        spans, articles = self.preview.get(self.k.value(), (0, 0))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if spans:
            self.outcome.setText(
                f"This accepts {spans:,} span{'s' * (spans != 1)} in {articles:,} "
                f"article{'s' * (articles != 1)}."
            )
            ok.setText(f"Accept {spans:,}")
        else:
            self.outcome.setText("Nothing to accept: no undecided span has that much agreement.")
            ok.setText("Accept")
        ok.setEnabled(spans > 0)


def ask_auto_accept(
    parent: QWidget, project: Project, document_ids: Sequence[str], annotators: Sequence[str]
) -> int | None:
    """The k chosen, or None when cancelled."""
    preview = adjudication.auto_accept_preview(project, document_ids, annotators)
    dialog = AutoAcceptDialog(preview, annotators, parent)
    return dialog.k.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
