"""View > Theme and View > Panels, and the panels (dock widgets) themselves.

The Panels menu is built from the window's dock widgets each time it opens, so a panel added later (by a
room of the window or a new feature) is listed without anyone registering it: left-hand panels first, then
right and bottom, each side in the order the panels were made, then the toolbar.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QTabBar, QToolBar, QWidget

from annotator.ui.theme import THEMES

_SIDES = (
    Qt.DockWidgetArea.LeftDockWidgetArea,
    Qt.DockWidgetArea.TopDockWidgetArea,
    Qt.DockWidgetArea.RightDockWidgetArea,
    Qt.DockWidgetArea.BottomDockWidgetArea,
)


class ViewMenus:
    def __init__(
        self,
        window: QMainWindow,
        view_menu: QMenu,
        toolbar: QToolBar,
        settings: QSettings,
        set_theme: Callable[[str], None],
    ) -> None:
        self.window = window
        self.toolbar = toolbar
        theme_menu = view_menu.addMenu("&Theme")
        current = str(settings.value("view/theme", "system"))
        self.theme_group = QActionGroup(window)
        for theme in THEMES:
            action = QAction(theme.capitalize(), window, checkable=True)
            action.setChecked(theme == current)
            action.triggered.connect(lambda _checked=False, chosen=theme: set_theme(chosen))
            self.theme_group.addAction(action)
            theme_menu.addAction(action)
        self.tabs = _WholeTabTitles(window)
        window.installEventFilter(self.tabs)
        for bar in window.findChildren(QTabBar):  # (those made before)
            _whole_titles(bar)
        self.panels = view_menu.addMenu("&Panels")
        self.panels.aboutToShow.connect(self.list_panels)
        self.list_panels()

    def docks(self) -> list[QDockWidget]:
        """The window's panels in menu order."""
        found = self.window.findChildren(QDockWidget)
        made = {id(dock): n for n, dock in enumerate(found)}

        def side(dock: QDockWidget) -> int:
            area = self.window.dockWidgetArea(dock)
            return _SIDES.index(area) if area in _SIDES else len(_SIDES)

        return sorted(found, key=lambda dock: (side(dock), made[id(dock)]))

    def list_panels(self) -> None:
        # The toggle actions belong to their docks: clearing the menu only takes them out of it.
        self.panels.clear()
        for dock in self.docks():
            self.panels.addAction(dock.toggleViewAction())
        self.panels.addSeparator()
        self.panels.addAction(self.toolbar.toggleViewAction())


def add_dock(
    window: QMainWindow, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea
) -> QDockWidget:
    """A panel that can be moved and closed (never floated off on its own), named for the saved layout."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.addDockWidget(area, dock)
    return dock


def tabbed_dock(
    window: QMainWindow, beside: QDockWidget, front: QDockWidget, title: str, name: str, widget: QWidget
) -> QDockWidget:
    """A right-hand panel in a tab beside ``beside``, leaving ``front`` the tab shown."""
    dock = add_dock(window, title, name, widget, Qt.DockWidgetArea.RightDockWidgetArea)
    window.tabifyDockWidget(beside, dock)
    front.raise_()
    return dock


class _WholeTabTitles(QObject):
    """The tabs of panels sharing a place show whole titles, scrolling when they do not fit: elided to a
    few letters each ("S…", "R…", "Gui…") none could be told apart. Qt makes these tab bars itself, when
    panels are first put together, so each is set up as it arrives."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildPolished:
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QTabBar):
                _whole_titles(child)
        return False


def _whole_titles(bar: QTabBar) -> None:
    bar.setElideMode(Qt.TextElideMode.ElideNone)
    bar.setUsesScrollButtons(True)
