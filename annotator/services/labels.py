"""Editing the label schema: add, change, reorder and delete labels, and merge or save schema files.

Each public function that changes data is one user action and runs in one transaction; it returns what
undo needs (the label as it was, the previous order, the deleted label with its spans).

Schema files are read and written by ``formats.label_schema``. Loading one merges it into the project:
labels named in the file are updated (colour, hotkey, description) or added; labels the file does not
name are kept, spans and all. The palette order becomes the file's order, followed by the kept labels in
their previous order. A hotkey the file gives to one of
its labels is taken away from any kept label that had it, so hotkeys stay unique.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from annotator.domain.errors import AnnotatorError, ConflictError, InputError, NotFoundError
from annotator.domain.models import Label, Span, utc_now
from annotator.domain.structure import AttributeDefinition, Relation, SpanAttribute
from annotator.formats.label_schema import HOTKEYS, read_full_schema, schema_text
from annotator.services.atomic_files import write_atomically
from annotator.services.project import Project
from annotator.services.structure import structure_schema
from annotator.services.structure_files import merge_structure
from annotator.storage import hub_local, structure_renames
from annotator.storage import labels as label_rows
from annotator.storage import relations as relation_rows
from annotator.storage import spans as span_rows
from annotator.storage import structure_schema as schema_rows

# Distinct, readable under black text, and different from the four shipped colours.
NEW_LABEL_COLOURS = ("#ba68c8", "#4db6ac", "#ff8a65", "#9575cd", "#aed581", "#f06292", "#90a4ae", "#ffd54f")


class LabelInUseError(AnnotatorError):
    """A label cannot be deleted as asked: its spans need a decision, or another layer still uses it."""


@dataclass(frozen=True)
class SpanDisposal:
    """What happens to the spans of a deleted label: moved to ``move_to``, or deleted when it is None."""

    move_to: str | None = None


DELETE_SPANS = SpanDisposal()


@dataclass(frozen=True)
class DeletedLabel:
    """Everything needed to undo a deletion: the label and its spans exactly as they were."""

    label: Label
    spans: list[Span]
    disposal: SpanDisposal
    # Deleting spans deletes their relations and attributes: kept so that undo brings them back too.
    relations: list[Relation] = field(default_factory=list)
    attributes: list[SpanAttribute] = field(default_factory=list)
    # The label's attribute definitions go with it (a trigger drops them).
    definitions: list[AttributeDefinition] = field(default_factory=list)


@dataclass
class SchemaMerge:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    hotkeys_cleared: list[str] = field(default_factory=list)
    # Relation types, attributes and document label sets added or changed.
    structure: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{len(self.added)} label(s) added, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        )
        if self.structure:
            text += f"; {', '.join(self.structure)} added or changed"
        if self.hotkeys_cleared:
            text += f"; hotkey removed from {', '.join(self.hotkeys_cleared)} (the schema file uses it)"
        return text


def list_labels(project: Project) -> list[Label]:
    return label_rows.list_labels(project.database)


def span_counts(project: Project) -> dict[str, int]:
    return label_rows.span_counts(project.database)


# -- one label at a time --------------------------------------------------------------------------------


def add_label(
    project: Project,
    name: str,
    *,
    colour: str | None = None,
    hotkey: str | None = None,
    description: str = "",
) -> Label:
    """Add a label at the end of the palette. ``hotkey=None`` takes the first free key (if any)."""
    with project.database.write():
        existing = label_rows.list_labels(project.database)
        used_colours = {label.colour for label in existing}
        free_keys = [key for key in HOTKEYS if key not in {label.hotkey for label in existing}]
        label = _validated(
            {
                "name": name,
                "colour": colour or next((c for c in NEW_LABEL_COLOURS if c not in used_colours), "#9e9e9e"),
                "hotkey": (free_keys[0] if free_keys else "") if hotkey is None else hotkey,
                "description": description,
                "position": max((label.position for label in existing), default=-1) + 1,
            }
        )
        _check_unique(existing, label, previous_name=None)
        label_rows.upsert_label(project.database, label)
        return label


def update_label(
    project: Project,
    name: str,
    *,
    new_name: str | None = None,
    colour: str | None = None,
    hotkey: str | None = None,
    description: str | None = None,
    seen: Label | None = None,
) -> Label:
    """Rename, recolour, set the hotkey ("" for none) or the description; returns the label as it was.

    A rename carries every span along (the foreign key cascades), in the same transaction. ``seen`` is the
    label as the caller showed it: if it was changed since (another window), nothing is written.
    """
    with project.database.write():
        existing = label_rows.list_labels(project.database)
        before = _find(existing, name)
        _check_seen(before, seen)
        changes = {"name": new_name, "colour": colour, "hotkey": hotkey, "description": description}
        after = _validated(before.model_dump() | {k: v for k, v in changes.items() if v is not None})
        _check_unique(existing, after, previous_name=name)
        if after.name != before.name:  # colleagues' projects rename it too, when this one syncs
            with hub_local.relabelling(project.database, project.annotator):
                label_rows.replace_label(project.database, name, after)
            hub_local.note_rename(project.database, before.name, after.name)
            structure_renames.rename_label_in_relation_types(project.database, before.name, after.name)
        elif after != before:
            label_rows.replace_label(project.database, name, after)
        return before


def reorder_labels(project: Project, names: list[str]) -> list[str]:
    """Set the palette order; ``names`` must list every label once. Returns the previous order."""
    with project.database.write():
        previous = [label.name for label in label_rows.list_labels(project.database)]
        if sorted(names) != sorted(previous):
            raise InputError(f"the new order must list every label exactly once, not {names}", field="order")
        label_rows.set_positions(project.database, names)
        return previous


def move_label(project: Project, name: str, steps: int) -> list[str]:
    """Move a label up (negative) or down the palette, stopping at either end; returns the previous order."""
    with project.database.write():
        order = [label.name for label in label_rows.list_labels(project.database)]
        if name not in order:
            raise NotFoundError(f"there is no label called '{name}' (it may have been renamed or deleted)")
        index = order.index(name)
        target = max(0, min(len(order) - 1, index + steps))
        order.insert(target, order.pop(index))
        return reorder_labels(project, order)


def delete_label(
    project: Project, name: str, disposal: SpanDisposal | None = None, *, seen: Label | None = None
) -> DeletedLabel:
    """Delete a label. If spans use it, ``disposal`` must say whether to delete them or move them.
    ``seen`` is the label as the caller showed it: if it was changed since, nothing is deleted."""
    with project.database.write():
        database = project.database
        label = label_rows.get_label(database, name)
        _check_seen(label, seen)
        spans = label_rows.spans_with_label(database, name)
        if spans and disposal is None:
            raise LabelInUseError(
                f"label '{name}' is used by {len(spans)} span(s): choose whether to delete them "
                "or move them to another label"
            )
        disposal = disposal or DELETE_SPANS
        if disposal.move_to is not None:
            if disposal.move_to == name:
                raise InputError(f"cannot move the spans of '{name}' to itself", field="move_to")
            label_rows.get_label(database, disposal.move_to)
        elsewhere = label_rows.other_references(database, name)
        if elsewhere:
            uses = ", ".join(f"{count} row(s) in {table}" for table, count in sorted(elsewhere.items()))
            raise LabelInUseError(
                f"label '{name}' is still used by {uses}; rename it, or change those first, then delete it"
            )
        listing = structure_renames.relation_types_listing(database, name)
        if listing:
            # Left in their lists, the name would be a label the types allow that no longer exists (and a
            # new label of that name would silently join them); emptied lists would allow every label.
            types = ", ".join(f"'{type_name}'" for type_name in listing)
            raise LabelInUseError(
                f"label '{name}' is a source or target label of relation type(s) {types}; remove it from "
                "those types first (the Relation types tab of this editor), then delete it"
            )
        relations: list[Relation] = []
        attributes: list[SpanAttribute] = []
        if disposal.move_to is not None:
            label_rows.move_spans(database, name, disposal.move_to, utc_now())
        else:
            span_ids = [span.id for span in spans]
            relations = relation_rows.relations_of_spans(database, span_ids)
            attributes = [
                SpanAttribute(span_id=span_id, name=key, value=value)
                for span_id, values in relation_rows.attributes_of_spans(database, span_ids).items()
                for key, value in values.items()
            ]
            label_rows.delete_spans_with_label(database, name)
        definitions = [d for d in schema_rows.list_attribute_definitions(database) if d.label == name]
        label_rows.delete_label(database, name)
        label_rows.set_positions(database, [other.name for other in label_rows.list_labels(database)])
        return DeletedLabel(label, spans, disposal, relations, attributes, definitions)


def restore_label(project: Project, deleted: DeletedLabel) -> None:
    """Undo of ``delete_label``: the label returns to its place, its spans to it, as they were."""
    with project.database.write():
        database = project.database
        order = [label.name for label in label_rows.list_labels(database)]
        if deleted.label.name in order:
            raise InputError(f"a label called '{deleted.label.name}' exists again", field="name")
        order.insert(min(deleted.label.position, len(order)), deleted.label.name)
        label_rows.upsert_label(database, deleted.label)
        label_rows.set_positions(database, order)
        span_rows.upsert_spans(database, deleted.spans)
        for definition in deleted.definitions:
            schema_rows.upsert_attribute_definition(database, definition)
        relation_rows.upsert_relations(database, deleted.relations)
        relation_rows.set_span_attributes(database, deleted.attributes)


# -- schema files ---------------------------------------------------------------------------------------


def load_schema(project: Project, path: Path) -> SchemaMerge:
    """Merge a schema file into the project (see the module docstring). Bad files change nothing."""
    with project.database.write():
        incoming, structure = read_full_schema(path)
        database = project.database
        existing = {label.name: label for label in label_rows.list_labels(database)}
        incoming_names = {label.name for label in incoming}
        incoming_keys = {label.hotkey for label in incoming if label.hotkey}
        kept = [label for label in existing.values() if label.name not in incoming_names]
        merge = SchemaMerge()
        for label in kept:
            if label.hotkey in incoming_keys:
                label_rows.replace_label(database, label.name, label.model_copy(update={"hotkey": ""}))
                merge.hotkeys_cleared.append(label.name)
        for label in incoming:
            before = existing.get(label.name)
            if before is None:
                label_rows.upsert_label(database, label)
                merge.added.append(label.name)
                continue
            if before.model_copy(update={"position": label.position}) == label:
                merge.unchanged.append(label.name)
            else:
                merge.updated.append(label.name)
            label_rows.replace_label(database, label.name, label)
        label_rows.set_positions(database, [label.name for label in incoming] + [k.name for k in kept])
        merge.structure = merge_structure(project, structure)
        return merge


def save_schema(project: Project, path: Path) -> int:
    """Write the current labels as a schema file (replaced whole, never half-written); returns the count."""
    labels = label_rows.list_labels(project.database)
    try:
        write_atomically(path, [schema_text(labels, structure_schema(project))])
    except OSError as error:
        raise InputError(f"cannot write the schema file ({error.strerror})", path=path) from None
    return len(labels)


# -- helpers --------------------------------------------------------------------------------------------


def _check_seen(stored: Label, seen: Label | None) -> None:
    # The palette order is not part of what the user saw change: moving labels is not a conflict.
    if seen is not None and stored.model_copy(update={"position": seen.position}) != seen:
        raise ConflictError(
            f"label '{seen.name}' was changed since you saw it (in another window or by a command); "
            "nothing was changed, and the list shows it as it is now"
        )


def _validated(data: dict[str, object]) -> Label:
    try:
        return Label(**data)
    except ValidationError as error:
        problem = error.errors()[0]
        key = str(problem["loc"][0]) if problem["loc"] else None
        message = str(problem["msg"]).removeprefix("Value error, ")
        raise InputError(message, field=key) from None


def _find(labels: list[Label], name: str) -> Label:
    for label in labels:
        if label.name == name:
            return label
    raise NotFoundError(f"there is no label called '{name}' (it may have been renamed or deleted)")


def _check_unique(existing: list[Label], label: Label, *, previous_name: str | None) -> None:
    if label.hotkey and label.hotkey not in HOTKEYS:
        raise InputError("a hotkey must be one of 1-9 (or none)", field="hotkey")
    for other in existing:
        if other.name == previous_name:
            continue
        if other.name == label.name:
            raise InputError(f"there is already a label called '{label.name}'", field="name")
        if label.hotkey and other.hotkey == label.hotkey:
            raise InputError(f"hotkey {label.hotkey} is already used by '{other.name}'", field="hotkey")
