"""Taking the hub's structured annotation into a project: relation types, attribute definitions and
document label sets (a curator's), relations, span attributes and document labels (each annotator's),
the record of edits, colleagues' article notes, and the gold layer's relations, attributes and document
labels (a curator's, with provenance). Each row is checked first
(services/hub_checks_structure.py). A relation or attribute whose article or span is not in this project
is skipped and counted, not an error: it is applied when it changes again after its span has arrived.
So is a gold relation or gold attribute whose gold spans are not here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from annotator.domain.errors import InputError
from annotator.domain.structure import DocumentLabel, Relation, RelationType, SpanAttribute
from annotator.services import hub_checks
from annotator.services import hub_checks_structure as checks
from annotator.services.project import Project
from annotator.services.sync_report import SyncReport
from annotator.storage import activity as activity_rows
from annotator.storage import colleague_notes, hub_local, hub_rows
from annotator.storage import gold_structure as gold_rows
from annotator.storage import relations as relation_rows
from annotator.storage import structure_schema as schema_rows
from annotator.storage.database import Database
from annotator.storage.gold_structure import GoldRelation
from annotator.storage.hub.exchange import HubRow

RelationT = TypeVar("RelationT", Relation, GoldRelation)  # an annotator's relation, or gold's


class _Batch(Protocol):
    """One hub table's rows being applied (services/hub_apply.py)."""

    project: Project
    database: Database
    rows: list[HubRow]
    report: SyncReport
    documents: dict[str, str]  # the hub's article hashes -> local ids

    def todo(self) -> list[tuple[str, HubRow]]: ...
    def problem(self, row: HubRow, message: str) -> None: ...
    def done(self, key: str, row: HubRow) -> None: ...
    def finish(self) -> None: ...


SEPARATOR = hub_local.STATUS_KEY_SEPARATOR
IN_USE = "removed on the hub, kept here: {} still use it"


def _schema_parts(
    batch: _Batch,
    save: Callable[[dict[str, Any]], None],
    delete: Callable[[str], None],
    in_use: tuple[Callable[[str], bool], str] | None = None,
) -> None:
    """Apply the hub's rows of one schema part; a removal is refused while ``in_use`` says data here
    still needs the part (``in_use`` names what does)."""
    for key, row in batch.todo():
        try:
            if not row.values.get("deleted"):
                save(row.values)
            elif in_use is not None and in_use[0](key):
                batch.problem(row, IN_USE.format(in_use[1]))
                continue
            else:
                delete(key)
        except InputError as error:
            batch.report.problems.append(str(error))
            continue
        batch.done(key, row)
    batch.finish()


def relation_types(batch: _Batch) -> None:
    database = batch.database
    _schema_parts(
        batch,
        lambda values: schema_rows.upsert_relation_type(database, checks.relation_type(values)),
        lambda key: schema_rows.delete_relation_type(database, key),
        (lambda key: relation_rows.relation_type_in_use(database, key), "relations"),
    )


def label_attributes(batch: _Batch) -> None:
    database = batch.database
    _schema_parts(
        batch,
        lambda values: schema_rows.upsert_attribute_definition(database, checks.attribute_definition(values)),
        lambda key: schema_rows.delete_attribute_definition(database, *key.split(SEPARATOR, 1)),
    )


def document_label_sets(batch: _Batch) -> None:
    database = batch.database
    _schema_parts(
        batch,
        lambda values: schema_rows.upsert_document_label_set(database, checks.document_label_set(values)),
        lambda key: schema_rows.delete_document_label_set(database, key),
        (lambda key: hub_rows.label_set_in_use(database, key), "articles' labels"),
    )


def relations(batch: _Batch) -> None:
    _relations(
        batch,
        "relations",
        hub_rows.span_documents,
        checks.relation,
        relation_rows.upsert_relations,
        relation_rows.delete_relations,
    )


def _relations(
    batch: _Batch,
    kind: str,
    documents_of_spans: Callable[[Database, list[str]], dict[str, str]],
    check: Callable[[dict[str, Any], str], RelationT],
    upsert: Callable[[Database, list[RelationT]], None],
    delete: Callable[[Database, list[str]], None],
) -> None:
    """Apply the hub's relations (an annotator's or gold's): a relation whose two spans are not both
    here, in its article, is skipped and counted; a type this project lacks is added."""
    todo = batch.todo()
    ends = [str(row.values.get(end)) for _, row in todo for end in ("source", "target")]
    span_documents = documents_of_spans(batch.database, ends)
    types = {t.name for t in schema_rows.list_relation_types(batch.database)}
    kept: list[RelationT] = []
    removed: list[str] = []
    for key, row in todo:
        if not row.values.get("deleted"):
            document = batch.documents.get(str(row.values.get("document")))
            if document is None:
                batch.report.missing_here[kind] += 1
                continue
            try:
                relation = check(row.values, document)
            except InputError as error:
                batch.report.problems.append(str(error))
                continue
            if (
                not span_documents.get(relation.source_id)
                == span_documents.get(relation.target_id)
                == document
            ):
                batch.report.missing_here[kind] += 1
                continue
            if not _ensure_relation_type(batch, row, relation.type, types):
                continue
            kept.append(relation)
        else:
            removed.append(key)
        batch.done(key, row)
    upsert(batch.database, kept)
    delete(batch.database, removed)
    batch.finish()


def span_attributes(batch: _Batch) -> None:
    todo = batch.todo()
    have = hub_rows.existing_spans(batch.database, [key.split(SEPARATOR, 1)[0] for key, _ in todo])
    for key, row in todo:
        span_id, name = key.split(SEPARATOR, 1)
        if row.values.get("deleted"):
            relation_rows.delete_span_attribute(batch.database, span_id, name)
        else:
            try:
                span_id, name, value = checks.attribute_value(row.values)
            except InputError as error:
                batch.report.problems.append(str(error))
                continue
            if have.get(span_id) != row.values.get("annotator"):
                batch.report.missing_here["span attributes"] += 1
                continue
            relation_rows.set_span_attributes(
                batch.database, [SpanAttribute(span_id=span_id, name=name, value=value)]
            )
        batch.done(key, row)
    batch.finish()


def document_labels(batch: _Batch) -> None:
    sets = {s.name: s for s in schema_rows.list_document_label_sets(batch.database)}
    for key, row in batch.todo():
        document, annotator, label_set, value = key.split(SEPARATOR, 3)
        if row.values.get("deleted"):
            relation_rows.remove_document_labels(
                batch.database,
                [DocumentLabel(document_id=document, annotator=annotator, label_set=label_set, value=value)],
            )
        else:
            try:
                label = checks.document_label(row.values, document)
            except InputError as error:
                batch.report.problems.append(str(error))
                continue
            known = sets.get(label.label_set)
            if known is None or label.value not in known.choices:
                batch.problem(row, f"'{label.label_set}: {label.value}' is not in this project's label sets")
                continue
            relation_rows.add_document_labels(batch.database, [label])
        batch.done(key, row)
    batch.finish()


def _ensure_relation_type(batch: _Batch, row: HubRow, name: str, types: set[str]) -> bool:
    """A relation type that a relation from the hub uses and this project lacks is added (as labels are)."""
    if name in types:
        return True
    try:
        schema_rows.upsert_relation_type(batch.database, RelationType(name=name, position=len(types)))
    except ValueError:
        batch.problem(row, f"'{name}' cannot be a relation type's name")
        return False
    types.add(name)
    return True


def gold_relations(batch: _Batch) -> None:
    _relations(
        batch,
        "gold relations",
        hub_rows.gold_span_documents,
        checks.gold_relation,
        gold_rows.upsert_gold_relations,
        gold_rows.delete_gold_relations,
    )


def gold_span_attributes(batch: _Batch) -> None:
    todo = batch.todo()
    have = hub_rows.gold_span_documents(batch.database, [key.split(SEPARATOR, 1)[0] for key, _ in todo])
    for key, row in todo:
        span_id, name = key.split(SEPARATOR, 1)
        if row.values.get("deleted"):
            gold_rows.set_gold_attribute(batch.database, span_id, name, None, "", "", "")
        else:
            try:
                span_id, name, value, source, decided_by, at = checks.gold_attribute(row.values)
            except InputError as error:
                batch.report.problems.append(str(error))
                continue
            if span_id not in have:
                batch.report.missing_here["gold span attributes"] += 1
                continue
            gold_rows.set_gold_attribute(batch.database, span_id, name, value, source, decided_by, at)
        batch.done(key, row)
    batch.finish()


def gold_document_labels(batch: _Batch) -> None:
    sets = {s.name: s for s in schema_rows.list_document_label_sets(batch.database)}
    for key, row in batch.todo():
        document, label_set, value = key.split(SEPARATOR, 2)
        if row.values.get("deleted"):
            gold_rows.remove_gold_document_label(batch.database, document, label_set, value)
        else:
            try:
                label_set, value, source, decided_by, at = checks.gold_document_label(row.values)
            except InputError as error:
                batch.report.problems.append(str(error))
                continue
            known = sets.get(label_set)
            if known is None or value not in known.choices:
                batch.problem(row, f"'{label_set}: {value}' is not in this project's label sets")
                continue
            gold_rows.put_gold_document_label(
                batch.database, document, label_set, value, source, decided_by, at
            )
        batch.done(key, row)
    batch.finish()


def activity(batch: _Batch) -> None:
    for row in batch.rows:
        document = batch.documents.get(str(row.values.get("document")))
        if document is None:
            batch.report.missing_here["edits"] += 1
            continue
        try:
            edit = checks.activity(row.values, document)
        except InputError as error:
            batch.report.problems.append(str(error))
            continue
        number = activity_rows.find(batch.database, edit)
        if number is None:
            number = activity_rows.add_one(batch.database, edit)
        elif hub_local.versions(batch.database, "activity", [str(number)]).get(str(number)) == row.version:
            continue  # our own edit, back from the hub: nothing new
        batch.done(str(number), row)
    batch.finish()


def colleagues_notes(batch: _Batch, rows: list[HubRow]) -> None:
    """Colleagues' notes, kept read-only beside the project's own (their versions keyed by article and
    annotator, apart from the own note's, keyed by article)."""
    keyed = []
    for row in rows:
        document = batch.documents.get(str(row.values.get("document")))
        if document is not None:
            keyed.append((f"{document}{SEPARATOR}{row.values.get('annotator')}", document, row))
    held = hub_local.versions(batch.database, "notes", [key for key, _, _ in keyed])
    for key, document, row in keyed:
        if held.get(key) == row.version:
            continue
        try:
            note = hub_checks.note(row.values)
            annotator = hub_checks.member_name(row.values, "notes", key)
        except InputError as error:
            batch.report.problems.append(str(error))
            continue
        colleague_notes.set_note(batch.database, document, annotator, note, str(row.values.get("updated")))
        batch.done(key, row)
