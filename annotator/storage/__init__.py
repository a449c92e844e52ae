"""The only package that speaks SQL. Schema changes happen only through ``migrations``."""

from __future__ import annotations

import sys


def _load_sqlite_utils_without_array_libraries() -> None:
    """sqlite-utils imports NumPy and pandas when they are installed, only to map their types to column
    types, and Annotator never hands it either. Importing them costs a large part of the start-up budget
    (NumPy about 0.2 s, pandas about 0.6 s on a 2-core machine), so they are hidden while sqlite-utils
    loads, before any module here imports it; the agreement code imports NumPy when it is first needed."""
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes "import name" raise ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


_load_sqlite_utils_without_array_libraries()
