"""The schema, as an ordered list of migrations recorded in the database.

Never edit a migration that has shipped: add a new one. A database that records a migration this version
does not know was written by a newer Annotator and is refused rather than damaged.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

from annotator.domain.errors import StorageError

MIGRATION_SET = "annotator"
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
    applied = {m.name for m in migrations.applied(db)}
    unknown = sorted(applied - set(known_migrations()))
    if unknown:
        raise StorageError(
            f"{where} was created by a newer version of Annotator (schema step {unknown[-1]}); "
            "upgrade Annotator to open it"
        )
    migrations.apply(db)


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
