"""Storing a record's relations, span attributes and document labels, inside the import's transaction.

What is already there stays as it is: a relation with the same spans, type and annotator, an attribute
value a span already has, a document label already chosen. Relation types, attributes and document label
sets the project does not have yet are added to its schema (and listed in the report).
"""

from __future__ import annotations

import uuid

from annotator.domain.colours import generated_colour
from annotator.domain.errors import InputError
from annotator.domain.models import new_span_id
from annotator.domain.structure import (
    AttributeDefinition,
    AttributeKind,
    AttributeValue,
    DocumentLabel,
    DocumentLabelSet,
    Relation,
    RelationType,
    SpanAttribute,
)
from annotator.services.importing_report import ImportReport
from annotator.services.importing_resolve import ResolvedDocument
from annotator.services.project import Project
from annotator.storage import relations as relation_rows
from annotator.storage import structure_schema as schema_rows

RelationKey = tuple[str, str, str, str]


class StructureStore:
    def __init__(self, project: Project, report: ImportReport) -> None:
        self.project = project
        self.report = report
        database = project.database
        self.types = {t.name: t for t in schema_rows.list_relation_types(database)}
        self.definitions = {(d.label, d.name): d for d in schema_rows.list_attribute_definitions(database)}
        self.sets = {s.name: s for s in schema_rows.list_document_label_sets(database)}

    def store(self, document_id: str, resolved: ResolvedDocument, stored_ids: list[str | None]) -> None:
        self._attributes(resolved, stored_ids)
        self._relations(document_id, resolved, stored_ids)
        self._document_labels(document_id, resolved)

    def _attributes(self, resolved: ResolvedDocument, stored_ids: list[str | None]) -> None:
        if not any(draft.attributes for draft in resolved.spans):
            return
        database = self.project.database
        present = relation_rows.attributes_of_spans(
            database, [i for i, d in zip(stored_ids, resolved.spans, strict=True) if i and d.attributes]
        )
        values: list[SpanAttribute] = []
        for span_id, draft in zip(stored_ids, resolved.spans, strict=True):
            if span_id is None:
                continue
            for name, value in draft.attributes:
                definition = self._definition(draft.label, name, value, resolved)
                if name in present.get(span_id, {}):
                    self.report.structure["attribute value(s) already present"] += 1
                    continue
                try:
                    checked = definition.checked(value)
                except ValueError as error:
                    raise InputError(
                        str(error), path=resolved.parsed.path, line=resolved.parsed.line
                    ) from None
                values.append(SpanAttribute(span_id=span_id, name=name, value=checked))
        relation_rows.set_span_attributes(database, values)
        self.report.structure["attribute value(s) added"] += len(values)

    def _definition(
        self, label: str, name: str, value: AttributeValue, resolved: ResolvedDocument
    ) -> AttributeDefinition:
        definition = self.definitions.get((label, name))
        if definition is None:
            kind = (
                AttributeKind.BOOLEAN
                if isinstance(value, bool)
                else AttributeKind.NUMBER
                if isinstance(value, int | float)
                else AttributeKind.TEXT
            )
            position = sum(1 for (other, _) in self.definitions if other == label)
            definition = AttributeDefinition(label=label, name=name, kind=kind, position=position)
            schema_rows.upsert_attribute_definition(self.project.database, definition)
            self.definitions[(label, name)] = definition
            self.report.schema_added.append(f"attribute {label}.{name} ({kind.value})")
        return definition

    def _relations(self, document_id: str, resolved: ResolvedDocument, stored_ids: list[str | None]) -> None:
        if not resolved.relations:
            return
        database = self.project.database
        by_ref = {
            draft.ref: (span_id, draft.annotator)
            for span_id, draft in zip(stored_ids, resolved.spans, strict=True)
            if draft.ref is not None
        }
        existing = relation_rows.relations_for_document(database, document_id)
        keys: set[RelationKey] = {(r.source_id, r.target_id, r.type, r.annotator) for r in existing}
        taken = {r.id for r in existing}
        added: list[Relation] = []
        for parsed in resolved.relations:
            source, annotator = by_ref[parsed.source]
            target, target_annotator = by_ref[parsed.target]
            if source == target:
                self.report.dropped["relations of a span to itself"] += 1
                continue
            if annotator != target_annotator:
                # A relation belongs to one annotator's layer; one across two layers is counted, not guessed.
                self.report.dropped["relations between two annotators' spans"] += 1
                continue
            if source is None or target is None:  # a span of the gold layer, refused
                self.report.structure["relation(s) of refused spans not imported"] += 1
                continue
            relation_type = self._relation_type(parsed.type, parsed.directed)
            reverse = (target, source, parsed.type, annotator)
            key = (source, target, parsed.type, annotator)
            if key in keys or (not relation_type.directed and reverse in keys):
                self.report.structure["relation(s) already present"] += 1
                continue
            keys.add(key)
            relation_id = parsed.id or ""
            if (
                not _is_uuid(relation_id)
                or relation_id in taken
                or relation_rows.find_relation(database, relation_id)
            ):
                relation_id = new_span_id()  # the file's id is not one of ours, or is in use
            taken.add(relation_id)
            relation = Relation(
                id=relation_id,
                document_id=document_id,
                source_id=source,
                target_id=target,
                type=parsed.type,
                annotator=annotator,
                note=parsed.note,
            )
            added.append(relation)
        relation_rows.upsert_relations(database, added)
        self.report.structure["relation(s) added"] += len(added)

    def _relation_type(self, name: str, directed: bool) -> RelationType:
        relation_type = self.types.get(name)
        if relation_type is None:
            relation_type = RelationType(
                name=name, colour=generated_colour(name), directed=directed, position=len(self.types)
            )
            schema_rows.upsert_relation_type(self.project.database, relation_type)
            self.types[name] = relation_type
            self.report.schema_added.append(f"relation type {name}")
        return relation_type

    def _document_labels(self, document_id: str, resolved: ResolvedDocument) -> None:
        if not resolved.document_labels:
            return
        database = self.project.database
        present = {
            (x.annotator, x.label_set, x.value) for x in relation_rows.document_labels(database, document_id)
        }
        added: list[DocumentLabel] = []
        for parsed in resolved.document_labels:
            annotator = parsed.annotator or self.project.annotator
            key = (annotator, parsed.label_set, parsed.value)
            if key in present:
                self.report.structure["document label(s) already present"] += 1
                continue
            present.add(key)
            chosen = [v for (who, name, v) in present if who == annotator and name == parsed.label_set]
            self._label_set(parsed.label_set, parsed.value, multiple=len(chosen) > 1)
            added.append(
                DocumentLabel(
                    document_id=document_id,
                    annotator=annotator,
                    label_set=parsed.label_set,
                    value=parsed.value,
                )
            )
        relation_rows.add_document_labels(database, added)
        self.report.structure["document label(s) added"] += len(added)

    def _label_set(self, name: str, value: str, *, multiple: bool) -> None:
        label_set = self.sets.get(name)
        if label_set is None:
            label_set = DocumentLabelSet(
                name=name, choices=(value,), multiple=multiple, position=len(self.sets)
            )
            self.report.schema_added.append(f"document label set {name}")
        elif value in label_set.choices and (label_set.multiple or not multiple):
            return
        else:
            choices = label_set.choices if value in label_set.choices else (*label_set.choices, value)
            label_set = label_set.model_copy(
                update={"choices": choices, "multiple": label_set.multiple or multiple}
            )
        schema_rows.upsert_document_label_set(self.project.database, label_set)
        self.sets[name] = label_set


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False
