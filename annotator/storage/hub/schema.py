"""The hub's schema, as an ordered list of migrations recorded in the hub itself (as for project files).

Never edit a migration that has shipped: add a new one. A hub that records a migration this version does
not know was set up by a newer Annotator and is refused rather than changed.
"""

from __future__ import annotations

from psycopg import sql

from annotator.domain.errors import StorageError
from annotator.storage.hub.connection import Conn
from annotator.storage.hub.tables import (
    ACTIVITY,
    DOCUMENT_LABEL_SETS,
    DOCUMENT_LABELS,
    DOCUMENTS,
    GOLD,
    GOLD_DOCUMENT_LABELS,
    GOLD_REJECTIONS,
    GOLD_RELATIONS,
    GOLD_SPAN_ATTRIBUTES,
    LABEL_ATTRIBUTES,
    LABEL_RENAMES,
    LABELS,
    NOTES,
    RELATION_TYPES,
    RELATIONS,
    REVIEW_STATUSES,
    SPAN_ATTRIBUTES,
    SPANS,
    STATUSES,
    HubTable,
    Writer,
)

# Every writer holds this lock from its first change to its commit, so changes commit in the order of
# their ``seq``: a reader that has seen change N has seen every change before it, and pulling "everything
# after N" never skips a change that committed late. (Advisory locks are per database.)
SEQ_LOCK = 7_212_011

_FOUNDATION = """
CREATE TABLE hub_members (
    name text PRIMARY KEY,
    role text NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('annotator', 'curator', 'reviewer')),
    added timestamptz NOT NULL DEFAULT now()
);
CREATE SEQUENCE hub_changes;

-- The member name of the connected role; NULL for reviewers and strangers, who write nothing.
CREATE FUNCTION hub_me() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT name FROM hub_members WHERE role = current_user AND kind <> 'reviewer'
$$;
CREATE FUNCTION hub_is_curator() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM hub_members WHERE role = current_user AND kind = 'curator')
$$;

-- Versions and change numbers are the hub's: whatever a client sends for them is overwritten.
CREATE FUNCTION hub_stamp() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(%(lock)s);
    IF TG_OP = 'INSERT' THEN
        NEW.version := 1;
    ELSE
        NEW.version := OLD.version + 1;
    END IF;
    NEW.seq := nextval('hub_changes');
    RETURN NEW;
END
$$;

CREATE TABLE documents (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    title text NOT NULL,
    source text NOT NULL DEFAULT '',
    text text NOT NULL,
    created text NOT NULL
);
CREATE TABLE labels (
    name text PRIMARY KEY,
    colour text NOT NULL,
    hotkey text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT '',
    position integer NOT NULL DEFAULT 0
);
CREATE TABLE spans (
    id text PRIMARY KEY,
    document text NOT NULL REFERENCES documents (sha256),
    annotator text NOT NULL REFERENCES hub_members (name),
    created text NOT NULL,
    start integer NOT NULL CHECK (start >= 0),
    "end" integer NOT NULL CHECK ("end" > start),
    label text NOT NULL,
    text text NOT NULL,
    note text NOT NULL DEFAULT '',
    updated text NOT NULL
);
CREATE INDEX spans_by_document ON spans (document);
CREATE TABLE statuses (
    document text NOT NULL REFERENCES documents (sha256),
    annotator text NOT NULL REFERENCES hub_members (name),
    status text NOT NULL CHECK (status IN ('todo', 'in_progress', 'done')),
    updated text NOT NULL,
    PRIMARY KEY (document, annotator)
);
CREATE TABLE notes (
    document text NOT NULL REFERENCES documents (sha256),
    annotator text NOT NULL REFERENCES hub_members (name),
    note text NOT NULL,
    updated text NOT NULL,
    PRIMARY KEY (document, annotator)
);
CREATE TABLE gold_spans (
    id text PRIMARY KEY,
    document text NOT NULL REFERENCES documents (sha256),
    start integer NOT NULL CHECK (start >= 0),
    "end" integer NOT NULL CHECK ("end" > start),
    label text NOT NULL,
    text text NOT NULL,
    sources text NOT NULL DEFAULT '[]',
    decided_by text NOT NULL,
    decided_at text NOT NULL,
    auto_accepted boolean NOT NULL DEFAULT false,
    note text NOT NULL DEFAULT ''
);
CREATE INDEX gold_spans_by_document ON gold_spans (document);
"""


def _foundation(conn: Conn) -> None:
    conn.execute(_FOUNDATION.replace("%(lock)s", str(SEQ_LOCK)).encode())
    for table in (DOCUMENTS, LABELS, SPANS, STATUSES, NOTES, GOLD):
        _make_synced(conn, table)


_ADJUDICATION = """
CREATE TABLE label_renames (
    id text PRIMARY KEY,
    old_name text NOT NULL,
    new_name text NOT NULL CHECK (new_name <> old_name),
    renamed_at text NOT NULL
);
CREATE TABLE gold_rejections (
    document text NOT NULL REFERENCES documents (sha256),
    start integer NOT NULL CHECK (start >= 0),
    "end" integer NOT NULL CHECK ("end" > start),
    label text NOT NULL,
    decided_by text NOT NULL,
    decided_at text NOT NULL,
    PRIMARY KEY (document, start, "end", label)
);
CREATE TABLE review_statuses (
    document text PRIMARY KEY REFERENCES documents (sha256),
    status text NOT NULL CHECK (status IN ('not_reviewed', 'in_review', 'reviewed')),
    reviewer text NOT NULL,
    updated text NOT NULL
);
"""


def _adjudication(conn: Conn) -> None:
    """Label renames, rejected gold candidates and review statuses: what curators decide, for everyone."""
    conn.execute(_ADJUDICATION.encode())
    for table in (LABEL_RENAMES, GOLD_REJECTIONS, REVIEW_STATUSES):
        _make_synced(conn, table)


_STRUCTURE = """
CREATE TABLE relation_types (
    name text PRIMARY KEY,
    colour text NOT NULL,
    directed boolean NOT NULL DEFAULT true,
    hotkey text NOT NULL DEFAULT '',
    source_labels text NOT NULL DEFAULT '[]',
    target_labels text NOT NULL DEFAULT '[]',
    position integer NOT NULL DEFAULT 0
);
CREATE TABLE label_attributes (
    label text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('choice', 'boolean', 'number', 'text', 'entity')),
    choices text NOT NULL DEFAULT '[]',
    hotkey text NOT NULL DEFAULT '',
    position integer NOT NULL DEFAULT 0,
    PRIMARY KEY (label, name)
);
CREATE TABLE document_label_sets (
    name text PRIMARY KEY,
    choices text NOT NULL,
    multiple boolean NOT NULL DEFAULT false,
    hotkeys text NOT NULL DEFAULT '[]',
    position integer NOT NULL DEFAULT 0
);
CREATE TABLE relations (
    id text PRIMARY KEY,
    document text NOT NULL REFERENCES documents (sha256),
    annotator text NOT NULL REFERENCES hub_members (name),
    created text NOT NULL,
    source text NOT NULL REFERENCES spans (id),
    target text NOT NULL REFERENCES spans (id),
    type text NOT NULL,
    note text NOT NULL DEFAULT '',
    updated text NOT NULL,
    CHECK (source <> target)
);
CREATE INDEX relations_by_document ON relations (document);
CREATE TABLE span_attributes (
    span text NOT NULL REFERENCES spans (id),
    name text NOT NULL,
    document text NOT NULL REFERENCES documents (sha256),
    annotator text NOT NULL REFERENCES hub_members (name),
    value text NOT NULL,
    PRIMARY KEY (span, name)
);
CREATE INDEX span_attributes_by_document ON span_attributes (document);
CREATE TABLE document_labels (
    document text NOT NULL REFERENCES documents (sha256),
    annotator text NOT NULL REFERENCES hub_members (name),
    label_set text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (document, annotator, label_set, value)
);
CREATE TABLE activity (
    annotator text NOT NULL REFERENCES hub_members (name),
    document text NOT NULL REFERENCES documents (sha256),
    at text NOT NULL,
    action text NOT NULL,
    spans_added integer NOT NULL DEFAULT 0 CHECK (spans_added >= 0),
    spans_removed integer NOT NULL DEFAULT 0 CHECK (spans_removed >= 0),
    PRIMARY KEY (annotator, document, at, action)
);
"""


def _structure(conn: Conn) -> None:
    """Relations, span attributes, document labels and their schema; each annotator's record of edits."""
    conn.execute(_STRUCTURE.encode())
    for table in (
        RELATION_TYPES,
        LABEL_ATTRIBUTES,
        DOCUMENT_LABEL_SETS,
        RELATIONS,
        SPAN_ATTRIBUTES,
        DOCUMENT_LABELS,
        ACTIVITY,
    ):
        _make_synced(conn, table)


_GOLD_STRUCTURE = """
CREATE TABLE gold_relations (
    id text PRIMARY KEY,
    document text NOT NULL REFERENCES documents (sha256),
    source text NOT NULL REFERENCES gold_spans (id),
    target text NOT NULL REFERENCES gold_spans (id),
    type text NOT NULL,
    sources text NOT NULL DEFAULT '[]',
    decided_by text NOT NULL,
    decided_at text NOT NULL,
    CHECK (source <> target)
);
CREATE INDEX gold_relations_by_document ON gold_relations (document);
CREATE TABLE gold_span_attributes (
    span text NOT NULL REFERENCES gold_spans (id),
    name text NOT NULL,
    document text NOT NULL REFERENCES documents (sha256),
    value text NOT NULL,
    source text NOT NULL DEFAULT '',
    decided_by text NOT NULL,
    decided_at text NOT NULL,
    PRIMARY KEY (span, name)
);
CREATE INDEX gold_span_attributes_by_document ON gold_span_attributes (document);
CREATE TABLE gold_document_labels (
    document text NOT NULL REFERENCES documents (sha256),
    label_set text NOT NULL,
    value text NOT NULL,
    source text NOT NULL DEFAULT '',
    decided_by text NOT NULL,
    decided_at text NOT NULL,
    PRIMARY KEY (document, label_set, value)
);
"""


def _gold_structure(conn: Conn) -> None:
    """The gold layer's relations, span attributes and document labels: curators alone write them."""
    conn.execute(_GOLD_STRUCTURE.encode())
    for table in (GOLD_RELATIONS, GOLD_SPAN_ATTRIBUTES, GOLD_DOCUMENT_LABELS):
        _make_synced(conn, table)


def _make_synced(conn: Conn, table: HubTable) -> None:
    """Versions, change numbers, tombstones and row-level security for one table."""
    name = sql.Identifier(table.name)
    statements = [
        "ALTER TABLE {t} ADD COLUMN version bigint NOT NULL DEFAULT 0,"
        " ADD COLUMN seq bigint NOT NULL DEFAULT 0",
        "CREATE INDEX {index} ON {t} (seq)",
        "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION hub_stamp()",
        "ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY everyone_reads ON {t} FOR SELECT USING (true)",
    ]
    if table.tombstones:
        statements.append("ALTER TABLE {t} ADD COLUMN deleted boolean NOT NULL DEFAULT false")
    # Updates see every row (USING true) so that changing someone else's row is an error, not a silent
    # "0 rows"; the check on the new row then refuses it. Columns no one may change are not granted.
    check = "annotator = (SELECT hub_me())" if table.writer is Writer.OWNER else "(SELECT hub_is_curator())"
    if table.also:
        check = f"{check} AND {table.also}"
    statements.append(f"CREATE POLICY writer_adds ON {{t}} FOR INSERT WITH CHECK ({check})")
    if table.writable:
        statements.append(
            f"CREATE POLICY writer_changes ON {{t}} FOR UPDATE USING (true) WITH CHECK ({check})"
        )
    for statement in statements:
        conn.execute(sql.SQL(statement).format(t=name, index=sql.Identifier(f"{table.name}_by_seq")))


MIGRATIONS = [
    ("0001_foundation", _foundation),
    ("0002_adjudication", _adjudication),
    ("0003_structure", _structure),
    ("0004_gold_structure", _gold_structure),
]


def known_migrations() -> list[str]:
    return [name for name, _ in MIGRATIONS]


def migrate(conn: Conn, where: str) -> list[str]:
    """Bring the hub's schema up to date; returns the migrations applied. One transaction in all."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SEQ_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS hub_migrations (name text PRIMARY KEY, applied timestamptz NOT NULL)"
        )
        applied = {row[0] for row in conn.execute("SELECT name FROM hub_migrations")}
        unknown = sorted(applied - set(known_migrations()))
        if unknown:
            raise StorageError(
                f"the hub {where} was set up by a newer version of Annotator (schema step {unknown[-1]}); "
                "upgrade Annotator to use it"
            )
        done = []
        for name, step in MIGRATIONS:
            if name not in applied:
                step(conn)
                conn.execute("INSERT INTO hub_migrations (name, applied) VALUES (%s, now())", (name,))
                done.append(name)
        return done


def is_current(conn: Conn) -> bool:
    row = conn.execute("SELECT to_regclass('hub_migrations') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return False
    applied = {r[0] for r in conn.execute("SELECT name FROM hub_migrations")}
    return applied == set(known_migrations())
