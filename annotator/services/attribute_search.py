"""Corpus search filtered by span attribute: ``metric=revenue`` in a query keeps the spans whose
attribute ``metric`` has the value ``revenue``.

A filter is a word ``name=value`` (``name="two words"`` for a value with spaces); a number matches as it is
written (``amount=4100000000``), yes/no as ``yes``, ``no``, ``true`` or ``false``, and text values with
case ignored. With a filter, the results are the spans that carry every filtered value and contain the
query's other words in their label, note, text or attributes; without one, the search is the usual one.
"""

from __future__ import annotations

import re

from annotator.domain.search import contains_all, find_terms, parse_query, snippet
from annotator.domain.structure import AttributeValue
from annotator.services.project import Project
from annotator.services.search import Hit, HitKind, search_corpus
from annotator.storage import relations as relation_rows
from annotator.storage import spans as span_rows
from annotator.storage.documents import get_summary

_FILTER = re.compile(r'(?:^|(?<=\s))([^\s="]+)=("([^"]*)"|[^\s"]+)(?=\s|$)')
_YES, _NO = {"yes", "true"}, {"no", "false"}


def attribute_filters(query: str) -> tuple[str, list[tuple[str, str]]]:
    """The query without its ``name=value`` words, and those filters in order."""
    filters = [
        (m.group(1), m.group(3) if m.group(3) is not None else m.group(2)) for m in _FILTER.finditer(query)
    ]
    return _FILTER.sub(" ", query).strip(), filters


def value_matches(value: AttributeValue, wanted: str) -> bool:
    folded = wanted.strip().casefold()
    if isinstance(value, bool):
        return folded in (_YES if value else _NO)
    if isinstance(value, int | float):
        try:
            return float(folded) == float(value)
        except ValueError:
            return False
    return value.casefold() == folded


def search_with_attributes(project: Project, query: str, limit: int = 200) -> list[Hit]:
    """``search_corpus``, or with attribute filters in the query, the spans that carry those values."""
    rest, filters = attribute_filters(query)
    if not filters:
        return search_corpus(project, query, limit)
    terms = parse_query(rest)
    database = project.database
    chosen: set[str] | None = None
    for name, wanted in filters:
        found = {
            span_id
            for span_id, value in relation_rows.attribute_values_named(database, name)
            if value_matches(value, wanted)
        }
        chosen = found if chosen is None else chosen & found
    titles: dict[str, str] = {}
    hits: list[Hit] = []
    for span_id in sorted(chosen or ()):
        span = span_rows.find_span(database, span_id)
        if span is None:
            continue
        values = relation_rows.attributes_of_spans(database, [span_id]).get(span_id, {})
        shown = " · ".join(f"{n}: {v}" for n, v in sorted(values.items()))
        if terms and not contains_all((span.label, span.note, span.text, shown), terms):
            continue
        if span.document_id not in titles:
            titles[span.document_id] = get_summary(database, span.document_id).title
        line = f"{span.label} · {span.text} — {shown}"
        at = (find_terms(line, terms, limit=1) if terms else []) or [
            (len(span.label) + 3, len(span.label) + 3 + len(span.text))
        ]
        hits.append(
            Hit(
                HitKind.SPAN,
                span.document_id,
                titles[span.document_id],
                span.start,
                span.end,
                snippet(line, *at[0], context=60),
                span_id=span.id,
                label=span.label,
                annotator=span.annotator,
            )
        )
    hits.sort(key=lambda hit: (hit.title, hit.document_id, hit.start))
    return hits[:limit]
