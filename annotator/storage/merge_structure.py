"""Reading a colleague's relations, span attributes and document labels, read-only, for merging.

Their file is untrusted: each row is checked against their own file's schema (a relation's type is one of
their relation types and links two of their spans of one article; an attribute is one their span's label
declares, with a value that fits it; a document label is a choice of one of their label sets). The first
row that breaks a rule ends the merge with a message naming the file, the table and the record.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from annotator.domain.errors import InputError
from annotator.domain.models import Span
from annotator.domain.structure import (
    AttributeDefinition,
    DocumentLabel,
    DocumentLabelSet,
    Relation,
    RelationType,
    SpanAttribute,
)
from annotator.storage.untrusted import read_rows, record_name

STRUCTURE_MIGRATION = "0014_structured_annotation"

Model = TypeVar("Model", bound=BaseModel)

_RELATION_COLUMNS = tuple(Relation.model_fields)
_JSON_LISTS = {"source_labels", "target_labels", "choices", "hotkeys"}


class StructureSource:
    """Their schema beyond labels, and their relations, attributes and document labels, all checked."""

    def __init__(self, conn: sqlite3.Connection, path: Path, spans: list[Span]) -> None:
        self.path = path
        self.relation_types = self._schema_rows(conn, "relation_types", RelationType)
        self.attributes = self._schema_rows(conn, "label_attributes", AttributeDefinition)
        self.label_sets = self._schema_rows(conn, "document_label_sets", DocumentLabelSet)
        by_id = {span.id: span for span in spans}
        self.relations = self._relations(conn, by_id)
        self.span_attributes = self._attributes(conn, by_id)
        self.document_labels = self._document_labels(conn)

    def _fail(self, table: str, number: int, row: dict[str, object], problem: str) -> InputError:
        return InputError(f"{record_name(table, number, row)}: {problem}", path=self.path)

    def _schema_rows(self, conn: sqlite3.Connection, table: str, model: type[Model]) -> list[Model]:
        """Rows of a schema table as the models' input: JSON lists decoded, 0/1 as booleans; every text
        column must hold text (a lax model would turn bytes or numbers into text)."""
        built: list[Model] = []
        for number, row in enumerate(read_rows(conn, self.path, table, tuple(model.model_fields)), 1):
            values: dict[str, object] = {}
            for column, value in row.items():
                if column == "position":
                    if not isinstance(value, int):
                        raise self._fail(table, number, row, "field 'position' is not a whole number")
                elif column in ("directed", "multiple"):
                    if value not in (0, 1) or not isinstance(value, int):
                        raise self._fail(table, number, row, f"field '{column}' is not 0 or 1")
                    value = bool(value)
                elif not isinstance(value, str):
                    raise self._fail(table, number, row, f"field '{column}' is not text")
                elif column in _JSON_LISTS:
                    value = self._text_list(table, number, row, column, value)
                values[column] = value
            try:
                built.append(model.model_validate(values))
            except ValidationError as error:
                raise self._fail(table, number, row, _first_problem(error)) from None
        return built

    def _text_list(
        self, table: str, number: int, row: dict[str, object], column: str, text: str
    ) -> tuple[str, ...]:
        try:
            value = json.loads(text)
        except ValueError:
            raise self._fail(table, number, row, f"field '{column}' is not a JSON list") from None
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self._fail(table, number, row, f"field '{column}' is not a list of names")
        return tuple(value)

    def _relations(self, conn: sqlite3.Connection, spans: dict[str, Span]) -> list[Relation]:
        types = {t.name for t in self.relation_types}
        found = []
        rows = read_rows(conn, self.path, "relations", _RELATION_COLUMNS, order="document_id, id")
        for number, row in enumerate(rows, 1):
            try:
                relation = Relation.model_validate(row, strict=True)
            except ValidationError as error:
                raise self._fail("relations", number, row, _first_problem(error)) from None
            ends = [spans.get(relation.source_id), spans.get(relation.target_id)]
            if any(end is None or end.document_id != relation.document_id for end in ends):
                raise self._fail("relations", number, row, "it does not link two spans of its own article")
            if relation.type not in types:
                raise self._fail("relations", number, row, f"type '{relation.type}' is not one of the file's")
            found.append(relation)
        return found

    def _attributes(self, conn: sqlite3.Connection, spans: dict[str, Span]) -> list[SpanAttribute]:
        definitions = {(d.label, d.name): d for d in self.attributes}
        found = []
        rows = read_rows(
            conn, self.path, "span_attributes", ("span_id", "name", "value"), order="span_id, name"
        )
        for number, row in enumerate(rows, 1):
            span_id, name = row.get("span_id"), row.get("name")
            span = spans.get(span_id) if isinstance(span_id, str) else None
            if span is None:
                raise self._fail("span_attributes", number, row, "its span is not one of the file's")
            definition = definitions.get((span.label, name)) if isinstance(name, str) else None
            if definition is None:
                raise self._fail(
                    "span_attributes", number, row, f"label '{span.label}' has no such attribute"
                )
            try:
                value = definition.checked(
                    json.loads(row["value"]) if isinstance(row["value"], str) else None
                )
            except ValueError as error:
                raise self._fail("span_attributes", number, row, f"field 'value': {error}") from None
            found.append(SpanAttribute(span_id=span.id, name=definition.name, value=value))
        return found

    def _document_labels(self, conn: sqlite3.Connection) -> list[DocumentLabel]:
        sets = {s.name: s for s in self.label_sets}
        found = []
        columns = tuple(DocumentLabel.model_fields)
        rows = read_rows(conn, self.path, "document_labels", columns, order=", ".join(columns))
        for number, row in enumerate(rows, 1):
            try:
                label = DocumentLabel.model_validate(row, strict=True)
            except ValidationError as error:
                raise self._fail("document_labels", number, row, _first_problem(error)) from None
            label_set = sets.get(label.label_set)
            if label_set is None or label.value not in label_set.choices:
                problem = f"'{label.value}' is not a choice of a label set '{label.label_set}' of the file"
                raise self._fail("document_labels", number, row, problem)
            found.append(label)
        return found


def _first_problem(error: ValidationError) -> str:
    problem = error.errors()[0]
    field = ".".join(str(part) for part in problem["loc"])
    message = str(problem["msg"]).removeprefix("Value error, ")
    return f"field '{field}': {message}" if field else message
