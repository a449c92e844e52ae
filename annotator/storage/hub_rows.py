"""A project's rows in the hub's form, for sending: documents named by their text's hash, statuses keyed
by hash and annotator. Each row also says which local document it belongs to (``_document``), so that a
row of an article the hub does not have yet can be held back."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from annotator.domain.models import utc_now
from annotator.storage.database import Database
from annotator.storage.hub_local import STATUS_KEY_SEPARATOR as SEPARATOR

_KEYS = "(SELECT value FROM json_each(?))"
_LABEL_KEY = "l.document_id || char(31) || l.annotator || char(31) || l.label_set || char(31) || l.value"
_GOLD_LABEL_KEY = "l.document_id || char(31) || l.label_set || char(31) || l.value"
_REJECTION_KEY = 'r.document_id || char(31) || r.start || char(31) || r."end" || char(31) || r.label'

# kind -> (query returning the local key first, then the hub's columns, then the local document id)
_QUERIES = {
    "documents": f"""SELECT id AS key, sha256, title, source, text, created, id AS _document
        FROM documents WHERE id IN {_KEYS}""",
    "labels": f"""SELECT name AS key, name, colour, hotkey, description, position, 0 AS deleted
        FROM labels WHERE name IN {_KEYS}""",
    "spans": f"""SELECT s.id AS key, s.id, d.sha256 AS document, s.annotator, s.created, s.start, s."end",
            s.label, s.text, s.note, s.updated, 0 AS deleted, s.document_id AS _document
        FROM spans s JOIN documents d ON d.id = s.document_id WHERE s.id IN {_KEYS}""",
    "statuses": f"""SELECT st.document_id || char(31) || st.annotator AS key, d.sha256 AS document,
            st.annotator, st.status, st.updated, st.document_id AS _document
        FROM document_status st JOIN documents d ON d.id = st.document_id
        WHERE st.document_id || char(31) || st.annotator IN {_KEYS}""",
    "notes": f"""SELECT id AS key, sha256 AS document, note, id AS _document
        FROM documents WHERE id IN {_KEYS}""",
    "gold_spans": f"""SELECT g.id AS key, g.id, d.sha256 AS document, g.start, g."end", g.label, g.text,
            g.sources, g.decided_by, g.decided_at, g.auto_accepted, g.note, 0 AS deleted,
            g.document_id AS _document
        FROM gold_spans g JOIN documents d ON d.id = g.document_id WHERE g.id IN {_KEYS}""",
    "label_renames": f"""SELECT id AS key, id, old_name, new_name, renamed_at
        FROM hub_label_renames WHERE id IN {_KEYS}""",
    "gold_rejections": f"""SELECT {_REJECTION_KEY} AS key, d.sha256 AS document, r.start, r."end", r.label,
            r.decided_by, r.decided_at, 0 AS deleted, r.document_id AS _document
        FROM gold_rejections r JOIN documents d ON d.id = r.document_id WHERE {_REJECTION_KEY} IN {_KEYS}""",
    "review_statuses": f"""SELECT r.document_id AS key, d.sha256 AS document, r.status, r.reviewer, r.updated,
            r.document_id AS _document
        FROM review_status r JOIN documents d ON d.id = r.document_id WHERE r.document_id IN {_KEYS}""",
    "relation_types": f"""SELECT name AS key, name, colour, directed, hotkey, source_labels, target_labels,
            position, 0 AS deleted
        FROM relation_types WHERE name IN {_KEYS}""",
    "label_attributes": f"""SELECT label || char(31) || name AS key, label, name, kind, choices, hotkey,
            position, 0 AS deleted
        FROM label_attributes WHERE label || char(31) || name IN {_KEYS}""",
    "document_label_sets": f"""SELECT name AS key, name, choices, multiple, hotkeys, position, 0 AS deleted
        FROM document_label_sets WHERE name IN {_KEYS}""",
    "relations": f"""SELECT r.id AS key, r.id, d.sha256 AS document, r.annotator, r.created,
            r.source_id AS source, r.target_id AS target, r.type, r.note, r.updated, 0 AS deleted,
            r.document_id AS _document
        FROM relations r JOIN documents d ON d.id = r.document_id WHERE r.id IN {_KEYS}""",
    # The key is split so that each row is found by its primary key, not by reading the whole table.
    "span_attributes": """SELECT k.value AS key, a.span_id AS span, a.name,
            d.sha256 AS document, s.annotator, a.value, 0 AS deleted, a.document_id AS _document
        FROM json_each(?) k
        JOIN span_attributes a ON a.span_id = substr(k.value, 1, instr(k.value, char(31)) - 1)
            AND a.name = substr(k.value, instr(k.value, char(31)) + 1)
        JOIN spans s ON s.id = a.span_id JOIN documents d ON d.id = a.document_id""",
    "document_labels": f"""SELECT {_LABEL_KEY} AS key, d.sha256 AS document, l.annotator, l.label_set,
            l.value, 0 AS deleted, l.document_id AS _document
        FROM document_labels l JOIN documents d ON d.id = l.document_id WHERE {_LABEL_KEY} IN {_KEYS}""",
    "gold_relations": f"""SELECT g.id AS key, g.id, d.sha256 AS document, g.source_id AS source,
            g.target_id AS target, g.type, g.sources, g.decided_by, g.decided_at, 0 AS deleted,
            g.document_id AS _document
        FROM gold_relations g JOIN documents d ON d.id = g.document_id WHERE g.id IN {_KEYS}""",
    "gold_span_attributes": """SELECT k.value AS key, a.span_id AS span, a.name, d.sha256 AS document,
            a.value, a.source, a.decided_by, a.decided_at, 0 AS deleted, g.document_id AS _document
        FROM json_each(?) k
        JOIN gold_span_attributes a ON a.span_id = substr(k.value, 1, instr(k.value, char(31)) - 1)
            AND a.name = substr(k.value, instr(k.value, char(31)) + 1)
        JOIN gold_spans g ON g.id = a.span_id JOIN documents d ON d.id = g.document_id""",
    "gold_document_labels": f"""SELECT {_GOLD_LABEL_KEY} AS key, d.sha256 AS document, l.label_set, l.value,
            l.source, l.decided_by, l.decided_at, 0 AS deleted, l.document_id AS _document
        FROM gold_document_labels l JOIN documents d ON d.id = l.document_id
        WHERE {_GOLD_LABEL_KEY} IN {_KEYS}""",
    "activity": f"""SELECT CAST(a.id AS TEXT) AS key, a.annotator, d.sha256 AS document, a.at, a.action,
            a.spans_added, a.spans_removed, a.document_id AS _document
        FROM activity a JOIN documents d ON d.id = a.document_id WHERE CAST(a.id AS TEXT) IN {_KEYS}""",
}
_BOOLEANS = ("deleted", "auto_accepted", "directed", "multiple")


def local_rows(
    database: Database, kind: str, keys: Iterable[str], annotator: str
) -> dict[str, dict[str, Any]]:
    """Local key -> the row as the hub stores it; keys whose row is gone are missing."""
    cursor = database.conn.execute(_QUERIES[kind], (json.dumps(list(keys)),))
    cursor.row_factory = sqlite3.Row
    found: dict[str, dict[str, Any]] = {}
    for row in cursor:
        values = dict(row)
        key = values.pop("key")
        for column in _BOOLEANS:
            if column in values:
                values[column] = bool(values[column])
        if kind == "notes":  # the project's one note per article is its annotator's
            values.update(annotator=annotator, updated=utc_now())
        found[key] = values
    return found


def texts(database: Database, document_ids: Iterable[str]) -> dict[str, str]:
    rows = database.conn.execute(
        f"SELECT id, text FROM documents WHERE id IN {_KEYS}", (json.dumps(list(document_ids)),)
    )
    return {str(document_id): str(text) for document_id, text in rows}


def existing_spans(database: Database, span_ids: Iterable[str]) -> dict[str, str]:
    """Span id -> annotator, of the given spans this project has."""
    rows = database.conn.execute(
        f"SELECT id, annotator FROM spans WHERE id IN {_KEYS}", (json.dumps(list(span_ids)),)
    )
    return {str(span_id): str(annotator) for span_id, annotator in rows}


def removed_key(database: Database, kind: str, key: str) -> tuple[str, ...] | None:
    """The hub's key of a row removed here, from its local key; None when its article is gone too."""
    if kind in ("span_attributes", "label_attributes", "gold_span_attributes"):
        return tuple(key.split(SEPARATOR, 1))
    parts = _DOCUMENT_KEYED.get(kind)
    if parts is None:
        return (key,)
    document_id, *rest = key.split(SEPARATOR, parts)
    row = database.conn.execute("SELECT sha256 FROM documents WHERE id = ?", (document_id,)).fetchone()
    return (str(row[0]), *rest) if row is not None and len(rest) == parts else None


# Kinds keyed by their article's id and these many further parts (the hub names the article by hash).
_DOCUMENT_KEYED = {"gold_rejections": 3, "document_labels": 3, "gold_document_labels": 2}


def span_documents(database: Database, span_ids: Iterable[str]) -> dict[str, str]:
    """Span id -> its article's id, of the given spans this project has."""
    rows = database.conn.execute(
        f"SELECT id, document_id FROM spans WHERE id IN {_KEYS}", (json.dumps(list(span_ids)),)
    )
    return {str(span_id): str(document_id) for span_id, document_id in rows}


def gold_span_documents(database: Database, span_ids: Iterable[str]) -> dict[str, str]:
    """Gold span id -> its article's id, of the given gold spans this project has."""
    rows = database.conn.execute(
        f"SELECT id, document_id FROM gold_spans WHERE id IN {_KEYS}", (json.dumps(list(span_ids)),)
    )
    return {str(span_id): str(document_id) for span_id, document_id in rows}


def label_set_in_use(database: Database, name: str) -> bool:
    row = database.conn.execute("SELECT 1 FROM document_labels WHERE label_set = ? LIMIT 1", (name,))
    return row.fetchone() is not None
