"""PySide6 6.12.0 on CPython 3.11 decremented None's refcount on every void call and aborted later.

Keep this test: if that build ever comes back (a loosened pin, a new release with the same bug), it fails
here instead of crashing an analyst's session after a few thousand clicks.
"""

from __future__ import annotations

import sys
from importlib.metadata import version

from PySide6.QtGui import QTextCursor, QTextDocument


def test_void_calls_do_not_leak_none_references() -> None:
    document = QTextDocument()
    document.setPlainText("x" * 100)
    cursor = QTextCursor(document)
    before = sys.getrefcount(None)
    for n in range(5000):
        cursor.setPosition(n % 100)
    drift = sys.getrefcount(None) - before
    assert abs(drift) < 500, f"None's refcount drifted by {drift} over 5000 void calls"


def test_the_broken_build_is_not_installed() -> None:
    installed = version("PySide6-Essentials")
    assert not (installed == "6.12.0" and sys.version_info[:2] == (3, 11)), installed
