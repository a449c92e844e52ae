"""A dock that shows the project's annotation guidelines, rendered from Markdown.

Nothing is fetched from the network: remote images are refused, and a click on an http(s) link hands it
to the desktop's browser. Links to headings inside the guidelines scroll there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.services import labels as label_service
from annotator.services.project import Project
from annotator.ui.errors import error_box
from annotator.ui.label_text import markdown_to_html, rich_text_css
from annotator.ui.plain_text import escaped, plain_tooltip

GUIDELINES_FILTER = "Markdown (*.md *.markdown *.txt);;All files (*)"
EXTERNAL_SCHEMES = ("http", "https")


class GuidelinesBrowser(QTextBrowser):
    """A text browser that loads local resources only and reports the remote ones it refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.refused: list[str] = []

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        url = QUrl(url)
        if url.scheme() and url.scheme() not in ("file", "qrc", "data"):
            # Asked again at every paint (a refusal is not cached): remember each address once.
            if url.toString() not in self.refused:
                self.refused.append(url.toString())
            return None
        return super().loadResource(kind, url)


class GuidelinesDock(QDockWidget):
    """Shows the guidelines; "Use another guidelines file…" points the project at its own file."""

    guidelinesChanged = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None, *, load: bool = True) -> None:
        """``load=False`` leaves the guidelines to the first ``reload()`` (the window calls it anyway)."""
        super().__init__("Guidelines", parent)
        self.setObjectName("guidelines-dock")
        self.project = project
        self.browser = GuidelinesBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.follow_link)
        self.source = QLabel()
        self.source.setObjectName("guidelines-source")
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("Use another guidelines file…")
        self.choose_button.clicked.connect(self.choose_file)
        self.shipped_button = QPushButton("Use the shipped guidelines")
        self.shipped_button.clicked.connect(self.use_shipped)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.shipped_button)
        buttons.addStretch(1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.source)
        layout.addLayout(buttons)
        self.setWidget(body)
        self._stale = True
        self.visibilityChanged.connect(self._shown)
        if load:
            self.reload()

    def _shown(self, visible: bool) -> None:
        if visible and self._stale:
            self.reload()

    def reload(self, *, when_shown: bool = False) -> None:
        """Read the guidelines file again (it may have been edited outside Annotator) and show it.

        ``when_shown``: if the dock is hidden (behind another tab, say), wait until it is shown; rendering
        long guidelines is a noticeable part of starting the window.
        """
        if when_shown and not self.isVisible():
            self._stale = True
            return
        self._stale = False
        guidelines = label_service.load_guidelines(self.project)
        position = self.browser.verticalScrollBar().value()
        document = self.browser.document()
        document.setDefaultStyleSheet(rich_text_css(self.browser.palette()))
        # Relative image paths in a project's own guidelines resolve beside the file.
        self.browser.setSearchPaths([str(guidelines.path.parent)])
        document.setBaseUrl(QUrl.fromLocalFile(str(guidelines.path.parent) + "/"))
        self.browser.setHtml(markdown_to_html(guidelines.markdown))
        self.browser.verticalScrollBar().setValue(position)
        where = "Shipped guidelines" if guidelines.shipped else f"Project guidelines: {guidelines.path}"
        if guidelines.problem:
            where = f"<span style='color: #c62828;'>{escaped(guidelines.problem)}</span>"
        else:
            where = escaped(where)
        self.source.setTextFormat(Qt.TextFormat.RichText)
        self.source.setText(where)
        self.source.setToolTip(plain_tooltip(str(guidelines.path)))
        self.shipped_button.setEnabled(label_service.guidelines_path(self.project) is not None)

    def follow_link(self, url: QUrl) -> None:
        if url.scheme() in EXTERNAL_SCHEMES:
            self.open_external(url)
        elif url.hasFragment() and (url.isRelative() or url.scheme() == "file"):
            self.browser.scrollToAnchor(url.fragment())

    def open_external(self, url: QUrl) -> bool:
        """Hand a web link to the desktop's browser (only ever on a click)."""
        return QDesktopServices.openUrl(url)

    def choose_file(self) -> None:
        path = self.ask_guidelines_path()
        if path is not None:
            self._set_path(path)

    def use_shipped(self) -> None:
        self._set_path(None)

    def _set_path(self, path: Path | None) -> None:
        try:
            label_service.set_guidelines_path(self.project, path)
        except AnnotatorError as error:
            error_box(self, error, action="use these guidelines")
            return
        self.browser.verticalScrollBar().setValue(0)
        self.reload()
        self.guidelinesChanged.emit()

    def ask_guidelines_path(self) -> Path | None:
        current = label_service.guidelines_path(self.project)
        start = str(current.parent) if current is not None else ""
        name, _filter = QFileDialog.getOpenFileName(self, "Guidelines file", start, GUIDELINES_FILTER)
        return Path(name) if name else None

    def changeEvent(self, event: QEvent) -> None:
        # A theme switch changes the palette: render again so tables and code follow it.
        if event.type() == QEvent.Type.PaletteChange:
            self.reload()
        super().changeEvent(event)
