"""Schema steps 0001 to 0009: documents, spans, labels, statuses, gold, review flags, the article list's
indexes and the full-text search."""

from __future__ import annotations

import sqlite_utils

from annotator.storage.migration_set import migrations


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
