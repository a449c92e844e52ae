"""Project-wide settings stored in the database (not per-machine window state, which lives with Qt)."""

from __future__ import annotations

from annotator.storage.database import Database


def get_setting(database: Database, key: str, default: str = "") -> str:
    rows = database.query("SELECT value FROM settings WHERE key = ?", (key,))
    return str(rows[0]["value"]) if rows else default


def set_setting(database: Database, key: str, value: str) -> None:
    db = database.joined()
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
