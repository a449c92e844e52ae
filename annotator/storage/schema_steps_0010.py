"""Schema steps 0010 to 0013: suggestions, the team hub's change marks, search catch-up and annotation
sessions."""

from __future__ import annotations

import sqlite_utils

from annotator.storage.migration_set import migrations


@migrations(name="0010_suggestions")
def _suggestions(db: sqlite_utils.Database) -> None:
    # Suggested spans from every source (strings already tagged, term lists, a trained model, predictions
    # in imported files), each with its score and where it came from; what each analyst rejected, so it
    # is not proposed to them again; where an accepted span came from; and the term lists and patterns of
    # each label. Labels are named without a foreign key, so that suggestions never stand in the way of
    # deleting a label; triggers carry them along with a rename, and a deleted label's suggestions go.
    # Spans get an index by their text, so that the string matcher counts a string's tags without reading
    # every span (1.9 s of a million spans without it).
    db.executescript(
        """
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            source TEXT NOT NULL,
            score REAL NOT NULL CHECK (score >= 0 AND score <= 1),
            provenance TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            UNIQUE (document_id, start, "end", label, source)
        );
        CREATE INDEX suggestions_by_source ON suggestions(source, label);
        -- How often a string was tagged with each label: read for every newly tagged string.
        CREATE INDEX spans_by_text ON spans(text, label);
        CREATE TABLE suggestion_rejections (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            annotator TEXT NOT NULL,
            rejected_at TEXT NOT NULL,
            PRIMARY KEY (document_id, start, "end", label, annotator)
        ) WITHOUT ROWID;
        CREATE TABLE span_provenance (
            span_id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            score REAL NOT NULL,
            provenance TEXT NOT NULL DEFAULT '',
            accepted_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE label_terms (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('term', 'regex')),
            pattern TEXT NOT NULL CHECK (pattern != ''),
            aliases TEXT NOT NULL DEFAULT '[]',
            case_sensitive INTEGER NOT NULL DEFAULT 0 CHECK (case_sensitive IN (0, 1)),
            UNIQUE (label, kind, pattern)
        );
        CREATE TRIGGER suggestions_follow_label_rename AFTER UPDATE OF name ON labels
        BEGIN
            UPDATE suggestions SET label = NEW.name WHERE label = OLD.name;
            UPDATE suggestion_rejections SET label = NEW.name WHERE label = OLD.name;
            UPDATE label_terms SET label = NEW.name WHERE label = OLD.name;
        END;
        CREATE TRIGGER suggestions_follow_label_delete AFTER DELETE ON labels
        BEGIN
            DELETE FROM suggestions WHERE label = OLD.name;
        END;
        -- A new version of an article's text leaves its suggestions' and rejections' offsets meaningless.
        CREATE TRIGGER suggestions_follow_text_change AFTER UPDATE OF text ON documents
            WHEN OLD.text IS NOT NEW.text
        BEGIN
            DELETE FROM suggestions WHERE document_id = NEW.id;
            DELETE FROM suggestion_rejections WHERE document_id = NEW.id;
        END;
        """
    )


def pending_trigger(name: str, event: str, table: str, kind: str, key: str, when: str = "") -> str:
    condition = f"({when}) AND " if when else ""
    return f"""
        CREATE TRIGGER {name} AFTER {event} ON {table}
            WHEN {condition}EXISTS (SELECT 1 FROM settings WHERE key = 'hub.url')
        BEGIN
            INSERT INTO hub_pending (kind, key) VALUES ('{kind}', {key})
                ON CONFLICT (kind, key) DO UPDATE SET edits = edits + 1;
        END;
    """


@migrations(name="0011_hub_sync")
def _hub_sync(db: sqlite_utils.Database) -> None:
    # A project connected to a team hub notes every change to what syncs (kind and key, and how many
    # edits, so that an edit made while a sync was sending the previous one is not taken as sent), and the
    # hub's version of every row it has seen. Triggers catch every change, whichever code made it, and do
    # nothing in a project that is not connected.
    status_key = "{row}.document_id || char(31) || {row}.annotator"
    db.executescript(
        """
        CREATE TABLE hub_pending (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            edits INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (kind, key)
        ) WITHOUT ROWID;
        CREATE TABLE hub_versions (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (kind, key)
        ) WITHOUT ROWID;
        """
        + pending_trigger("hub_documents_insert", "INSERT", "documents", "documents", "NEW.id")
        + pending_trigger(
            "hub_notes_update", "UPDATE OF note", "documents", "notes", "NEW.id", "OLD.note IS NOT NEW.note"
        )
        + "".join(
            pending_trigger(f"hub_{table}_{event.lower()}", event, table, kind, f"{row}.{column}")
            for table, kind, column in (("spans", "spans", "id"), ("gold_spans", "gold_spans", "id"))
            for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
        )
        + pending_trigger("hub_labels_insert", "INSERT", "labels", "labels", "NEW.name")
        + pending_trigger("hub_labels_update", "UPDATE", "labels", "labels", "NEW.name")
        + pending_trigger(
            "hub_labels_rename", "UPDATE OF name", "labels", "labels", "OLD.name", "OLD.name IS NOT NEW.name"
        )
        + pending_trigger("hub_labels_delete", "DELETE", "labels", "labels", "OLD.name")
        + pending_trigger(
            "hub_statuses_insert", "INSERT", "document_status", "statuses", status_key.format(row="NEW")
        )
        + pending_trigger(
            "hub_statuses_update", "UPDATE", "document_status", "statuses", status_key.format(row="NEW")
        )
    )


@migrations(name="0011_hub_sync_adjudication")
def _hub_sync_adjudication(db: sqlite_utils.Database) -> None:
    # What curators decide beyond gold spans also syncs: rejected candidates, review statuses, and label
    # renames (kept here, in the order they were made, so that every project renames the label too).
    # A rejection's key holds its label, which a rename changes: the old key is removed, the new one added.
    rejection_key = (
        '{row}.document_id || char(31) || {row}.start || char(31) || {row}."end" || char(31) || {row}.label'
    )
    db.executescript(
        """
        CREATE TABLE hub_label_renames (
            id TEXT PRIMARY KEY,
            old_name TEXT NOT NULL,
            new_name TEXT NOT NULL,
            renamed_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """
        + pending_trigger(
            "hub_label_renames_insert", "INSERT", "hub_label_renames", "label_renames", "NEW.id"
        )
        + "".join(
            pending_trigger(
                f"hub_rejections_{name}",
                event,
                "gold_rejections",
                "gold_rejections",
                rejection_key.format(row=row),
            )
            for name, event, row in (
                ("insert", "INSERT", "NEW"),
                ("update_old", "UPDATE", "OLD"),
                ("update_new", "UPDATE", "NEW"),
                ("delete", "DELETE", "OLD"),
            )
        )
        + pending_trigger(
            "hub_reviews_insert", "INSERT", "review_status", "review_statuses", "NEW.document_id"
        )
        + pending_trigger(
            "hub_reviews_update", "UPDATE", "review_status", "review_statuses", "NEW.document_id"
        )
    )


# The search index's rows that wait to be indexed: those whose key is at or above ``pending_from``. A bulk
# import sets it and leaves its rows out of the full-text index (indexing them as they were inserted made
# importing 20,000 articles take ten times a plain load); they are then indexed in one pass, a batch per
# transaction, while the project is in use. The triggers index, re-index and un-index only the rows that
# are in the index already or are not waiting, so the index always holds exactly the rows below the mark.
#
# The indexes keep trigrams without positions (detail=none): a third of the text's size, where positions
# made them three and a half times its size. A term is then looked up as all of its trigrams, and the few
# rows that hold them apart are dropped by reading the row. Every indexed value ends in a line break, so
# that every two characters of it, even its last two, begin a trigram: a two-character term (Chinese
# words often have two) is looked up as the trigrams that begin with it.
SEARCH_END = "char(10)"
# Up to this many rows, an index is made again at once, while the project opens (a second or so).
_INDEX_AT_ONCE = 20_000


def _search_triggers(table: str, source: str, key_column: str, columns: tuple[str, ...]) -> str:
    keys = f"{table}_keys"
    listed = ", ".join(columns)
    new = ", ".join(f"NEW.{column} || {SEARCH_END}" for column in columns)
    old = ", ".join(f"OLD.{column} || {SEARCH_END}" for column in columns)
    indexed = (
        f"NOT EXISTS (SELECT 1 FROM search_backlog b WHERE b.name = '{table}' AND k.key >= b.pending_from)"
    )
    changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in ("id", *columns))
    alias = source[0]
    viewed = ", ".join(f"{alias}.{column} || {SEARCH_END} AS {column}" for column in columns)
    return f"""
        DROP TRIGGER {source}_search_insert;
        DROP TRIGGER {source}_search_update;
        DROP TRIGGER {source}_search_delete;
        DROP TABLE {table};
        DROP VIEW {table}_rows;
        CREATE VIEW {table}_rows AS
            SELECT k.key AS key, {viewed}
            FROM {keys} k JOIN {source} {alias} ON {alias}.id = k.{key_column};
        CREATE VIRTUAL TABLE {table} USING fts5(
            {listed}, content='{table}_rows', content_rowid='key', tokenize='trigram', detail=none
        );
        INSERT INTO search_backlog (name, pending_from)
            SELECT '{table}', 1 WHERE (SELECT count(*) FROM {keys}) > {_INDEX_AT_ONCE};
        INSERT INTO {table} ({table})
            SELECT 'rebuild' WHERE (SELECT count(*) FROM {keys}) <= {_INDEX_AT_ONCE};
        CREATE TRIGGER {source}_search_insert AFTER INSERT ON {source}
        BEGIN
            INSERT INTO {keys} ({key_column}) VALUES (NEW.id);
            INSERT INTO {table} (rowid, {listed})
                SELECT k.key, {new} FROM {keys} k WHERE k.{key_column} = NEW.id AND {indexed};
        END;
        CREATE TRIGGER {source}_search_update AFTER UPDATE OF id, {listed} ON {source}
            WHEN {changed}
        BEGIN
            INSERT INTO {table} ({table}, rowid, {listed})
                SELECT 'delete', k.key, {old} FROM {keys} k WHERE k.{key_column} = OLD.id AND {indexed};
            UPDATE {keys} SET {key_column} = NEW.id WHERE {key_column} = OLD.id;
            INSERT INTO {table} (rowid, {listed})
                SELECT k.key, {new} FROM {keys} k WHERE k.{key_column} = NEW.id AND {indexed};
        END;
        CREATE TRIGGER {source}_search_delete AFTER DELETE ON {source}
        BEGIN
            INSERT INTO {table} ({table}, rowid, {listed})
                SELECT 'delete', k.key, {old} FROM {keys} k WHERE k.{key_column} = OLD.id AND {indexed};
            DELETE FROM {keys} WHERE {key_column} = OLD.id;
        END;
    """


@migrations(name="0012_search_catch_up")
def _search_catch_up(db: sqlite_utils.Database) -> None:
    # The indexes are made again without positions: at once in a small project; in a large one every row
    # waits and is indexed again by the same catch-up as after a large import (the window does it on a
    # worker when the project opens, ``annotator reindex`` at once).
    db.executescript(
        "CREATE TABLE search_backlog (name TEXT PRIMARY KEY, pending_from INTEGER NOT NULL) WITHOUT ROWID;"
        + _search_triggers("document_search", "documents", "document_id", ("title", "text"))
        + _search_triggers("span_search", "spans", "span_id", ("label", "note", "text"))
        + """
        CREATE VIRTUAL TABLE document_search_terms USING fts5vocab(document_search, 'row');
        CREATE VIRTUAL TABLE span_search_terms USING fts5vocab(span_search, 'row');
        """
    )


@migrations(name="0013_annotation_sessions")
def _annotation_sessions(db: sqlite_utils.Database) -> None:
    # One row per edit an analyst makes (tag, delete, relabel, note, status, gold decision), written in the
    # edit's own transaction; sessions are worked out from these times when asked for. Imports and merges
    # write none: they are not someone working. No foreign keys: the record of work outlives a deleted
    # article, and a row never stands in the way of deleting one.
    db.executescript(
        """
        CREATE TABLE activity (
            id INTEGER PRIMARY KEY,
            annotator TEXT NOT NULL,
            document_id TEXT NOT NULL,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            spans_added INTEGER NOT NULL DEFAULT 0 CHECK (spans_added >= 0),
            spans_removed INTEGER NOT NULL DEFAULT 0 CHECK (spans_removed >= 0)
        );
        CREATE INDEX activity_by_annotator ON activity(annotator, at);
        """
    )
