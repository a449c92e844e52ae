"""Curation of structured annotation: every annotator's relations, attribute values and document labels of
one article, each distinct reading with who gave it and whether gold has it, and taking one into gold.

A reading goes into gold through ``structure_review`` (one transaction, provenance: the annotator whose
reading it is), as review mode's decisions do, so the same undo commands apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.structure import AttributeValue
from annotator.domain.structure_diff import Endpoint
from annotator.services import curation, reading, structure, structure_review
from annotator.services.project import Project
from annotator.services.structure_review import GoldEdit, GoldRelation, LayerStructure

Quote = Callable[[Endpoint], str]
RelationKey = tuple[Endpoint, Endpoint, str]


class ReadingKind(StrEnum):
    RELATION = "relation"
    ATTRIBUTE = "attribute"
    LABELS = "document labels"


@dataclass(frozen=True)
class StructureReading:
    """One distinct reading of one thing (a relation, a span's attribute, an article's label set)."""

    kind: ReadingKind
    subject: str  # what it is about, for the list
    value: str  # the value read ("" for a relation)
    annotators: tuple[str, ...]  # who gave this reading
    total: int  # how many annotators worked on the article
    in_gold: bool
    layer: str  # the annotator whose reading is taken (the first who gave it): the provenance
    relation_id: str = ""
    endpoint: Endpoint | None = None
    name: str = ""  # the attribute or the label set

    @property
    def agreement(self) -> str:
        return f"{len(self.annotators)} of {self.total}"


@dataclass(frozen=True)
class StructureCuration:
    document_id: str
    annotators: tuple[str, ...]
    readings: list[StructureReading]

    def of_kind(self, kind: ReadingKind) -> list[StructureReading]:
        return [r for r in self.readings if r.kind is kind]


def curate_structure(project: Project, document_id: str) -> StructureCuration:
    annotators = curation.curate(project, document_id).annotators
    text = reading.load_document(project, document_id).text
    layers = {name: structure_review.layer_structure(project, document_id, name) for name in annotators}
    gold = structure_review.layer_structure(project, document_id, GOLD_LAYER)
    total = len(annotators)

    def quoted(end: Endpoint) -> str:
        piece = text[end[0] : end[1]]
        return f"{end[2]} “{piece if len(piece) <= 30 else piece[:29] + '…'}”"

    readings = _relations(layers, gold, total, quoted)
    readings += _attributes(layers, gold, total, quoted)
    order = [s.name for s in structure.structure_schema(project).document_label_sets]
    readings += _labels(layers, gold, total, order)
    return StructureCuration(document_id, annotators, readings)


def take_structure_reading(
    project: Project, document_id: str, chosen: StructureReading
) -> GoldRelation | GoldEdit:
    """Take ``chosen`` into gold; returns what undo needs."""
    if chosen.kind is ReadingKind.RELATION:
        return structure_review.take_relation(project, document_id, chosen.layer, chosen.relation_id)
    if chosen.kind is ReadingKind.ATTRIBUTE:
        assert chosen.endpoint is not None
        return structure_review.take_attribute(
            project, document_id, chosen.layer, chosen.endpoint, chosen.name
        )
    return structure_review.take_document_labels(project, document_id, chosen.layer, chosen.name)


# -- grouping -------------------------------------------------------------------------------------------


def _relations(
    layers: dict[str, LayerStructure], gold: LayerStructure, total: int, quoted: Quote
) -> list[StructureReading]:
    def key(source: Endpoint, target: Endpoint, kind: str, directed: bool) -> RelationKey:
        if not directed and target < source:  # a symmetric relation is the same in either order
            source, target = target, source
        return (source, target, kind)

    in_gold = {key(r.source, r.target, r.type, r.directed) for r in gold.relations}
    found: dict[RelationKey, list[tuple[str, str]]] = {}
    shown: dict[RelationKey, str] = {}
    for name, layer in layers.items():
        for relation in layer.relations:
            k = key(relation.source, relation.target, relation.type, relation.directed)
            found.setdefault(k, []).append((name, relation.id))
            arrow = "→" if relation.directed else "↔"
            shown[k] = f"{relation.type}: {quoted(k[0])} {arrow} {quoted(k[1])}"
    return [
        StructureReading(
            ReadingKind.RELATION,
            shown[k],
            "",
            tuple(n for n, _ in who),
            total,
            k in in_gold,
            who[0][0],
            who[0][1],
        )
        for k, who in sorted(found.items())
    ]


def _attributes(
    layers: dict[str, LayerStructure], gold: LayerStructure, total: int, quoted: Quote
) -> list[StructureReading]:
    found: dict[tuple[Endpoint, str, str], list[str]] = {}
    values: dict[tuple[Endpoint, str, str], AttributeValue] = {}
    for name, layer in layers.items():
        for end, named in layer.attributes.items():
            for attribute, value in named.items():
                k = (end, attribute, repr(value))
                found.setdefault(k, []).append(name)
                values[k] = value
    readings = []
    for k in sorted(found):
        end, attribute, _ = k
        value = values[k]
        stored = gold.attributes.get(end, {}).get(attribute)
        in_gold = stored == value and type(stored) is type(value)
        subject = f"{attribute} of {quoted(end)}"
        readings.append(
            StructureReading(
                ReadingKind.ATTRIBUTE,
                subject,
                _shown(value),
                tuple(found[k]),
                total,
                in_gold,
                found[k][0],
                endpoint=end,
                name=attribute,
            )
        )
    return readings


def _labels(
    layers: dict[str, LayerStructure], gold: LayerStructure, total: int, order: list[str]
) -> list[StructureReading]:
    found: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for name, layer in layers.items():
        for label_set, chosen in layer.labels.items():
            if chosen:
                found.setdefault((label_set, tuple(sorted(chosen))), []).append(name)

    def place(k: tuple[str, tuple[str, ...]]) -> tuple[int, str, tuple[str, ...]]:
        return (order.index(k[0]) if k[0] in order else len(order), *k)

    return [
        StructureReading(
            ReadingKind.LABELS,
            label_set,
            ", ".join(chosen),
            tuple(found[(label_set, chosen)]),
            total,
            tuple(sorted(gold.labels.get(label_set, ()))) == chosen,
            found[(label_set, chosen)][0],
            name=label_set,
        )
        for label_set, chosen in sorted(found, key=place)
    ]


def _shown(value: AttributeValue) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 4.1e9 is read as 4100000000, as it was typed
    return str(value)
