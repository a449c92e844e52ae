"""Taking the hub's rows into a project, table by table, each row checked first (services/hub_checks.py).

A row whose key has a change here that is not sent yet is left alone (unless the hub refused that change:
then the hub's row wins), and so is a row whose version we already hold. The triggers of migration 0011
note every write made here as a change to send; recording the hub's version clears that note.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from annotator.domain.errors import InputError
from annotator.domain.models import Label, Span, new_document_id
from annotator.services import hub_apply_structure as structure
from annotator.services import hub_checks
from annotator.services.adjudication import REVIEW_STATES
from annotator.services.project import Project
from annotator.services.sync_report import SyncReport
from annotator.storage import gold as gold_rows
from annotator.storage import hub_local, hub_rows
from annotator.storage import labels as label_rows
from annotator.storage import spans as span_rows
from annotator.storage.documents import ids_by_sha256, insert_document, set_document_note
from annotator.storage.hub.exchange import HubRow
from annotator.storage.hub.tables import TABLES
from annotator.storage.status import set_status

SEPARATOR = hub_local.STATUS_KEY_SEPARATOR
EVERY_KIND = tuple(table.name for table in TABLES if table.name != "spans")
# Kinds whose rows are keyed here as on the hub, by one name or id.
_BY_NAME = (
    "spans",
    "gold_spans",
    "labels",
    "label_renames",
    "relations",
    "gold_relations",
    "relation_types",
    "document_label_sets",
)
NO_ARTICLE = "its article is not in this project"
ID_CLASH = "its id is another annotator's span here"


def describe(row: HubRow) -> str:
    values = row.values
    what = {"spans": "span", "gold_spans": "gold span"}.get(row.table)
    if what and not values.get("deleted"):
        return f"{what} '{str(values.get('text'))[:40]}' ({values.get('label')})"
    if what:
        return f"{what} {values.get('id')} (removed on the hub)"
    return f"{row.table.rstrip('s').replace('_', ' ')} {'/'.join(row.key())[:60]}"


def apply(project: Project, rows: Sequence[HubRow], report: SyncReport, *, force: bool) -> None:
    """Apply ``rows`` inside the caller's transaction."""
    for table in TABLES:
        group = [row for row in rows if row.table == table.name]
        if group:
            _APPLIERS[table.name](_Batch(project, group, report, force))


class _Batch:
    def __init__(self, project: Project, rows: list[HubRow], report: SyncReport, force: bool) -> None:
        self.project = project
        self.database = project.database
        self.rows = rows
        self.report = report
        self.force = force
        self.kind = rows[0].table
        self.recorded: list[tuple[str, int]] = []
        self.document_column = "sha256" if self.kind == "documents" else "document"
        hashes = {str(row.values.get(self.document_column)) for row in rows}
        self.documents = ids_by_sha256(self.database, hashes)

    def local_key(self, row: HubRow) -> str | None:
        if self.kind in _BY_NAME:
            return row.key()[0]
        if self.kind in ("span_attributes", "label_attributes", "gold_span_attributes"):
            return SEPARATOR.join(row.key())
        document = self.documents.get(str(row.values.get("document")))
        if document is None:
            return None
        if self.kind in ("notes", "review_statuses"):
            return document
        if self.kind in ("gold_rejections", "document_labels", "gold_document_labels"):
            return SEPARATOR.join([document, *row.key()[1:]])
        return f"{document}{SEPARATOR}{row.values.get('annotator')}"

    def todo(self) -> list[tuple[str, HubRow]]:
        """(local key, row) of the rows to apply: new to us, and not overtaken by a change made here."""
        keyed = [(self.local_key(row), row) for row in self.rows]
        for key, row in keyed:
            if key is None:
                self.problem(row, NO_ARTICLE)
        known = [(key, row) for key, row in keyed if key is not None]
        keys = [key for key, _ in known]
        if self.force:  # the hub refused our change to these rows: its version replaces ours
            return known
        held = hub_local.versions(self.database, self.kind, keys)
        busy = hub_local.pending_keys(self.database, self.kind, keys)
        return [(key, row) for key, row in known if key not in busy and held.get(key) != row.version]

    def problem(self, row: HubRow, message: str) -> None:
        self.report.problems.append(f"hub table {row.table}, row {'/'.join(row.key())}: {message}")

    def done(self, key: str, row: HubRow) -> None:
        self.recorded.append((key, row.version))
        document = self.documents.get(str(row.values.get(self.document_column)))
        if document is not None:
            self.report.documents.add(document)

    def finish(self) -> None:
        hub_local.record_versions(self.database, self.kind, self.recorded)
        self.report.received[self.kind] += len(self.recorded)


def _documents(batch: _Batch) -> None:
    for row in batch.rows:
        sha = row.key()[0]
        document_id = batch.documents.get(sha)
        if document_id is None:
            try:
                document = hub_checks.document(row.values, new_document_id())
            except InputError as error:
                batch.report.problems.append(str(error))
                continue
            insert_document(batch.database, document)
            document_id = batch.documents[sha] = document.id
        batch.done(document_id, row)
    batch.finish()


def _labels(batch: _Batch) -> None:
    in_use = label_rows.other_references
    for key, row in batch.todo():
        if row.values.get("deleted"):
            if key in label_rows.label_names(batch.database):
                if any(in_use(batch.database, key).values()) or label_rows.spans_with_label(
                    batch.database, key
                ):
                    batch.problem(row, "removed on the hub, kept here: spans still use it")
                    continue
                label_rows.delete_label(batch.database, key)
        else:
            try:
                label_rows.upsert_label(batch.database, hub_checks.label(row.values))
            except InputError as error:
                batch.report.problems.append(str(error))
                continue
        batch.done(key, row)
    batch.finish()


def _ensure_labels(batch: _Batch, names: set[str]) -> set[str]:
    """Labels that spans from the hub use and this project lacks are added (a colleague's local label)."""
    known = label_rows.label_names(batch.database)
    failed = set()
    for position, name in enumerate(sorted(names - known), start=len(known)):
        try:
            label_rows.upsert_label(batch.database, Label(name=name, position=position))
        except ValueError:
            failed.add(name)
    return failed


def _renamed(batch: _Batch, names: set[str]) -> dict[str, str]:
    """Labels a curator renamed that are gone here: old name -> the name it has now. A colleague's span
    made before the rename reached them still names the old label, and takes the new one here."""
    known = label_rows.label_names(batch.database)
    missing = names - known
    renames = hub_local.renames(batch.database) if missing else {}
    current: dict[str, str] = {}
    for name in missing:
        seen, now = {name}, name
        while now not in known and renames.get(now, now) not in seen:
            now = renames[now]
            seen.add(now)
        if now in known:
            current[name] = now
    return current


def _spans_like(
    batch: _Batch, check: Callable[..., object], upsert: Callable[..., None], delete: Callable[..., None]
) -> None:
    todo = batch.todo()
    texts = hub_rows.texts(batch.database, set(batch.documents.values()))
    live = {str(row.values.get("label")) for _, row in todo if not row.values.get("deleted")}
    renamed = _renamed(batch, live)
    bad_labels = _ensure_labels(batch, live - set(renamed))
    kept, removed = [], []
    for key, row in todo:
        if row.values.get("deleted"):
            removed.append(key)
        else:
            document = batch.documents.get(str(row.values.get("document")))
            if document is None:
                batch.problem(row, NO_ARTICLE)
                continue
            label = str(row.values.get("label"))
            if label in bad_labels:
                batch.problem(row, f"'{label}' cannot be a label name")
                continue
            values = row.values | {"label": renamed[label]} if label in renamed else row.values
            try:
                kept.append(check(values, document, texts[document]))
            except InputError as error:
                batch.report.problems.append(str(error))
                continue
        batch.done(key, row)
    upsert(batch.database, kept)
    # A span's relations and attributes go with it here; on the hub its annotator (or curator) removes them.
    with hub_local.not_sent(
        batch.database, ("relations", "span_attributes", "gold_relations", "gold_span_attributes")
    ):
        delete(batch.database, removed)
    batch.finish()


def _spans(batch: _Batch) -> None:
    _spans_like(batch, hub_checks.span, lambda _, spans: _store_spans(batch, spans), span_rows.delete_spans)


def _store_spans(batch: _Batch, spans: list[Span]) -> None:
    # Most spans that arrive are changes to spans we have: changed in place (a sixth of an upsert's
    # time). The hub never changes whose a span is, so an id that is someone else's span here is refused.
    have = hub_rows.existing_spans(batch.database, [span.id for span in spans])
    for span in spans:
        if span.id in have and have[span.id] != span.annotator:
            batch.report.problems.append(f"hub table spans, row {span.id}: {ID_CLASH}")
    span_rows.update_spans(batch.database, [span for span in spans if have.get(span.id) == span.annotator])
    span_rows.upsert_spans(batch.database, [span for span in spans if span.id not in have])


def _gold(batch: _Batch) -> None:
    _spans_like(batch, hub_checks.gold, gold_rows.upsert_gold, gold_rows.delete_gold)


def _statuses(batch: _Batch) -> None:
    for key, row in batch.todo():
        try:
            annotator, status = hub_checks.status(row.values)
        except InputError as error:
            batch.report.problems.append(str(error))
            continue
        set_status(batch.database, key.split(SEPARATOR)[0], annotator, status)
        batch.done(key, row)
    batch.finish()


def _notes(batch: _Batch) -> None:
    me = batch.project.annotator
    theirs = [row for row in batch.rows if row.values.get("annotator") != me]
    batch.rows = [row for row in batch.rows if row.values.get("annotator") == me]
    structure.colleagues_notes(batch, theirs)
    for key, row in batch.todo():
        # The project has one note per article, its annotator's: colleagues' notes stay on the hub.
        if row.values.get("annotator") == batch.project.annotator:
            try:
                set_document_note(batch.database, key, hub_checks.note(row.values))
            except InputError as error:
                batch.report.problems.append(str(error))
                continue
            batch.done(key, row)
    batch.finish()


def _renames(batch: _Batch) -> None:
    for key, row in batch.todo():
        try:
            old, new = hub_checks.rename(row.values)
        except InputError as error:
            batch.report.problems.append(str(error))
            continue
        hub_local.record_rename(batch.database, key, old, new, str(row.values.get("renamed_at")))
        names = label_rows.label_names(batch.database)
        if old in names and new in names:
            batch.problem(row, f"'{old}' was renamed '{new}', which is also a label here: both are kept")
        elif old in names:
            _rename_here(batch, old, new)
        batch.done(key, row)
    batch.finish()


def _rename_here(batch: _Batch, old: str, new: str) -> None:
    """Rename the label here, its spans, gold spans and rejections with it (the foreign keys cascade).
    Of what that changed, only our own spans are ours to send: the curator sent the rest."""
    database = batch.database
    label = label_rows.get_label(database, old).model_copy(update={"name": new})
    with hub_local.relabelling(database, batch.project.annotator, others_send=EVERY_KIND):
        label_rows.replace_label(database, old, label)


def _rejections(batch: _Batch) -> None:
    texts = hub_rows.texts(batch.database, set(batch.documents.values()))
    for key, row in batch.todo():
        document, start, end, label = key.split(SEPARATOR, 3)
        if row.values.get("deleted"):
            gold_rows.unreject(batch.database, document, int(start), int(end), label)
        else:
            try:
                found = hub_checks.rejection(row.values, texts[document])
            except InputError as error:
                batch.report.problems.append(str(error))
                continue
            gold_rows.reject(batch.database, document, *found)
        batch.done(key, row)
    batch.finish()


def _reviews(batch: _Batch) -> None:
    for key, row in batch.todo():
        try:
            status, reviewer, updated = hub_checks.review(row.values, REVIEW_STATES)
        except InputError as error:
            batch.report.problems.append(str(error))
            continue
        gold_rows.set_review_status(batch.database, key, status, reviewer, updated)
        batch.done(key, row)
    batch.finish()


_APPLIERS: dict[str, Callable[[_Batch], None]] = {
    "documents": _documents,
    "label_renames": _renames,
    "gold_rejections": _rejections,
    "review_statuses": _reviews,
    "labels": _labels,
    "spans": _spans,
    "statuses": _statuses,
    "notes": _notes,
    "gold_spans": _gold,
    "relation_types": structure.relation_types,
    "label_attributes": structure.label_attributes,
    "document_label_sets": structure.document_label_sets,
    "relations": structure.relations,
    "span_attributes": structure.span_attributes,
    "document_labels": structure.document_labels,
    "gold_relations": structure.gold_relations,
    "gold_span_attributes": structure.gold_span_attributes,
    "gold_document_labels": structure.gold_document_labels,
    "activity": structure.activity,
}
