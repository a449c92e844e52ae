"""Toolbar icons: line drawings in resources/icons, drawn in the theme's text colour so that they read
on light and dark alike (the files draw in black; the colour is swapped when an icon is made)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QIcon, QPalette, QPixmap

from annotator.paths import resources_dir


@cache
def _drawing(name: str) -> str:
    path = resources_dir() / "icons" / f"{name}.svg"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def themed_icon(name: str, palette: QPalette) -> QIcon:
    drawing = _drawing(name)
    if not drawing:
        return QIcon()
    icon = QIcon()
    for group, mode in (
        (QPalette.ColorGroup.Active, QIcon.Mode.Normal),
        (QPalette.ColorGroup.Disabled, QIcon.Mode.Disabled),
    ):
        colour = palette.color(group, QPalette.ColorRole.WindowText).name()
        pixmap = QPixmap()
        pixmap.loadFromData(QByteArray(drawing.replace("#000000", colour).encode()), "SVG")
        icon.addPixmap(pixmap, mode)
    return icon
