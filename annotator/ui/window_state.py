"""What the window remembers between runs: size and place, dock layout, the splitter, the article in
each pane, which pane was active, scrolling in step, and the reading zoom."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow

from annotator.ui.pane_controller import PaneController

ZOOM_STEPS = (-4, 12)  # points below and above the default reading size


class WindowState:
    def __init__(self, window: QMainWindow, settings: QSettings, panes: PaneController) -> None:
        self.window = window
        self.settings = settings
        self.panes = panes
        self.pending_geometry: QByteArray | None = None

    def restore(self, sync: QAction, first_docks: dict[str, QDockWidget]) -> None:
        window, settings = self.window, self.settings
        # Dock layout first: closed panels change the minimum size that the geometry must respect.
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            window.restoreGeometry(geometry)
            # Until the window is shown its layout still counts the closed panels; apply it again then.
            self.pending_geometry = geometry
        else:
            window.resize(1400, 860)
        if not isinstance(state, QByteArray):
            # First start: the articles get most of the width; a compact label palette over the span list.
            articles, spans, labels = first_docks["articles"], first_docks["spans"], first_docks["labels"]
            window.resizeDocks([articles, spans], [230, 300], Qt.Orientation.Horizontal)
            window.resizeDocks([labels, spans], [230, 520], Qt.Orientation.Vertical)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.panes.splitter.restoreState(splitter)
        sync.setChecked(bool(settings.value("view/sync_scrolling", False, type=bool)))
        self.set_zoom(self.zoom())
        known = set(self.panes.documents.document_ids())
        fallback = self.panes.documents.document_ids()
        for number, pane in enumerate(self.panes.panes):
            document_id = settings.value(f"panes/{pane.name}")
            if not (isinstance(document_id, str) and document_id in known):
                document_id = fallback[number] if number < len(fallback) else None
            if document_id:
                self.panes.open_document(document_id, pane, focus=False)
        right = settings.value("panes/active") == "right"
        self.panes.active_pane = self.panes.right if right else self.panes.left

    def save(self, sync: QAction) -> None:
        settings = self.settings
        settings.setValue("window/geometry", self.window.saveGeometry())
        settings.setValue("window/state", self.window.saveState())
        settings.setValue("window/splitter", self.panes.splitter.saveState())
        settings.setValue("view/sync_scrolling", sync.isChecked())
        for pane in self.panes.panes:
            settings.setValue(f"panes/{pane.name}", pane.document_id or "")
        settings.setValue("panes/active", self.panes.active_pane.name)
        settings.sync()

    def shown(self) -> None:
        if self.pending_geometry is not None:
            geometry, self.pending_geometry = self.pending_geometry, None
            self.window.restoreGeometry(geometry)

    # -- zoom -----------------------------------------------------------------------------------------

    def zoom(self) -> int:
        value = self.settings.value("view/zoom", 0)
        try:
            return int(str(value))
        except ValueError:
            return 0

    def set_zoom(self, steps: int) -> None:
        """Text size in both panes, ``steps`` points from the default; remembered."""
        steps = max(ZOOM_STEPS[0], min(ZOOM_STEPS[1], steps))
        self.settings.setValue("view/zoom", steps)
        for pane in self.panes.panes:
            pane.view.set_zoom(steps)

    def zoom_by(self, step: int) -> None:
        self.set_zoom(self.zoom() + step)
