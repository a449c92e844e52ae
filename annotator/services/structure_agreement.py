"""Agreement on relations, span attributes and document labels, read from the project (reading only).

An annotator annotated an article when they have a span in it or marked it done, as for the span figures;
the rules of each figure are in ``annotator.metrics.structure_agreement``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.metrics.structure_agreement import (
    CategoryAgreement,
    PairFigures,
    RelationRecord,
    attribute_units,
    categorical_agreement,
    document_label_units,
    relation_agreement,
)
from annotator.services.project import Project
from annotator.storage import relations as relation_rows
from annotator.storage import structure_schema as schema_rows
from annotator.storage.spans import all_spans_by_document
from annotator.storage.status import all_statuses


@dataclass(frozen=True)
class StructureAgreement:
    annotators: list[str]
    relations: list[PairFigures]
    attributes: list[CategoryAgreement]
    document_labels: list[CategoryAgreement]

    @property
    def empty(self) -> bool:
        return not any(p.relations_first or p.relations_second for p in self.relations) and not (
            self.attributes or self.document_labels
        )

    def to_dict(self) -> dict[str, Any]:
        def category(item: CategoryAgreement) -> dict[str, Any]:
            return {
                "name": item.name,
                "units": item.units,
                "cohen_kappa": [{"pair": list(pair), "kappa": k} for pair, k in item.cohen_kappa.items()],
                "fleiss_kappa": item.fleiss_kappa,
                "krippendorff_alpha": item.krippendorff_alpha,
            }

        return {
            "annotators": self.annotators,
            "relations": [vars(p) for p in self.relations],
            "attributes": [category(a) for a in self.attributes],
            "document_labels": [category(d) for d in self.document_labels],
        }


def structure_agreement(project: Project, annotators: Sequence[str]) -> StructureAgreement:
    database = project.database
    people = list(annotators)
    spans = {s.id: s for group in all_spans_by_document(database).values() for s in group}
    annotated: dict[str, set[str]] = {name: set() for name in people}
    for span in spans.values():
        if span.annotator in annotated:
            annotated[span.annotator].add(span.document_id)
    for document_id, statuses in all_statuses(database).items():
        for name, status in statuses.items():
            if name in annotated and status == "done":
                annotated[name].add(document_id)
    directed = {t.name: t.directed for t in schema_rows.list_relation_types(database)}
    records = [
        RelationRecord(
            r.document_id,
            r.annotator,
            _endpoint(spans[r.source_id]),
            _endpoint(spans[r.target_id]),
            r.type,
            directed.get(r.type, True),
        )
        for group in relation_rows.all_relations_by_document(database).values()
        for r in group
    ]
    values = relation_rows.all_span_attributes(database)
    attribute_rows = [
        (s.document_id, s.annotator, _endpoint(s), dict(values.get(s.id, {})))
        for s in spans.values()
        if s.annotator in annotated
    ]
    attributes = [
        categorical_agreement(name, units, people)
        for name, units in sorted(attribute_units(attribute_rows).items())
    ]
    multiple = {s.name: s.multiple for s in schema_rows.list_document_label_sets(database)}
    label_rows = [
        (x.document_id, x.annotator, x.label_set, x.value)
        for group in relation_rows.all_document_labels(database).values()
        for x in group
        if x.annotator in annotated
    ]
    document_labels = [
        categorical_agreement(name, units, people)
        for name, units in sorted(document_label_units(label_rows, multiple).items())
    ]
    return StructureAgreement(
        people, relation_agreement(records, annotated, people), attributes, document_labels
    )


def _endpoint(span: Any) -> tuple[int, int, str]:
    return (span.start, span.end, span.label)
