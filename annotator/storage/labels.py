"""Label rows."""

from __future__ import annotations

from annotator.domain.models import Label
from annotator.storage.database import Database


def list_labels(database: Database) -> list[Label]:
    rows = database.query("SELECT * FROM labels ORDER BY position, name")
    return [Label(**dict(row)) for row in rows]


def upsert_label(database: Database, label: Label) -> None:
    with database.write() as db:
        db.table("labels").upsert(label.model_dump(), pk="name")


def label_names(database: Database) -> set[str]:
    return {row["name"] for row in database.query("SELECT name FROM labels")}
