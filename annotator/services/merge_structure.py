"""Merging a colleague's relations, span attributes and document labels, inside the merge's transaction.

The rules are those of their spans: what is yours is never added, changed or removed; what is theirs
arrives once (merging the same file again changes nothing), a relation they changed since the last merge
is updated when theirs is newer, and a relation or attribute whose span did not arrive is skipped. Their
relation types, attributes and document label sets that this project lacks are added (without keys,
which may clash with ours); ours are kept as they are, and their values must fit ours.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from annotator.domain.structure import DocumentLabel, Relation, SpanAttribute
from annotator.services.project import Project
from annotator.storage import relations as relation_rows
from annotator.storage import spans as span_rows
from annotator.storage import structure_schema as schema_rows
from annotator.storage.merge_structure import StructureSource

NO_SPAN = "a span or article they refer to is not here as theirs"
NOT_FITTING = "it does not fit this project's schema"
OWN = "they are in your own layer, which only you change"


@dataclass
class StructureReport:
    relations_added: int = 0
    relations_updated: int = 0
    attributes_set: int = 0
    document_labels_added: int = 0
    schema_added: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        lines = [
            f"relations: {self.relations_added} added, {self.relations_updated} updated",
            f"span attributes: {self.attributes_set} set",
            f"document labels: {self.document_labels_added} added",
        ]
        if self.schema_added:
            lines.append("schema added: " + ", ".join(self.schema_added))
        lines += [
            f"skipped {n} relation(s), attribute(s) or label(s): {why}"
            for why, n in sorted(self.skipped.items())
        ]
        return lines


def merge_structure(project: Project, source: StructureSource, local_ids: dict[str, str]) -> StructureReport:
    """Their structure onto the spans the merge has just written; call inside its transaction."""
    report = StructureReport()
    _merge_schema(project, source, report)
    _merge_relations(project, source, local_ids, report)
    _merge_attributes(project, source, report)
    _merge_document_labels(project, source, local_ids, report)
    return report


def _merge_relations(
    project: Project, source: StructureSource, local_ids: dict[str, str], report: StructureReport
) -> None:
    database, mine = project.database, project.annotator
    relations: list[Relation] = []
    for relation in source.relations:
        if relation.annotator == mine:
            report.skipped[OWN] += 1
            continue
        ends = [
            span_rows.find_span(database, relation.source_id),
            span_rows.find_span(database, relation.target_id),
        ]
        target = local_ids.get(relation.document_id)
        # Each end must be the colleague's own span as merged here (never one of yours with the same id).
        if target is None or any(
            end is None or end.document_id != target or end.annotator != relation.annotator for end in ends
        ):
            report.skipped[NO_SPAN] += 1
            continue
        local = relation.model_copy(update={"document_id": target})
        existing = relation_rows.find_relation(database, local.id)
        if existing is not None and existing.annotator == mine:
            report.skipped[OWN] += 1
        elif existing is None:
            report.relations_added += 1
            relations.append(local)
        elif existing != local and local.updated > existing.updated:
            report.relations_updated += 1
            relations.append(local)
    relation_rows.upsert_relations(database, relations)


def _merge_attributes(project: Project, source: StructureSource, report: StructureReport) -> None:
    database, mine = project.database, project.annotator

    definitions = {(d.label, d.name): d for d in schema_rows.list_attribute_definitions(database)}
    attributes: list[SpanAttribute] = []
    for attribute in source.span_attributes:
        span = span_rows.find_span(database, attribute.span_id)
        if span is None or span.annotator == mine:
            report.skipped[OWN if span is not None else NO_SPAN] += 1
            continue
        definition = definitions.get((span.label, attribute.name))
        try:
            value = definition.checked(attribute.value) if definition is not None else None
        except ValueError:
            value = None
        if value is None:
            report.skipped[NOT_FITTING] += 1
            continue
        known = relation_rows.attributes_of_spans(database, [span.id]).get(span.id, {})
        if attribute.name not in known or known[attribute.name] != value:
            report.attributes_set += 1
            attributes.append(attribute.model_copy(update={"value": value}))
    relation_rows.set_span_attributes(database, attributes)


def _merge_document_labels(
    project: Project, source: StructureSource, local_ids: dict[str, str], report: StructureReport
) -> None:
    database, mine = project.database, project.annotator

    sets = {s.name: s for s in schema_rows.list_document_label_sets(database)}
    labels: list[DocumentLabel] = []
    for label in source.document_labels:
        target = local_ids.get(label.document_id)
        if label.annotator == mine or target is None:
            report.skipped[OWN if target is not None else NO_SPAN] += 1
            continue
        label_set = sets.get(label.label_set)
        if label_set is None or label.value not in label_set.choices:
            report.skipped[NOT_FITTING] += 1
            continue
        labelled = label.model_copy(update={"document_id": target})
        if labelled not in relation_rows.document_labels(database, target):
            report.document_labels_added += 1
            labels.append(labelled)
    relation_rows.add_document_labels(database, labels)


def _merge_schema(project: Project, source: StructureSource, report: StructureReport) -> None:
    database = project.database
    types = {t.name for t in schema_rows.list_relation_types(database)}
    for relation_type in source.relation_types:
        if relation_type.name not in types:
            schema_rows.upsert_relation_type(
                database, relation_type.model_copy(update={"hotkey": "", "position": len(types)})
            )
            types.add(relation_type.name)
            report.schema_added.append(f"relation type {relation_type.name}")
    attributes = {(d.label, d.name) for d in schema_rows.list_attribute_definitions(database)}
    for definition in source.attributes:
        if (definition.label, definition.name) not in attributes:
            schema_rows.upsert_attribute_definition(database, definition.model_copy(update={"hotkey": ""}))
            report.schema_added.append(f"attribute {definition.label}.{definition.name}")
    sets = {s.name for s in schema_rows.list_document_label_sets(database)}
    for label_set in source.label_sets:
        if label_set.name not in sets:
            schema_rows.upsert_document_label_set(
                database, label_set.model_copy(update={"hotkeys": (), "position": len(sets)})
            )
            sets.add(label_set.name)
            report.schema_added.append(f"document label set {label_set.name}")
