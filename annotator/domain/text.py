"""Canonical document text.

Text is made canonical once, at import: decoded as UTF-8 (a leading BOM stripped) and with ``\\r\\n`` and
``\\r`` turned into ``\\n``. Nothing else is changed (no Unicode normalisation, no whitespace collapsing),
and canonical text is never re-normalised once spans point into it.
"""

from __future__ import annotations

import hashlib

_BOM = "\ufeff"


def normalize_newlines(text: str) -> str:
    if "\r" not in text:  # most texts: one quick scan, where the two replaces searched twice (slowly)
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def canonical_text(raw: bytes | str, *, encoding: str = "utf-8") -> str:
    """Decode ``raw`` (strict) and normalise newlines. Raises ``UnicodeDecodeError`` on bad bytes."""
    text = raw.decode(encoding) if isinstance(raw, bytes) else raw
    if text.startswith(_BOM):
        text = text[1:]
    return normalize_newlines(text)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def guess_title(text: str, fallback: str, *, limit: int = 100) -> str:
    """A readable title: the first non-blank line of at least four words (bylines and menus are shorter)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    candidates = [line for line in lines if len(line.split()) >= 4] or lines
    if not candidates:
        return fallback
    title = candidates[0].lstrip("#").strip() or fallback
    if len(title) > limit:
        title = title[: limit - 1].rstrip() + "…"
    return title
