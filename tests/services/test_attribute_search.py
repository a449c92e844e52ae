"""Corpus search filtered by span attribute value, on a real project file."""

from __future__ import annotations

from annotator.domain.structure import AttributeDefinition
from annotator.services import annotation, relations, structure
from annotator.services.attribute_search import attribute_filters, search_with_attributes
from annotator.services.project import Project
from annotator.services.search import HitKind, search_corpus


def test_filters_are_taken_out_of_the_query() -> None:
    assert attribute_filters('Huawei metric=revenue stage="two words"') == (
        "Huawei",
        [("metric", "revenue"), ("stage", "two words")],
    )
    assert attribute_filters("no filter here") == ("no filter here", [])


def test_only_spans_with_the_value_are_found(project: Project) -> None:
    structure.save_attribute(
        project,
        AttributeDefinition(label="financials", name="metric", kind="choice", choices=("revenue", "profit")),
    )
    structure.save_attribute(project, AttributeDefinition(label="financials", name="audited", kind="boolean"))
    structure.save_attribute(project, AttributeDefinition(label="financials", name="amount", kind="number"))
    ids = [row["id"] for row in project.database.query("SELECT id FROM documents ORDER BY id LIMIT 2")]
    first = annotation.tag_span(project, ids[0], 0, 5, "financials")
    second = annotation.tag_span(project, ids[1], 0, 4, "financials")
    untouched = annotation.tag_span(project, ids[1], 6, 9, "financials")
    relations.set_span_attributes(project, first, {"metric": (None, "revenue"), "audited": (None, True)})
    relations.set_span_attributes(project, second, {"metric": (None, "profit"), "amount": (None, 4100000000)})

    def found(query: str) -> list[str | None]:
        hits = search_with_attributes(project, query)
        assert all(hit.kind is HitKind.SPAN for hit in hits)
        return [hit.span_id for hit in hits]

    assert found("metric=revenue") == [first.id]
    assert found("metric=Profit") == [second.id]
    assert found("audited=yes") == [first.id]
    assert found("audited=no") == []
    assert found("amount=4100000000") == [second.id]
    assert found("metric=revenue audited=true") == [first.id]
    assert found("metric=revenue amount=1") == []
    # Other words must also occur in the span's label, note, text or attributes.
    assert found("financials metric=profit") == [second.id]
    assert found("nowhere-to-be-seen metric=profit") == []
    assert untouched.id not in found("metric=revenue") + found("metric=profit")
    # Without a filter the search is the usual one.
    assert search_with_attributes(project, "Huawei") == search_corpus(project, "Huawei")
