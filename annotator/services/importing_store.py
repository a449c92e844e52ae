"""Storing checked documents and spans: the import's one transaction.

Documents are matched by the SHA-256 of their canonical text; a span is already present when the
document has a span with the same start, end, label and annotator. So importing a file twice, or a file
exported from this project, changes nothing.
"""

from __future__ import annotations

from contextlib import ExitStack
from operator import itemgetter
from pathlib import Path

from annotator.domain.adjudication import names_gold_layer
from annotator.domain.colours import generated_colour
from annotator.domain.models import (
    DocumentStatus,
    is_document_id,
    new_document_id,
    new_span_id,
)
from annotator.services.importing_report import ImportReport
from annotator.services.importing_resolve import ReadyRows, ResolvedDocument, Row
from annotator.services.importing_rows import drafts_of
from annotator.services.importing_structure import StructureStore
from annotator.services.labels import NEW_LABEL_COLOURS, add_label
from annotator.services.project import Project
from annotator.services.revisions import update_document_text
from annotator.storage import annotators as annotator_rows
from annotator.storage import bulk, bulk_rows
from annotator.storage import labels as label_rows
from annotator.storage import search as search_rows
from annotator.storage import spans as span_rows
from annotator.storage import status as status_rows
from annotator.storage.database import Database
from annotator.storage.documents import DocumentRow, document_ids, find_by_source, ids_by_sha256
from annotator.storage.span_queries import span_ids_by_key, taken_span_ids
from annotator.storage.spans import SpanRow

Key = tuple[int, int, str, str]
# A span row's id, its key, its label and its annotator (see ``importing_rows.Row``).
_ID, _KEY, _LABEL, _ANNOTATOR = itemgetter(0), itemgetter(2, 3, 4, 6), itemgetter(4), itemgetter(6)


# From this many documents on, the import leaves its rows out of the full-text index and they are indexed
# afterwards in one pass (``services.search.index_waiting``): indexing 4.5 KB articles row by row as they
# are inserted took nine tenths of an import's time.
DEFER_INDEX_FROM = 200
# Documents are read, checked and inserted this many at a time (one executemany per table): an import
# holds one batch of a file's records, never the whole file.
BATCH = 500


class ImportStore:
    """The import's one transaction, fed batches of checked documents while the files are still read.

    Used as a context manager: the transaction commits when the block ends and rolls back if it raises
    (a rejected record without ``skip_invalid``, a cancel), so nothing is half-imported.
    """

    def __init__(self, project: Project, report: ImportReport, stamp: str) -> None:
        self.project = project
        self.database = project.database
        self.report = report
        # One timestamp for the whole import: every row of it was made by the same action.
        self.now = stamp
        self._stack = ExitStack()
        self._after_commit = ExitStack()  # left once the transaction has committed or rolled back
        self.deferred = False
        # The span indexes, dropped while a new project's first large import loads (built again at the end).
        self.lifted_indexes: list[str] = []
        self._paths: set[Path] = set()  # files some document was stored from

    def __enter__(self) -> ImportStore:
        self._stack.enter_context(self.database.write())
        self._stack.enter_context(bulk.larger_cache(self.database))
        self.labels = label_rows.label_names(self.database)
        self.annotators = set(annotator_rows.list_annotators(self.database))
        self.gold_names: dict[str, bool] = {}  # whether a span's annotator names the gold layer, by name
        self.taken_documents = document_ids(self.database)
        # Span ids of the project (looked up a batch at a time, if it has any span) and of this import.
        self.project_has_spans = not bulk_rows.no_spans(self.database)
        self.taken_spans: set[str] = set()
        self.ids_by_sha: dict[str, str] = {}
        self.stored_by_sha: dict[str, str] = {}
        # Span ids by key, per document met so far; empty for documents this import adds.
        self.keys_by_document: dict[str, dict[Key, str]] = {}
        # Relations, attributes and document labels of the batch's new documents: stored after their spans.
        self.structure = StructureStore(self.project, self.report)
        self.pending_structure: list[tuple[str, ResolvedDocument, list[str | None]]] = []
        self.added: set[str] = set()
        # Documents new to the project, with their spans and statuses: inserted in batches.
        self.new_documents: list[DocumentRow] = []
        self.new_spans: list[Row] = []
        # (document, annotator) -> status; the first a file gives for a document stands, as below.
        self.new_statuses: dict[tuple[str, str], str] = {}
        return self

    def __exit__(self, *error: object) -> bool | None:
        with self._after_commit:
            if error[0] is None:
                try:
                    self.flush()  # the last batch's rows; if they fail, the transaction rolls back
                    bulk_rows.restore_indexes(self.database, self.lifted_indexes)
                except BaseException as failure:
                    self._stack.__exit__(type(failure), failure, failure.__traceback__)
                    raise
            return self._stack.__exit__(*error)  # type: ignore[arg-type]

    def add_batch(self, documents: list[ResolvedDocument]) -> None:
        if not self.deferred and len(documents) >= DEFER_INDEX_FROM:
            if bulk_rows.nothing_stored(self.database):
                # Every article is new, so nothing of this import looks spans up by article or label,
                # nor search keys by id (the keys of new rows are added in order, their ids at random).
                self.lifted_indexes = [
                    *bulk_rows.lift_indexes(self.database, "spans"),
                    *bulk_rows.lift_indexes(self.database, "span_search_keys"),
                    *bulk_rows.lift_indexes(self.database, "document_search_keys"),
                ]
            search_rows.defer_indexing(self.database)
            # The commit then leaves the import in the write-ahead log: the catch-up that indexes it copies
            # it into the project file (``services.search.catch_up_index``), while the window is usable.
            self._after_commit.enter_context(self.database.checkpoint_later())
            self.deferred = True
        if self.project_has_spans:
            named = [s.id for d in documents for s in d.spans if s.id]
            named += [row[0] for d in documents if d.ready is not None for row in d.ready.rows]
            self.taken_spans |= taken_span_ids(self.database, named)
        # The project's articles with the batch's texts, looked up at once (a new version of an article,
        # stored while the batch is added, takes its old text's entry out: see ``document_for``).
        self.stored_by_sha = ids_by_sha256(self.database, [d.sha256 for d in documents])
        for resolved in documents:
            self.add(resolved)
            self._paths.add(resolved.parsed.path)
        self.flush()

    def stored_from(self, path: Path) -> bool:
        return path in self._paths

    def add(self, resolved: ResolvedDocument) -> None:
        document_id = self.ids_by_sha.get(resolved.sha256)
        if document_id is None:
            document_id = self.document_for(resolved)
            self.ids_by_sha[resolved.sha256] = document_id
        else:
            self.report.unchanged.append(resolved.parsed.source)
        self.report.unchanged += resolved.joined  # later records of its text, joined into it
        ready = resolved.ready
        if ready is not None:
            self.report.gold_spans_refused += ready.gold_refused
            self.report.spans_unchanged += ready.repeated
            self.report.span_ids_replaced += ready.ids_replaced
            if self.takes_as_read(document_id, ready):
                self.add_ready(document_id, ready, resolved.parsed.statuses)
                return
            resolved.spans = drafts_of(ready.rows)
        spans, stored_ids = self.spans_of(resolved, document_id)
        self.report.spans_added += len(spans)
        statuses = resolved.parsed.statuses
        if document_id in self.added:
            self.new_spans += spans
            self.pending_structure.append((document_id, resolved, stored_ids))
            self.note_statuses(document_id, statuses)
            return
        self.flush()  # rows of this import that the document's spans may meet are written first
        span_rows.upsert_span_rows(self.database, spans)
        self.structure.store(document_id, resolved, stored_ids)
        for name, status in statuses:
            # A status the project already has is never overwritten by a file.
            if status_rows.has_status(self.database, document_id, name):
                continue
            self.know_annotator(name)
            status_rows.set_status(self.database, document_id, name, DocumentStatus(status))

    def document_for(self, resolved: ResolvedDocument) -> str:
        """The id of the project's document with this text (perhaps a new version of it), or a new one."""
        parsed = resolved.parsed
        document_id = self.stored_by_sha.get(resolved.sha256)
        if document_id is None and resolved.stable_id is not None:
            # Only when the user named a stable-id field: a record whose id names an article here is a new
            # version of it; its spans are re-anchored exactly or flagged for review.
            document_id = _named_article(self.database, resolved.stable_id, self.taken_documents)
            if document_id is not None:
                self.flush()
                revision = update_document_text(
                    self.project, document_id, resolved.text, source=parsed.source
                )
                self.stored_by_sha = {
                    sha: stored for sha, stored in self.stored_by_sha.items() if stored != document_id
                }
                self.report.updated.append(f"{resolved.stable_id}: {revision.summary()}")
                return document_id
        if document_id is not None:
            self.report.unchanged.append(parsed.source)
            return document_id
        wanted = resolved.ready.document_id if resolved.ready is not None else parsed.id or ""
        fits = is_document_id(wanted) and wanted not in self.taken_documents
        document_id = wanted if fits else new_document_id()
        # Built from checked values (the text canonical, its hash taken when it was read): nothing to check.
        text = resolved.text
        self.new_documents.append(
            DocumentRow(
                document_id,
                parsed.title,
                parsed.source,
                text,
                resolved.sha256,
                len(text),
                self.now,
                parsed.note,
            )
        )
        self.taken_documents.add(document_id)
        self.added.add(document_id)
        self.keys_by_document[document_id] = {}
        self.report.added.append(parsed.source)
        return document_id

    def spans_of(
        self, resolved: ResolvedDocument, document_id: str
    ) -> tuple[list[SpanRow], list[str | None]]:
        """The rows of the record's new spans, and each draft's span in the project (for its relations)."""
        keys = self.keys_by_document.get(document_id)
        if keys is None:
            keys = self.keys_by_document[document_id] = span_ids_by_key(self.database, document_id)
        spans: list[SpanRow] = []
        stored_ids: list[str | None] = []
        # Looked up once per record: this loop runs once per span of the file.
        taken, labels, gold_names, now = self.taken_spans, self.labels, self.gold_names, self.now
        for start, end, label, text, annotator, span_id, note, _, _ in resolved.spans:
            gold = gold_names.get(annotator)
            if gold is None:
                gold = gold_names[annotator] = names_gold_layer(annotator)
            if gold:
                # Gold spans are made only by adjudication, never by a file.
                self.report.gold_spans_refused += 1
                stored_ids.append(None)
                continue
            key = (start, end, label, annotator)
            known = keys.get(key)
            if known is not None:
                self.report.spans_unchanged += 1
                stored_ids.append(known)
                continue
            if span_id is None or span_id in taken:
                if span_id is not None:
                    self.report.span_ids_replaced += 1
                span_id = new_span_id()
            taken.add(span_id)
            keys[key] = span_id
            stored_ids.append(span_id)
            if label not in labels:
                self.know_label(label)
            self.know_annotator(annotator)
            # The draft was read against the canonical text (offsets inside it, text its slice, label
            # checked): a model per span would repeat those checks for every span of the file.
            spans.append(SpanRow(span_id, document_id, start, end, label, text, annotator, note, now, now))
        return spans, stored_ids

    def takes_as_read(self, document_id: str, ready: ReadyRows) -> bool:
        """Whether the rows made while reading go in as they are: the article is new with this import,
        none of the record's spans is one an earlier record gave it (another annotator's copy of the same
        text, as Prodigy writes one per annotator, usually shares none) and none of its span ids is taken."""
        if document_id not in self.added:
            return False
        keys = self.keys_by_document[document_id]
        return (not keys or keys.keys().isdisjoint(map(_KEY, ready.rows))) and self.taken_spans.isdisjoint(
            map(_ID, ready.rows)
        )

    def add_ready(self, document_id: str, ready: ReadyRows, statuses: tuple[tuple[str, str], ...]) -> None:
        """A new article's rows, as ``spans_of`` would have made them (set operations, no loop in Python
        over the spans: they are most of a large import)."""
        rows = ready.rows
        if document_id != ready.document_id:  # a later record of the article: its rows name another id
            rows = [(i, document_id, a, b, c, d, e, f, g, h) for i, _, a, b, c, d, e, f, g, h in rows]
        if not self.labels.issuperset(map(_LABEL, rows)):
            for label in dict.fromkeys(map(_LABEL, rows)):  # in the order the file names them
                self.know_label(label)
        if not self.annotators.issuperset(map(_ANNOTATOR, rows)):
            for name in dict.fromkeys(map(_ANNOTATOR, rows)):
                self.know_annotator(name)
        self.taken_spans.update(map(_ID, rows))
        self.keys_by_document[document_id].update(zip(map(_KEY, rows), map(_ID, rows), strict=True))
        self.new_spans += rows
        self.report.spans_added += len(rows)
        self.note_statuses(document_id, statuses)

    def know_label(self, name: str) -> None:
        """Add a label the project lacks (after writing the rows so far, which name only known labels)."""
        if name not in self.labels:
            self.flush()
            _add_label(self.project, name)
            self.labels.add(name)
            self.report.labels_added.append(name)

    def note_statuses(self, document_id: str, statuses: tuple[tuple[str, str], ...]) -> None:
        """The file's statuses of an article this import adds, written with its rows (the first given for
        a document and annotator stands)."""
        for name, status in statuses:
            self.know_annotator(name)
            self.new_statuses.setdefault((document_id, name), status)

    def know_annotator(self, name: str) -> None:
        if name not in self.annotators:
            annotator_rows.ensure_annotator(self.database, name)
            self.annotators.add(name)

    def flush(self) -> None:
        """Write the batch of new documents, then their spans and statuses."""
        if self.new_documents or self.new_spans:
            bulk_rows.insert_new(self.database, self.new_documents, self.new_spans)
            self.new_documents, self.new_spans = [], []
        for (document_id, name), status in self.new_statuses.items():
            status_rows.set_status(self.database, document_id, name, DocumentStatus(status))
        self.new_statuses = {}
        for document_id, resolved, stored_ids in self.pending_structure:
            self.structure.store(document_id, resolved, stored_ids)
        self.pending_structure = []


def _named_article(database: Database, stable_id: str, taken_documents: set[str]) -> str | None:
    """The article a stable id names: by its document id, else as the one article with that source."""
    if stable_id in taken_documents:
        return stable_id
    return find_by_source(database, stable_id)


def _add_label(project: Project, name: str) -> None:
    used = {label.colour for label in label_rows.list_labels(project.database)}
    colour = next((c for c in NEW_LABEL_COLOURS if c not in used), None) or generated_colour(name)
    add_label(project, name, colour=colour, hotkey=None)
