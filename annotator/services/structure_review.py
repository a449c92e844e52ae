"""Review of relations, span attributes and document labels: how two layers of an article differ, and
taking one side's relation, attribute value or document labels into the gold layer with provenance.

Each ``take_*`` is one transaction and returns what undo needs; it reads what it changes inside the
transaction and refuses a stale decision (``ConflictError``). A relation goes into gold between the gold
spans at its endpoints, an attribute value onto the gold span at its span: those spans are decided first.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import NamedTuple

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.errors import ConflictError, SpanError
from annotator.domain.models import utc_now
from annotator.domain.structure import AttributeValue
from annotator.domain.structure_diff import (
    AttributeDifference,
    Endpoint,
    LabelDifference,
    RelationDifference,
    RelationView,
    attribute_differences,
    label_differences,
    relation_differences,
)
from annotator.services.project import Project
from annotator.services.structure import document_labels
from annotator.storage import gold as gold_spans
from annotator.storage import gold_structure as gold_rows
from annotator.storage import relations as relation_rows
from annotator.storage import structure_schema as schema_rows
from annotator.storage.gold_structure import GoldRelation
from annotator.storage.spans import spans_for_document


@dataclass(frozen=True)
class LayerStructure:
    relations: list[RelationView]
    attributes: dict[Endpoint, dict[str, AttributeValue]]
    labels: dict[str, tuple[str, ...]]
    spans: dict[Endpoint, str]  # endpoint -> span id in that layer


@dataclass(frozen=True)
class StructureDifferences:
    relations: list[RelationDifference]
    attributes: list[AttributeDifference]
    labels: list[LabelDifference]

    def __len__(self) -> int:
        return len(self.relations) + len(self.attributes) + len(self.labels)


class GoldEdit(NamedTuple):
    """One gold value before and after a decision (an attribute, or a label set's values)."""

    document_id: str
    key: tuple[str, str]  # (gold span id, attribute name) or ("", label set)
    before: object
    after: object
    source: str


def layer_structure(project: Project, document_id: str, layer: str) -> LayerStructure:
    database = project.database
    directed = {t.name: t.directed for t in schema_rows.list_relation_types(database)}
    if layer == GOLD_LAYER:
        gold = {g.id: (g.start, g.end, g.label) for g in gold_spans.gold_for_document(database, document_id)}
        relations = [
            RelationView(r.id, gold[r.source_id], gold[r.target_id], r.type, directed.get(r.type, True))
            for r in gold_rows.gold_relations(database, document_id)
        ]
        values = gold_rows.gold_attributes(database, document_id)
        labels = gold_rows.gold_document_labels(database, document_id)
        ends = gold
    else:
        ends = {s.id: (s.start, s.end, s.label) for s in spans_for_document(database, document_id, [layer])}
        relations = [
            RelationView(r.id, ends[r.source_id], ends[r.target_id], r.type, directed.get(r.type, True))
            for r in relation_rows.relation_rows_for_document(database, document_id, [layer])
        ]
        values = {k: dict(v) for k, v in relation_rows.attributes_for_document(database, document_id).items()}
        labels = document_labels(project, document_id, layer)
    attributes = {ends[span_id]: dict(found) for span_id, found in values.items() if span_id in ends}
    return LayerStructure(relations, attributes, labels, {end: span_id for span_id, end in ends.items()})


def structure_differences(project: Project, document_id: str, left: str, right: str) -> StructureDifferences:
    a, b = layer_structure(project, document_id, left), layer_structure(project, document_id, right)
    return StructureDifferences(
        relation_differences(a.relations, b.relations),
        attribute_differences(a.attributes, b.attributes),
        label_differences(a.labels, b.labels),
    )


def take_relation(project: Project, document_id: str, layer: str, relation_id: str) -> GoldRelation:
    """Take ``layer``'s relation into gold, between the gold spans at its endpoints."""
    with project.database.write():
        mine = layer_structure(project, document_id, layer)
        relation = next((r for r in mine.relations if r.id == relation_id), None)
        if relation is None:
            raise ConflictError(f"{layer}'s relation was deleted since you saw it; nothing was taken")
        gold = layer_structure(project, document_id, GOLD_LAYER)
        missing = [end for end in (relation.source, relation.target) if end not in gold.spans]
        if missing:
            raise SpanError(
                f"take the relation's spans into gold first (no gold {missing[0][2]} span at "
                f"[{missing[0][0]}, {missing[0][1]}))"
            )
        if any(
            (g.source, g.target, g.type) == (relation.source, relation.target, relation.type)
            for g in gold.relations
        ):
            raise ConflictError(f"the gold layer has this {relation.type} relation already")
        taken = GoldRelation(
            uuid.uuid4().hex,
            document_id,
            gold.spans[relation.source],
            gold.spans[relation.target],
            relation.type,
            json.dumps([{"relation_id": relation.id, "annotator": layer}], ensure_ascii=False),
            project.annotator,
            utc_now(),
        )
        gold_rows.add_gold_relations(project.database, [taken])
    return taken


def remove_gold_relation(project: Project, taken: GoldRelation) -> None:
    """Undo of ``take_relation``."""
    with project.database.write():
        gold_rows.delete_gold_relations(project.database, [taken.id])


def restore_gold_relation(project: Project, taken: GoldRelation) -> None:
    """Redo of ``take_relation``: refused when one of its gold spans is gone."""
    with project.database.write():
        ids = {g.id for g in gold_spans.gold_for_document(project.database, taken.document_id)}
        if taken.source_id not in ids or taken.target_id not in ids:
            raise ConflictError(
                "a gold span of the relation was removed since; the relation was not put back"
            )
        gold_rows.add_gold_relations(project.database, [taken])


def take_attribute(project: Project, document_id: str, layer: str, span: Endpoint, name: str) -> GoldEdit:
    """Take ``layer``'s value of attribute ``name`` (None: unset) onto the gold span at ``span``."""
    with project.database.write():
        value = layer_structure(project, document_id, layer).attributes.get(span, {}).get(name)
        gold = layer_structure(project, document_id, GOLD_LAYER)
        span_id = gold.spans.get(span)
        if span_id is None:
            raise SpanError(f"take the {span[2]} span at [{span[0]}, {span[1]}) into gold first")
        before = gold.attributes.get(span, {}).get(name)
        edit = GoldEdit(document_id, (span_id, name), before, value, layer)
        _write(project, edit, edit.after)
    return edit


def take_document_labels(project: Project, document_id: str, layer: str, label_set: str) -> GoldEdit:
    """Take ``layer``'s choices of ``label_set`` (none: clears them) as the article's gold labels."""
    with project.database.write():
        values = document_labels(project, document_id, layer).get(label_set, ())
        before = gold_rows.gold_document_labels(project.database, document_id).get(label_set, ())
        edit = GoldEdit(document_id, ("", label_set), tuple(before), tuple(values), layer)
        _write(project, edit, edit.after)
    return edit


def undo_gold_edit(project: Project, edit: GoldEdit, *, backward: bool) -> None:
    """Undo (``backward``) or redo a ``take_attribute`` or ``take_document_labels``; refused when the gold
    value changed since."""
    expected, wanted = (edit.after, edit.before) if backward else (edit.before, edit.after)
    with project.database.write():
        span_id, name = edit.key
        if span_id:
            current: object = (
                gold_rows.gold_attributes(project.database, edit.document_id).get(span_id, {}).get(name)
            )
        else:
            current = gold_rows.gold_document_labels(project.database, edit.document_id).get(name, ())
        if current != expected:
            raise ConflictError(f"the gold {name} was changed since; nothing was changed")
        _write(project, edit, wanted)


def _write(project: Project, edit: GoldEdit, value: object) -> None:
    span_id, name = edit.key
    at = utc_now()
    if span_id:
        assert value is None or isinstance(value, bool | int | float | str)
        gold_rows.set_gold_attribute(
            project.database, span_id, name, value, edit.source, project.annotator, at
        )
    else:
        assert isinstance(value, tuple)
        gold_rows.set_gold_document_labels(
            project.database, edit.document_id, name, value, edit.source, project.annotator, at
        )
