"""Noticing that another connection (a second window, the CLI) changed the database."""

from __future__ import annotations

from annotator.storage.database import Database


def data_version(database: Database) -> int:
    """SQLite's counter of commits made by *other* connections to this database file."""
    return int(database.query("PRAGMA data_version")[0][0])
