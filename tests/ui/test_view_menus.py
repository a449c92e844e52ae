"""View > Panels lists every panel of the window, those made later included, and each entry shows or
hides its panel; View > Theme switches the theme and remembers it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QTabBar

from annotator.services.project import Project
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory


def panel_entries(window: MainWindow) -> list[str]:
    menu = window.view_menus.panels
    menu.aboutToShow.emit()
    return [action.text() for action in menu.actions() if not action.isSeparator()]


def test_the_panels_menu_lists_every_dock_and_toggles_it(
    project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    docks = window.findChildren(QDockWidget)
    entries = panel_entries(window)
    assert sorted(entries) == sorted([dock.windowTitle() for dock in docks] + ["Toolbar"])
    assert sorted(entries[:2]) == ["Articles", "Search"]  # left-hand panels first
    added = window._tabbed_dock("Later panel", "later-dock", QLabel("later"), "spans")
    assert "Later panel" in panel_entries(window)
    window.spans_dock.raise_()
    for action in window.view_menus.panels.actions():
        if action.text() == "Spans":
            action.trigger()
    assert window.spans_dock.isHidden()
    added.toggleViewAction().trigger()
    assert added.isHidden() != added.toggleViewAction().isChecked()


def test_the_theme_menu_switches_and_remembers(project: Project, make_window: WindowFactory) -> None:
    window = make_window(project)
    dark = next(action for action in window.view_menus.theme_group.actions() if action.text() == "Dark")
    dark.trigger()
    assert window.settings.value("view/theme") == "dark" and dark.isChecked()
    light = next(action for action in window.view_menus.theme_group.actions() if action.text() == "Light")
    light.trigger()
    assert window.settings.value("view/theme") == "light" and not dark.isChecked()


def test_panel_tabs_show_whole_titles(project: Project, make_window: WindowFactory) -> None:
    window = make_window(project)
    window.commands["view.review"].setChecked(True)  # a fifth panel joins the right-hand tabs
    window._tabbed_dock("A panel made later", "later-dock", QLabel("later"), "spans")
    QApplication.processEvents()
    bars = window.findChildren(QTabBar)
    assert bars and all(bar.elideMode() is Qt.TextElideMode.ElideNone for bar in bars)
    titles = {bar.tabText(n) for bar in bars for n in range(bar.count())}
    assert {"Spans", "Review", "Guidelines", "A panel made later"} <= titles
