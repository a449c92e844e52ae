"""The label palette: one button per label with its colour and hotkey; a click applies the label."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from annotator.domain.models import Label
from annotator.ui.label_text import label_tooltip_html
from annotator.ui.plain_text import literal_ampersands


def text_colour_for(background: QColor) -> str:
    # Perceived brightness decides black or white text, so every label stays readable.
    brightness = 0.299 * background.red() + 0.587 * background.green() + 0.114 * background.blue()
    return "#111111" if brightness > 150 else "#ffffff"


class LabelButton(QPushButton):
    """A label's button. Its tooltip (the description, rendered from Markdown) is made when first asked
    for: rendering every label's at start cost the Markdown library's import and the rendering."""

    def __init__(self, label: Label) -> None:
        name = literal_ampersands(label.name)
        super().__init__(f"{label.hotkey}   {name}" if label.hotkey else name)
        self.label = label

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and not self.toolTip():
            self.setToolTip(label_tooltip_html(self.label))
        return super().event(event)


class LabelPalette(QWidget):
    labelChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 8, 8, 8)
        self._layout.setSpacing(6)
        self.buttons: dict[str, LabelButton] = {}

    def set_labels(self, labels: list[Label]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # Hidden at once: deleteLater waits for the event loop, and until then the old buttons and
                # hint stayed on screen where they were, under the new ones.
                widget.hide()
                widget.deleteLater()
        self.buttons.clear()
        for label in labels:
            button = LabelButton(label)
            colour = QColor(label.colour)
            button.setStyleSheet(
                "QPushButton { text-align: left; padding: 6px 10px; border-radius: 4px;"
                f" background: {colour.name()}; color: {text_colour_for(colour)}; border: 1px solid "
                f"{colour.darker(130).name()}; }}"
                f" QPushButton:hover {{ background: {colour.lighter(112).name()}; }}"
            )
            button.clicked.connect(lambda _checked=False, name=label.name: self.labelChosen.emit(name))
            self._layout.addWidget(button)
            self.buttons[label.name] = button
        hint = QLabel(
            "Select text, then press a label's key or click it. Click a span to select it; Delete removes it."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid); font-size: 9pt;")
        self._layout.addWidget(hint)
        self._layout.addStretch(1)
