"""Annotator rows: everyone whose spans are in the project."""

from __future__ import annotations

from annotator.domain.models import utc_now
from annotator.storage.database import Database


def ensure_annotator(database: Database, name: str) -> None:
    db = database.joined()
    db.execute("INSERT OR IGNORE INTO annotators (name, created) VALUES (?, ?)", [name, utc_now()])


def list_annotators(database: Database) -> list[str]:
    return [row["name"] for row in database.query("SELECT name FROM annotators ORDER BY name")]
