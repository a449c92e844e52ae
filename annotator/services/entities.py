"""The project's entity list: canonical names with aliases, that span attributes of kind ``entity`` link
to ("Huawei" <- 华为, Huawei Technologies, 華為). Each change is one transaction.

A link is stored as the entity's canonical name, so exports carry a readable value; renaming an entry
renames its links in the same transaction.

CSV import reads a header row with a ``name`` column and optionally ``aliases`` (several separated by
``|``) and ``description``. An entry whose name exists already gets the new aliases added.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from annotator.domain.errors import ConflictError, InputError
from annotator.domain.structure import AttributeKind, Entity
from annotator.services.project import Project
from annotator.storage import relations as relation_rows
from annotator.storage import structure_schema as schema_rows

ALIAS_SEPARATOR = "|"


class EntityImport(NamedTuple):
    added: int
    extended: int
    unchanged: int

    def summary(self) -> str:
        return f"{self.added} entit(ies) added, {self.extended} given new aliases, {self.unchanged} unchanged"


def list_entities(project: Project) -> list[Entity]:
    return schema_rows.list_entities(project.database)


def suggest_entities(project: Project, typed: str, limit: int = 10) -> list[Entity]:
    """Entries whose name or an alias contains what the analyst typed, those starting with it first."""
    return schema_rows.search_entities(project.database, typed, limit)


def add_entity(project: Project, name: str, aliases: tuple[str, ...] = (), description: str = "") -> Entity:
    entity = _entity(name=name, aliases=aliases, description=description)
    with project.database.write():
        _check_names_free(project, entity)
        schema_rows.upsert_entities(project.database, [entity])
    return entity


def update_entity(project: Project, seen: Entity, new: Entity) -> None:
    """Change the entry the caller saw (name, aliases, description); a new name carries its links."""
    with project.database.write():
        database = project.database
        current = schema_rows.find_entity(database, seen.id)
        if current != seen:
            raise ConflictError(f"the entity '{seen.name}' was changed or deleted since you saw it")
        if new.id != seen.id:
            raise ValueError("an edit keeps the entity's id")
        _check_names_free(project, new)
        schema_rows.upsert_entities(database, [new])
        if new.name != seen.name:
            for name in _entity_attribute_names(project):
                relation_rows.rename_attribute_values(database, name, seen.name, new.name)


def delete_entity(project: Project, seen: Entity) -> None:
    with project.database.write():
        database = project.database
        if schema_rows.find_entity(database, seen.id) != seen:
            raise ConflictError(f"the entity '{seen.name}' was changed or deleted since you saw it")
        schema_rows.delete_entity(database, seen.id)


def import_entities_csv(project: Project, path: Path, *, encoding: str = "utf-8") -> EntityImport:
    """Merge a CSV file into the entity list, all or nothing; errors name the file and line."""
    try:
        text = path.read_text(encoding=encoding).removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else f"not {encoding} text ({error.reason})"
        raise InputError(f"cannot read the entity list ({reason})", path=path) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or "name" not in reader.fieldnames:
        raise InputError('expected a header row with a "name" column', path=path, line=1)
    rows: list[tuple[int, Entity]] = []
    for row in reader:
        line = reader.line_num
        if None in row:
            raise InputError("has more cells than the header", path=path, line=line)
        aliases = tuple((row.get("aliases") or "").split(ALIAS_SEPARATOR))
        try:
            entity = _entity(
                name=(row.get("name") or "").strip(),
                aliases=aliases,
                description=row.get("description") or "",
            )
        except InputError as error:
            raise InputError(error.detail, path=path, line=line, field=error.field) from None
        rows.append((line, entity))
    added = extended = unchanged = 0
    with project.database.write():
        database = project.database
        for line, incoming in rows:
            existing = schema_rows.entity_named(database, incoming.name)
            if existing is None:
                merged = incoming
                added += 1
            else:
                aliases = tuple(dict.fromkeys((*existing.aliases, *incoming.aliases)))
                description = existing.description or incoming.description
                merged = existing.model_copy(update={"aliases": aliases, "description": description})
                if merged == existing:
                    unchanged += 1
                    continue
                extended += 1
            try:
                _check_names_free(project, merged)
            except InputError as error:
                raise InputError(error.detail, path=path, line=line) from None
            schema_rows.upsert_entities(database, [merged])
    return EntityImport(added, extended, unchanged)


def _entity(**fields: object) -> Entity:
    try:
        return Entity(**fields)
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        message = str(problem["msg"]).removeprefix("Value error, ")
        raise InputError(message, field=".".join(str(p) for p in problem["loc"]) or None) from None


def _check_names_free(project: Project, entity: Entity) -> None:
    """A name or alias means one entry only: otherwise a typed alias could not say which is meant."""
    for other in schema_rows.list_entities(project.database):
        if other.id == entity.id:
            continue
        clash = {entity.name, *entity.aliases} & {other.name, *other.aliases}
        if clash:
            raise InputError(f"'{sorted(clash)[0]}' already names the entity '{other.name}'")


def _entity_attribute_names(project: Project) -> set[str]:
    return {
        d.name
        for d in schema_rows.list_attribute_definitions(project.database)
        if d.kind is AttributeKind.ENTITY
    }
