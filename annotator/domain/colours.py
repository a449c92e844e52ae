"""Colours made for names that arrive without one (labels and relation types from imported files)."""

from __future__ import annotations

import colorsys
import hashlib


def generated_colour(name: str) -> str:
    """A light colour derived from the name, so the same label gets the same colour in every project."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    hue = digest[0] / 255
    red, green, blue = colorsys.hls_to_rgb(hue, 0.68, 0.55)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"
