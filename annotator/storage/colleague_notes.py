"""Colleagues' article notes, as the team hub last sent them (migration 0015): read-only here, since the
project's own note per article is its annotator's."""

from __future__ import annotations

from annotator.storage.database import Database


def set_note(database: Database, document_id: str, annotator: str, note: str, updated: str) -> None:
    """In the caller's transaction; an empty note removes the row."""
    db = database.joined()
    if not note:
        db.execute("DELETE FROM hub_notes WHERE document_id = ? AND annotator = ?", [document_id, annotator])
        return
    db.execute(
        "INSERT INTO hub_notes (document_id, annotator, note, updated) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (document_id, annotator) DO UPDATE SET note = excluded.note, updated = excluded.updated",
        [document_id, annotator, note, updated],
    )


def notes_for_document(database: Database, document_id: str) -> list[tuple[str, str]]:
    """(annotator, note) of every colleague's note on the article, by name."""
    rows = database.conn.execute(
        "SELECT annotator, note FROM hub_notes WHERE document_id = ? ORDER BY annotator", (document_id,)
    )
    return [(str(annotator), str(note)) for annotator, note in rows]
