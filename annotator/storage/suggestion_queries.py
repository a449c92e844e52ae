"""What the suggestion sources read: tagged strings with their counts, articles' texts, tagged articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from annotator.storage.database import Database
from annotator.storage.search import documents_containing

_CHUNK = 500  # ids per statement, within SQLite's limit on parameters


def tagged_string_counts(
    database: Database, texts: Iterable[str] | None = None
) -> dict[tuple[str, str], int]:
    """How many spans (of any annotator) have each (text, label); of the given texts only, when given."""
    sql = "SELECT text, label, COUNT(*) FROM spans"
    if texts is None:
        rows = database.conn.execute(sql + " GROUP BY text, label").fetchall()
    else:
        wanted = sorted(set(texts))
        rows = []
        for low in range(0, len(wanted), _CHUNK):
            chunk = wanted[low : low + _CHUNK]
            rows += database.conn.execute(
                sql + f" WHERE text IN ({', '.join('?' for _ in chunk)}) GROUP BY text, label", chunk
            ).fetchall()
    return {(str(text), str(label)): int(n) for text, label, n in rows}


def tagged_document_ids(database: Database) -> set[str]:
    """Articles with at least one span: where an untagged occurrence of a string counts against it."""
    rows = database.conn.execute("SELECT document_id FROM document_span_counts WHERE spans > 0").fetchall()
    return {str(row[0]) for row in rows}


def all_texts(database: Database) -> Iterator[tuple[str, str]]:
    yield from database.conn.execute("SELECT id, text FROM documents ORDER BY id")


def texts_containing(database: Database, needle: str) -> Iterator[tuple[str, str]]:
    """(id, text) of the articles whose text contains ``needle`` exactly (case too): the search index
    names the articles that may (those it has not indexed yet too) and ``instr`` keeps the exact ones."""
    needle = needle.replace("\x00", "")
    if not needle:
        return
    candidates = documents_containing(database, needle, case_sensitive=True)
    for first in range(0, len(candidates), _CHUNK):
        chunk = candidates[first : first + _CHUNK]
        yield from database.conn.execute(
            f"SELECT id, text FROM documents WHERE id IN ({', '.join('?' for _ in chunk)}) "
            "AND instr(text, ?) > 0 ORDER BY id",
            (*chunk, needle),
        )
