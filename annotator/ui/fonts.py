"""Fonts: Chinese text needs a CJK font, which some minimal Linux installs lack (text shows as boxes)."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

CJK_SYSTEMS = (
    QFontDatabase.WritingSystem.SimplifiedChinese,
    QFontDatabase.WritingSystem.TraditionalChinese,
)


def has_cjk_font() -> bool:
    return any(QFontDatabase.families(system) for system in CJK_SYSTEMS)


def missing_font_hint() -> str | None:
    if has_cjk_font():
        return None
    return (
        "No Chinese font is installed, so Chinese text shows as boxes; install one "
        "(for example the fonts-noto-cjk package) and restart Annotator."
    )
