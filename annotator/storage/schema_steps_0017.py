"""Schema step 0017: the full-text indexes keep each value's word suffixes and character pairs
(``storage.search_tokens``) instead of its trigrams."""

from __future__ import annotations

import sqlite_utils

from annotator.storage.migration_set import migrations

# How the indexes are made (the check of ``storage.search_edits`` makes its own the same way). A term of
# three characters is the start of the tokens it is looked up by ("ask"*): the index of the tokens' first
# three characters answers it as one token, read lazily (twenty times faster than merging the rows of
# every token it begins, for half as much index again).
INDEX_OPTIONS = "content='', tokenize='ascii', detail=none, prefix='3'"
# Up to this many rows, an index is made again at once, while the project opens (about a second: a value's
# tokens are worked out in Python); a larger one is left to the catch-up, as after a large import.
INDEX_AT_ONCE = {"document_search": 2_000, "span_search": 50_000}


def search_index_sql(table: str, source: str, key_column: str, columns: tuple[str, ...]) -> str:
    """The index ``table`` of ``source``'s ``columns``, its view and its triggers, made anew and left to
    be filled (at once when small, otherwise by the catch-up: see ``search_backlog``, migration 0012).

    A value's tokens are worked out in Python (``search_tokens``), which another program writing to the
    file does not have: the triggers, plain SQL, only note which rows changed and the values the index
    held for them (``search_edits``), and Annotator brings the index up to date before its transaction
    commits (``storage.search_edits``); searches also read the rows still noted.
    """
    keys = f"{table}_keys"
    listed = ", ".join(columns)
    held = ", ".join(f"OLD.{column}" for column in columns)
    slots = ", ".join(("a", "b", "c")[: len(columns)])
    indexed = (
        f"NOT EXISTS (SELECT 1 FROM search_backlog b WHERE b.name = '{table}' AND k.key >= b.pending_from)"
    )
    changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in ("id", *columns))
    alias = source[0]
    viewed = ", ".join(f"search_tokens({alias}.{column}) AS {column}" for column in columns)
    # The first note of a row wins: it holds what the index holds for it (nothing, for a new row).
    note_held = f"""INSERT OR IGNORE INTO search_edits (name, key, indexed, {slots})
                SELECT '{table}', k.key, 1, {held} FROM {keys} k
                WHERE k.{key_column} = OLD.id AND {indexed};"""
    return f"""
        DROP TRIGGER IF EXISTS {source}_search_insert;
        DROP TRIGGER IF EXISTS {source}_search_update;
        DROP TRIGGER IF EXISTS {source}_search_delete;
        DROP TABLE IF EXISTS {table}_terms;
        DROP TABLE IF EXISTS {table};
        DROP VIEW IF EXISTS {table}_rows;
        CREATE VIEW {table}_rows AS
            SELECT k.key AS key, {viewed}
            FROM {keys} k JOIN {source} {alias} ON {alias}.id = k.{key_column};
        -- The tokens are words and pairs separated by spaces: the "ascii" tokenizer only splits them
        -- (ASCII punctuation inside them is written full-width). The index keeps no content of its own
        -- and reads none: a program without search_tokens can still read every table (a dump, say).
        CREATE VIRTUAL TABLE {table} USING fts5({listed}, {INDEX_OPTIONS});
        DELETE FROM search_backlog WHERE name = '{table}';
        INSERT INTO search_backlog (name, pending_from)
            SELECT '{table}', 1 WHERE (SELECT count(*) FROM {keys}) > {INDEX_AT_ONCE[table]};
        INSERT INTO {table} (rowid, {listed})
            SELECT key, {listed} FROM {table}_rows
            WHERE (SELECT count(*) FROM {keys}) <= {INDEX_AT_ONCE[table]};
        CREATE TRIGGER {source}_search_insert AFTER INSERT ON {source}
        BEGIN
            INSERT INTO {keys} ({key_column}) VALUES (NEW.id);
            INSERT OR IGNORE INTO search_edits (name, key, indexed)
                SELECT '{table}', k.key, 0 FROM {keys} k WHERE k.{key_column} = NEW.id AND {indexed};
        END;
        CREATE TRIGGER {source}_search_update AFTER UPDATE OF id, {listed} ON {source}
            WHEN {changed}
        BEGIN
            {note_held}
            UPDATE {keys} SET {key_column} = NEW.id WHERE {key_column} = OLD.id;
        END;
        CREATE TRIGGER {source}_search_delete AFTER DELETE ON {source}
        BEGIN
            {note_held}
            DELETE FROM {keys} WHERE {key_column} = OLD.id;
        END;
    """


@migrations(name="0017_search_word_suffixes")
def _search_word_suffixes(db: sqlite_utils.Database) -> None:
    # Trigrams without positions found every value holding a term's trigrams anywhere: a query of two
    # common words ("ask chen") read a quarter of the corpus to find a handful of articles. Suffixes of
    # words answer a word found inside another as one prefix look-up, exactly, at about the same size.
    # The index is made again: at once in a small project, by the catch-up in a large one (searches
    # meanwhile read the waiting rows, as after a large import).
    db.executescript(
        """
        CREATE TABLE search_edits (
            name TEXT NOT NULL,
            key INTEGER NOT NULL,
            indexed INTEGER NOT NULL CHECK (indexed IN (0, 1)),
            a TEXT,
            b TEXT,
            c TEXT,
            PRIMARY KEY (name, key)
        ) WITHOUT ROWID;
        """
        + search_index_sql("document_search", "documents", "document_id", ("title", "text"))
        + search_index_sql("span_search", "spans", "span_id", ("label", "note", "text"))
    )
