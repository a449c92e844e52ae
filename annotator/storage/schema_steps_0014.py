"""Schema steps 0014 and on: relations, attributes, entities and document labels, and their hub change
marks."""

from __future__ import annotations

import sqlite_utils

from annotator.storage.migration_set import migrations
from annotator.storage.schema_steps_0010 import pending_trigger


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
        pending_trigger(f"hub_{table}_{name}", event, table, table, key.format(row=row))
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
        + pending_trigger("hub_activity_insert", "INSERT", "activity", "activity", "CAST(NEW.id AS TEXT)")
    )


@migrations(name="0016_hub_sync_gold_structure")
def _hub_sync_gold_structure(db: sqlite_utils.Database) -> None:
    # What a curator takes into gold beyond spans syncs too: gold relations, gold span attributes and gold
    # document labels, marked as 0015 marks the annotators' own (keys as hub_local says). Rows a sync
    # takes from the hub are marked as well; recording the hub's version clears the mark. A project
    # already connected marks the gold structure it has, so that a curator's earlier decisions are sent
    # (another member's are dropped at the next sync as not theirs to send).
    keys = {
        "gold_relations": "{row}.id",
        "gold_span_attributes": "{row}.span_id || char(31) || {row}.name",
        "gold_document_labels": "{row}.document_id || char(31) || {row}.label_set || char(31) || {row}.value",
    }
    for table, key in keys.items():
        db.execute(
            f"INSERT OR IGNORE INTO hub_pending (kind, key) SELECT '{table}', {key.format(row=table)} "
            f"FROM {table} WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'hub.url')"
        )
    db.executescript(
        "".join(
            pending_trigger(f"hub_{table}_{name}", event, table, table, key.format(row=row))
            for table, key in keys.items()
            for name, event, row in (
                ("insert", "INSERT", "NEW"),
                ("update_old", "UPDATE", "OLD"),
                ("update_new", "UPDATE", "NEW"),
                ("delete", "DELETE", "OLD"),
            )
        )
    )
