"""Rows of the structured-annotation schema: relation types, label attributes, document label sets and
the entity list. Lists of names are stored as JSON text."""

from __future__ import annotations

import json
from collections.abc import Iterable

from annotator.domain.structure import AttributeDefinition, DocumentLabelSet, Entity, RelationType
from annotator.storage.database import Database


def list_relation_types(database: Database) -> list[RelationType]:
    rows = database.query("SELECT * FROM relation_types ORDER BY position, name")
    return [
        RelationType(
            name=row["name"],
            colour=row["colour"],
            directed=bool(row["directed"]),
            hotkey=row["hotkey"],
            source_labels=tuple(json.loads(row["source_labels"])),
            target_labels=tuple(json.loads(row["target_labels"])),
            position=row["position"],
        )
        for row in rows
    ]


def upsert_relation_type(database: Database, relation_type: RelationType) -> None:
    database.joined().execute(
        "INSERT INTO relation_types (name, colour, directed, hotkey, source_labels, target_labels, position) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET colour = excluded.colour, "
        "directed = excluded.directed, hotkey = excluded.hotkey, source_labels = excluded.source_labels, "
        "target_labels = excluded.target_labels, position = excluded.position",
        [
            relation_type.name,
            relation_type.colour,
            int(relation_type.directed),
            relation_type.hotkey,
            json.dumps(list(relation_type.source_labels), ensure_ascii=False),
            json.dumps(list(relation_type.target_labels), ensure_ascii=False),
            relation_type.position,
        ],
    )


def rename_relation_type(database: Database, old: str, new: str) -> None:
    database.joined().execute("UPDATE relation_types SET name = ? WHERE name = ?", [new, old])


def delete_relation_type(database: Database, name: str) -> None:
    database.joined().execute("DELETE FROM relation_types WHERE name = ?", [name])


def list_attribute_definitions(database: Database) -> list[AttributeDefinition]:
    rows = database.query("SELECT * FROM label_attributes ORDER BY label, position, name")
    return [
        AttributeDefinition(
            label=row["label"],
            name=row["name"],
            kind=row["kind"],
            choices=tuple(json.loads(row["choices"])),
            hotkey=row["hotkey"],
            position=row["position"],
        )
        for row in rows
    ]


def upsert_attribute_definition(database: Database, definition: AttributeDefinition) -> None:
    database.joined().execute(
        "INSERT INTO label_attributes (label, name, kind, choices, hotkey, position) "
        "VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(label, name) DO UPDATE SET kind = excluded.kind, choices = excluded.choices, "
        "hotkey = excluded.hotkey, position = excluded.position",
        [
            definition.label,
            definition.name,
            definition.kind.value,
            json.dumps(list(definition.choices), ensure_ascii=False),
            definition.hotkey,
            definition.position,
        ],
    )


def delete_attribute_definition(database: Database, label: str, name: str) -> None:
    database.joined().execute("DELETE FROM label_attributes WHERE label = ? AND name = ?", [label, name])


def list_document_label_sets(database: Database) -> list[DocumentLabelSet]:
    rows = database.query("SELECT * FROM document_label_sets ORDER BY position, name")
    return [
        DocumentLabelSet(
            name=row["name"],
            choices=tuple(json.loads(row["choices"])),
            multiple=bool(row["multiple"]),
            hotkeys=tuple(json.loads(row["hotkeys"])),
            position=row["position"],
        )
        for row in rows
    ]


def upsert_document_label_set(database: Database, label_set: DocumentLabelSet) -> None:
    database.joined().execute(
        "INSERT INTO document_label_sets (name, choices, multiple, hotkeys, position) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET choices = excluded.choices, multiple = excluded.multiple, "
        "hotkeys = excluded.hotkeys, position = excluded.position",
        [
            label_set.name,
            json.dumps(list(label_set.choices), ensure_ascii=False),
            int(label_set.multiple),
            json.dumps(list(label_set.hotkeys), ensure_ascii=False),
            label_set.position,
        ],
    )


def delete_document_label_set(database: Database, name: str) -> None:
    database.joined().execute("DELETE FROM document_label_sets WHERE name = ?", [name])


# -- the entity list ------------------------------------------------------------------------------------


def _entity(row: object) -> Entity:
    return Entity.model_construct(
        id=row["id"],  # type: ignore[index]
        name=row["name"],  # type: ignore[index]
        aliases=tuple(json.loads(row["aliases"])),  # type: ignore[index]
        description=row["description"],  # type: ignore[index]
    )


def list_entities(database: Database) -> list[Entity]:
    return [_entity(row) for row in database.query("SELECT * FROM entities ORDER BY name COLLATE NOCASE, id")]


def find_entity(database: Database, entity_id: str) -> Entity | None:
    rows = database.query("SELECT * FROM entities WHERE id = ?", (entity_id,))
    return _entity(rows[0]) if rows else None


def entity_named(database: Database, name: str) -> Entity | None:
    rows = database.query("SELECT * FROM entities WHERE name = ?", (name,))
    return _entity(rows[0]) if rows else None


def upsert_entities(database: Database, entities: Iterable[Entity]) -> None:
    database.joined().conn.executemany(
        "INSERT INTO entities (id, name, aliases, description) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET name = excluded.name, aliases = excluded.aliases, "
        "description = excluded.description",
        [(e.id, e.name, json.dumps(list(e.aliases), ensure_ascii=False), e.description) for e in entities],
    )


def delete_entity(database: Database, entity_id: str) -> None:
    database.joined().execute("DELETE FROM entities WHERE id = ?", [entity_id])


def search_entities(database: Database, query: str, limit: int = 20) -> list[Entity]:
    """Entries whose name or an alias contains ``query`` (case-insensitive), names starting with it first."""
    wanted = query.strip()
    if not wanted:
        return list_entities(database)[:limit]
    pattern = "%" + wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = database.query(
        "SELECT * FROM entities WHERE name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\'",
        (pattern, pattern),
    )
    # LIKE folds ASCII only and matches inside the JSON text; the model decides (Unicode case folding).
    found = [e for e in map(_entity, rows) if e.matches(wanted)]
    if not found:  # a non-ASCII case difference LIKE cannot see
        found = [e for e in list_entities(database) if e.matches(wanted)]
    folded = wanted.casefold()
    found.sort(key=lambda e: (not e.name.casefold().startswith(folded), e.name.casefold()))
    return found[:limit]
