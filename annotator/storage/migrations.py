"""The schema, as an ordered list of migrations recorded in the database.

Never edit a migration that has shipped: add a new one. A database that records a migration this version
does not know was written by a newer Annotator and is refused rather than damaged.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils
from sqlite_utils.migrations import Migrations

from annotator.domain.errors import StorageError

MIGRATION_SET = "annotator"
MIGRATIONS_TABLE = "_sqlite_migrations"  # where sqlite-utils records the applied steps
migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_initial")
def _initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE annotators (
            name TEXT PRIMARY KEY,
            created TEXT NOT NULL
        );
        CREATE TABLE labels (
            name TEXT PRIMARY KEY,
            colour TEXT NOT NULL,
            hotkey TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            length INTEGER NOT NULL,
            created TEXT NOT NULL
        );
        CREATE TABLE spans (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
            text TEXT NOT NULL,
            annotator TEXT NOT NULL REFERENCES annotators(name) ON UPDATE CASCADE,
            note TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE INDEX spans_by_document ON spans(document_id, start);
        CREATE INDEX spans_by_label ON spans(label);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


@migrations(name="0002_notes_and_status")
def _notes_and_status(db: sqlite_utils.Database) -> None:
    # Document notes, and each annotator's progress per document (no row means "todo").
    db.executescript(
        """
        ALTER TABLE documents ADD COLUMN note TEXT NOT NULL DEFAULT '';
        CREATE TABLE document_status (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name) ON UPDATE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('todo', 'in_progress', 'done')),
            updated TEXT NOT NULL,
            PRIMARY KEY (document_id, annotator)
        );
        CREATE INDEX document_status_by_annotator ON document_status(annotator, status);
        """
    )


@migrations(name="0004_gold_layer")
def _gold_layer(db: sqlite_utils.Database) -> None:
    # The adjudicated layer lives apart from annotators' spans, which it never changes.
    db.executescript(
        """
        CREATE TABLE gold_spans (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
            text TEXT NOT NULL,
            sources TEXT NOT NULL DEFAULT '[]',
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            auto_accepted INTEGER NOT NULL DEFAULT 0 CHECK (auto_accepted IN (0, 1)),
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX gold_spans_by_document ON gold_spans(document_id, start);
        CREATE TABLE gold_rejections (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            PRIMARY KEY (document_id, start, "end", label)
        );
        CREATE TABLE review_status (
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('not_reviewed', 'in_review', 'reviewed')),
            reviewer TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        """
    )


@migrations(name="0005_rejections_follow_labels")
def _rejections_follow_labels(db: sqlite_utils.Database) -> None:
    # Rejected gold candidates name their label without a foreign key (the candidate may name a label
    # that was later deleted); a rename must still carry them along.
    db.executescript(
        """
        CREATE TRIGGER gold_rejections_follow_label_rename AFTER UPDATE OF name ON labels
        BEGIN
            UPDATE gold_rejections SET label = NEW.name WHERE label = OLD.name;
        END;
        """
    )


def known_migrations() -> list[str]:
    return [m.name for m in migrations.pending(sqlite_utils.Database(memory=True))]


def migrate(db: sqlite_utils.Database, *, where: str) -> None:
    """Bring the schema up to date, refusing databases written by a newer version."""
    refuse_newer_schema(db.conn, where)
    migrations.apply(db)


def refuse_other_programs_file(conn: sqlite3.Connection, where: str) -> None:
    """Refuse, before anything is written to it, a file that is not an Annotator project: another
    program's SQLite database must not get Annotator's tables (nor be switched to WAL)."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    ours = (
        MIGRATIONS_TABLE in tables
        and conn.execute(
            f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE migration_set = ? LIMIT 1", (MIGRATION_SET,)
        ).fetchone()
    )
    if tables and not ours:
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise StorageError(
            f"{where} is not an Annotator project but another program's SQLite database (its tables: "
            f"{shown}); it was left unchanged. Choose a new file name for a new project"
        )


def refuse_newer_schema(conn: sqlite3.Connection, where: str) -> None:
    """Refuse a database written by a newer version, reading only (nothing is created or changed)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone()
    if found is None:
        return
    rows = conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", (MIGRATION_SET,))
    unknown = sorted({str(name) for (name,) in rows} - set(known_migrations()))
    if unknown:
        raise StorageError(
            f"{where} was created by a newer version of Annotator (schema step {unknown[-1]}); "
            "upgrade Annotator to open it"
        )


def schema_is_current(db: sqlite_utils.Database) -> bool:
    return not migrations.pending(db)


@migrations(name="0005_span_review")
def _span_review(db: sqlite_utils.Database) -> None:
    # A new version of an article's text re-anchors its spans; those that cannot be placed exactly are
    # flagged for review instead of silently shifted, and the text they were tagged in is kept.
    db.executescript(
        """
        ALTER TABLE spans ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0 CHECK (needs_review IN (0, 1));
        ALTER TABLE spans ADD COLUMN review_reason TEXT NOT NULL DEFAULT '';
        ALTER TABLE gold_spans ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0
            CHECK (needs_review IN (0, 1));
        ALTER TABLE gold_spans ADD COLUMN review_reason TEXT NOT NULL DEFAULT '';
        CREATE INDEX spans_needing_review ON spans(document_id) WHERE needs_review = 1;
        ALTER TABLE documents ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
        CREATE TABLE document_revisions (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            revision INTEGER NOT NULL,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            replaced TEXT NOT NULL,
            PRIMARY KEY (document_id, revision)
        );
        """
    )


@migrations(name="0006_document_list_index")
def _document_list_index(db: sqlite_utils.Database) -> None:
    # The article list is read in title order without the text; this index covers that query, so a project
    # of 100,000 articles opens without reading the articles themselves.
    db.executescript(
        "CREATE INDEX documents_by_title ON documents(title COLLATE NOCASE, id, source, sha256, length);"
    )


@migrations(name="0007_document_span_counts")
def _document_span_counts(db: sqlite_utils.Database) -> None:
    # Every document's span count, kept by triggers, so that the article list of a project with a million
    # spans never counts them (a GROUP BY over the spans took longer than the rest of the list). ``WHEN``
    # skips upserts that rewrite a span in place; deleting a document drops its row through the cascade.
    db.executescript(
        """
        CREATE TABLE document_span_counts (
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            spans INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO document_span_counts (document_id, spans)
            SELECT document_id, COUNT(*) FROM spans GROUP BY document_id;
        CREATE TRIGGER spans_count_insert AFTER INSERT ON spans
        BEGIN
            INSERT INTO document_span_counts (document_id, spans) VALUES (NEW.document_id, 1)
                ON CONFLICT (document_id) DO UPDATE SET spans = spans + 1;
        END;
        CREATE TRIGGER spans_count_delete AFTER DELETE ON spans
        BEGIN
            UPDATE document_span_counts SET spans = spans - 1 WHERE document_id = OLD.document_id;
        END;
        CREATE TRIGGER spans_count_move AFTER UPDATE OF document_id ON spans
            WHEN OLD.document_id IS NOT NEW.document_id
        BEGIN
            UPDATE document_span_counts SET spans = spans - 1 WHERE document_id = OLD.document_id;
            INSERT INTO document_span_counts (document_id, spans) VALUES (NEW.document_id, 1)
                ON CONFLICT (document_id) DO UPDATE SET spans = spans + 1;
        END;
        """
    )


@migrations(name="0007_full_text_search")
def _full_text_search(db: sqlite_utils.Database) -> None:
    # Full-text indexes for the corpus search (queries in storage/search.py). The trigram tokenizer finds
    # any substring of three or more characters: English words, parts of words, and Chinese, which has no
    # spaces for a word tokenizer to split on. The indexes keep no copy of the text (external content,
    # read through a view); each row is keyed by a number of its own because the implicit rowids of
    # ``documents`` and ``spans`` may be renumbered by VACUUM. Triggers keep both indexes in step with
    # every insert, update and delete, cascades included; a no-op update (an upsert rewriting a span as
    # it was) leaves them alone.
    db.executescript(
        """
        CREATE TABLE document_search_keys (
            key INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL UNIQUE
        );
        CREATE VIEW document_search_rows AS
            SELECT k.key AS key, d.title AS title, d.text AS text
            FROM document_search_keys k JOIN documents d ON d.id = k.document_id;
        CREATE VIRTUAL TABLE document_search USING fts5(
            title, text, content='document_search_rows', content_rowid='key', tokenize='trigram'
        );
        INSERT INTO document_search_keys (document_id) SELECT id FROM documents ORDER BY rowid;
        INSERT INTO document_search (document_search) VALUES ('rebuild');

        CREATE TRIGGER documents_search_insert AFTER INSERT ON documents
        BEGIN
            INSERT INTO document_search_keys (document_id) VALUES (NEW.id);
            INSERT INTO document_search (rowid, title, text)
                SELECT key, NEW.title, NEW.text FROM document_search_keys WHERE document_id = NEW.id;
        END;
        CREATE TRIGGER documents_search_update AFTER UPDATE OF id, title, text ON documents
            WHEN OLD.id IS NOT NEW.id OR OLD.title IS NOT NEW.title OR OLD.text IS NOT NEW.text
        BEGIN
            INSERT INTO document_search (document_search, rowid, title, text)
                SELECT 'delete', key, OLD.title, OLD.text
                FROM document_search_keys WHERE document_id = OLD.id;
            UPDATE document_search_keys SET document_id = NEW.id WHERE document_id = OLD.id;
            INSERT INTO document_search (rowid, title, text)
                SELECT key, NEW.title, NEW.text FROM document_search_keys WHERE document_id = NEW.id;
        END;
        CREATE TRIGGER documents_search_delete AFTER DELETE ON documents
        BEGIN
            INSERT INTO document_search (document_search, rowid, title, text)
                SELECT 'delete', key, OLD.title, OLD.text
                FROM document_search_keys WHERE document_id = OLD.id;
            DELETE FROM document_search_keys WHERE document_id = OLD.id;
        END;

        CREATE TABLE span_search_keys (
            key INTEGER PRIMARY KEY,
            span_id TEXT NOT NULL UNIQUE
        );
        CREATE VIEW span_search_rows AS
            SELECT k.key AS key, s.label AS label, s.note AS note, s.text AS text
            FROM span_search_keys k JOIN spans s ON s.id = k.span_id;
        CREATE VIRTUAL TABLE span_search USING fts5(
            label, note, text, content='span_search_rows', content_rowid='key', tokenize='trigram'
        );
        INSERT INTO span_search_keys (span_id) SELECT id FROM spans ORDER BY rowid;
        INSERT INTO span_search (span_search) VALUES ('rebuild');

        CREATE TRIGGER spans_search_insert AFTER INSERT ON spans
        BEGIN
            INSERT INTO span_search_keys (span_id) VALUES (NEW.id);
            INSERT INTO span_search (rowid, label, note, text)
                SELECT key, NEW.label, NEW.note, NEW.text FROM span_search_keys WHERE span_id = NEW.id;
        END;
        CREATE TRIGGER spans_search_update AFTER UPDATE OF id, label, note, text ON spans
            WHEN OLD.id IS NOT NEW.id OR OLD.label IS NOT NEW.label OR OLD.note IS NOT NEW.note
                OR OLD.text IS NOT NEW.text
        BEGIN
            INSERT INTO span_search (span_search, rowid, label, note, text)
                SELECT 'delete', key, OLD.label, OLD.note, OLD.text
                FROM span_search_keys WHERE span_id = OLD.id;
            UPDATE span_search_keys SET span_id = NEW.id WHERE span_id = OLD.id;
            INSERT INTO span_search (rowid, label, note, text)
                SELECT key, NEW.label, NEW.note, NEW.text FROM span_search_keys WHERE span_id = NEW.id;
        END;
        CREATE TRIGGER spans_search_delete AFTER DELETE ON spans
        BEGIN
            INSERT INTO span_search (span_search, rowid, label, note, text)
                SELECT 'delete', key, OLD.label, OLD.note, OLD.text
                FROM span_search_keys WHERE span_id = OLD.id;
            DELETE FROM span_search_keys WHERE span_id = OLD.id;
        END;
        """
    )


@migrations(name="0008_documents_by_source")
def _documents_by_source(db: sqlite_utils.Database) -> None:
    # Import looks an article up by its source to recognise a new version of it.
    db.execute("CREATE INDEX documents_by_source ON documents(source)")


@migrations(name="0009_spans_by_label_and_document")
def _spans_by_label_and_document(db: sqlite_utils.Database) -> None:
    # "Which articles have a span with this label" (the article list's label filter) read every such span
    # from the table: 9 s for one label among 1,000,000 spans. With the document in the index it is read
    # from the index alone, in document order. The label still leads, for renames and deletions by label.
    db.executescript(
        """
        CREATE INDEX spans_by_label_and_document ON spans(label, document_id);
        DROP INDEX spans_by_label;
        """
    )


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


def _pending_trigger(name: str, event: str, table: str, kind: str, key: str, when: str = "") -> str:
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
        + _pending_trigger("hub_documents_insert", "INSERT", "documents", "documents", "NEW.id")
        + _pending_trigger(
            "hub_notes_update", "UPDATE OF note", "documents", "notes", "NEW.id", "OLD.note IS NOT NEW.note"
        )
        + "".join(
            _pending_trigger(f"hub_{table}_{event.lower()}", event, table, kind, f"{row}.{column}")
            for table, kind, column in (("spans", "spans", "id"), ("gold_spans", "gold_spans", "id"))
            for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
        )
        + _pending_trigger("hub_labels_insert", "INSERT", "labels", "labels", "NEW.name")
        + _pending_trigger("hub_labels_update", "UPDATE", "labels", "labels", "NEW.name")
        + _pending_trigger(
            "hub_labels_rename", "UPDATE OF name", "labels", "labels", "OLD.name", "OLD.name IS NOT NEW.name"
        )
        + _pending_trigger("hub_labels_delete", "DELETE", "labels", "labels", "OLD.name")
        + _pending_trigger(
            "hub_statuses_insert", "INSERT", "document_status", "statuses", status_key.format(row="NEW")
        )
        + _pending_trigger(
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
        + _pending_trigger(
            "hub_label_renames_insert", "INSERT", "hub_label_renames", "label_renames", "NEW.id"
        )
        + "".join(
            _pending_trigger(
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
        + _pending_trigger(
            "hub_reviews_insert", "INSERT", "review_status", "review_statuses", "NEW.document_id"
        )
        + _pending_trigger(
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


@migrations(name="0014_structured_annotation")
def _structured_annotation(db: sqlite_utils.Database) -> None:
    # Relations between spans, span attributes, the entity list and labels of whole documents, with the
    # schema that says what may be recorded. A span's relations and attributes go with it (cascade); the
    # service reads them first, so that undo can bring them back. A relation's spans must be of its own
    # article: the triggers hold that rule for every writer, not only the services. An article's relations
    # are stored together (clustered by article) and attributes carry their span's article, so that
    # opening an article with thousands of them reads them in one range. Attribute definitions
    # name their label without a foreign key (as suggestions do), so that they never stand in the way of
    # deleting a label; triggers carry them along with a rename and drop them with the label.
    db.executescript(
        """
        CREATE TABLE relation_types (
            name TEXT PRIMARY KEY,
            colour TEXT NOT NULL,
            directed INTEGER NOT NULL DEFAULT 1 CHECK (directed IN (0, 1)),
            hotkey TEXT NOT NULL DEFAULT '',
            source_labels TEXT NOT NULL DEFAULT '[]',
            target_labels TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE label_attributes (
            label TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('choice', 'boolean', 'number', 'text', 'entity')),
            choices TEXT NOT NULL DEFAULT '[]',
            hotkey TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (label, name)
        );
        CREATE TRIGGER label_attributes_follow_label_rename AFTER UPDATE OF name ON labels
        BEGIN
            UPDATE label_attributes SET label = NEW.name WHERE label = OLD.name;
        END;
        CREATE TRIGGER label_attributes_follow_label_delete AFTER DELETE ON labels
        BEGIN
            DELETE FROM label_attributes WHERE label = OLD.name;
        END;
        CREATE TABLE document_label_sets (
            name TEXT PRIMARY KEY,
            choices TEXT NOT NULL,
            multiple INTEGER NOT NULL DEFAULT 0 CHECK (multiple IN (0, 1)),
            hotkeys TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            aliases TEXT NOT NULL DEFAULT '[]',
            description TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE relations (
            id TEXT NOT NULL,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            source_id TEXT NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
            target_id TEXT NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
            type TEXT NOT NULL REFERENCES relation_types(name) ON UPDATE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name) ON UPDATE CASCADE,
            note TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            CHECK (source_id != target_id),
            PRIMARY KEY (document_id, id)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX relations_by_id ON relations(id);
        CREATE INDEX relations_by_source ON relations(source_id);
        CREATE INDEX relations_by_target ON relations(target_id);
        CREATE TRIGGER relations_within_one_article BEFORE INSERT ON relations
            WHEN (SELECT document_id FROM spans WHERE id = NEW.source_id) IS NOT NEW.document_id
              OR (SELECT document_id FROM spans WHERE id = NEW.target_id) IS NOT NEW.document_id
        BEGIN
            SELECT RAISE(ABORT, 'a relation links two spans of its own article');
        END;
        CREATE TRIGGER relations_stay_within_one_article BEFORE UPDATE ON relations
            WHEN (SELECT document_id FROM spans WHERE id = NEW.source_id) IS NOT NEW.document_id
              OR (SELECT document_id FROM spans WHERE id = NEW.target_id) IS NOT NEW.document_id
        BEGIN
            SELECT RAISE(ABORT, 'a relation links two spans of its own article');
        END;
        CREATE TABLE span_attributes (
            span_id TEXT NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (span_id, name)
        ) WITHOUT ROWID;
        CREATE INDEX span_attributes_by_document ON span_attributes(document_id);
        CREATE TABLE document_labels (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name) ON UPDATE CASCADE,
            label_set TEXT NOT NULL REFERENCES document_label_sets(name) ON UPDATE CASCADE,
            value TEXT NOT NULL,
            PRIMARY KEY (document_id, annotator, label_set, value)
        ) WITHOUT ROWID;
        -- What review takes into the gold layer, each with who decided, when, and where it came from.
        CREATE TABLE gold_relations (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            source_id TEXT NOT NULL REFERENCES gold_spans(id) ON DELETE CASCADE,
            target_id TEXT NOT NULL REFERENCES gold_spans(id) ON DELETE CASCADE,
            type TEXT NOT NULL REFERENCES relation_types(name) ON UPDATE CASCADE,
            sources TEXT NOT NULL DEFAULT '[]',
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            CHECK (source_id != target_id)
        );
        CREATE INDEX gold_relations_by_document ON gold_relations(document_id);
        CREATE TABLE gold_span_attributes (
            span_id TEXT NOT NULL REFERENCES gold_spans(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            PRIMARY KEY (span_id, name)
        ) WITHOUT ROWID;
        CREATE TABLE gold_document_labels (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            label_set TEXT NOT NULL REFERENCES document_label_sets(name) ON UPDATE CASCADE,
            value TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            PRIMARY KEY (document_id, label_set, value)
        ) WITHOUT ROWID;
        """
    )


@migrations(name="0015_hub_sync_structure")
def _hub_sync_structure(db: sqlite_utils.Database) -> None:
    # Relations, span attributes, document labels, their schema and the record of edits sync too: the same
    # marks as in 0011, keyed as hub_local says. A key that a change can alter (a rename cascading into a
    # document label) is marked under its old key (removed) and its new one (added). Rows a sync takes
    # from the hub are marked by these triggers as well; recording the hub's version clears the mark.
    # Colleagues' article notes arrive into their own table, read-only here.
    keys = {
        "relations": "{row}.id",
        "span_attributes": "{row}.span_id || char(31) || {row}.name",
        "document_labels": (
            "{row}.document_id || char(31) || {row}.annotator || char(31) || {row}.label_set"
            " || char(31) || {row}.value"
        ),
        "relation_types": "{row}.name",
        "label_attributes": "{row}.label || char(31) || {row}.name",
        "document_label_sets": "{row}.name",
    }
    triggers = "".join(
        _pending_trigger(f"hub_{table}_{name}", event, table, table, key.format(row=row))
        for table, key in keys.items()
        for name, event, row in (
            ("insert", "INSERT", "NEW"),
            ("update_old", "UPDATE", "OLD"),
            ("update_new", "UPDATE", "NEW"),
            ("delete", "DELETE", "OLD"),
        )
    )
    db.executescript(
        """
        CREATE TABLE hub_notes (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            note TEXT NOT NULL,
            updated TEXT NOT NULL,
            PRIMARY KEY (document_id, annotator)
        ) WITHOUT ROWID;
        """
        + triggers
        + _pending_trigger("hub_activity_insert", "INSERT", "activity", "activity", "CAST(NEW.id AS TEXT)")
    )
