"""Searching the corpus, and tagging every occurrence of a string at once ("Tag all matches").

``search_corpus`` reads the full-text indexes (see ``annotator.domain.search`` for the query syntax users
type). ``tag_all_matches`` is one user action and one transaction; ``remove_spans`` and ``restore_spans``
are its undo and redo, one transaction each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from annotator.domain.errors import ConflictError, SpanError
from annotator.domain.models import DocumentStatus, Span, utc_now
from annotator.domain.search import (
    SHORT_TERM,
    Snippet,
    contains_all,
    find_in_text,
    find_terms,
    parse_query,
    snippet,
)
from annotator.services.project import Project
from annotator.services.sessions import record_spans
from annotator.storage import search as search_rows
from annotator.storage import spans as span_rows
from annotator.storage.documents import get_document, get_summary
from annotator.storage.labels import label_names
from annotator.storage.search import DocumentMatch
from annotator.storage.status import get_status, set_status

# Above this many documents in scope, the index picks the ones worth reading.
_INDEX_NARROWS_FROM = 20


class HitKind(StrEnum):
    TEXT = "text"  # an occurrence in the article text
    TITLE = "title"  # the terms occur in the title only
    SPAN = "span"  # a span whose label, note or text matched


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result. ``start``/``end`` are code points into the article's canonical text: the
    occurrence for text hits, the span for span hits, and 0/0 (the top of the article) for title hits."""

    kind: HitKind
    document_id: str
    title: str
    start: int
    end: int
    snippet: Snippet
    span_id: str | None = None
    label: str = ""
    annotator: str = ""


def search_corpus(project: Project, query: str, limit: int = 200, *, per_document: int = 20) -> list[Hit]:
    """Hits for ``query``: first occurrences in articles, then matching spans; at most ``limit`` of each.

    An article matches when every term occurs in its title or text; each occurrence of any term becomes a
    hit (at most ``per_document`` per article, so one long article does not fill the list). A span
    matches when every term occurs in its label, note or text.
    """
    terms = parse_query(query)
    if not terms or limit <= 0:
        return []
    hits: list[Hit] = []
    # The index finds every candidate; short words must still stand on their own, which it cannot tell,
    # so more candidates are read when the query has one.
    fetch = limit * 3 if any(len(term) < SHORT_TERM for term in terms) else limit
    for document in _candidate_documents(project, terms, fetch, lambda: limit - len(hits)):
        lowered = document.text.lower()  # once for both look-ups: articles are a few KB
        if not contains_all((document.title, document.text), terms, lowered=(None, lowered)):
            continue
        ranges = find_terms(document.text, terms, limit=min(per_document, limit - len(hits)), lowered=lowered)
        for start, end in ranges:
            hits.append(
                Hit(HitKind.TEXT, document.id, document.title, start, end, snippet(document.text, start, end))
            )
        if not ranges:
            in_title = find_terms(document.title, terms, limit=1) or [(0, 0)]
            title_snippet = snippet(document.title, *in_title[0], context=len(document.title))
            hits.append(Hit(HitKind.TITLE, document.id, document.title, 0, 0, title_snippet))
        if len(hits) >= limit:
            break
    span_matches = search_rows.matching_spans(project.database, terms, limit=fetch)
    span_hits = [
        _span_hit(match, terms)
        for match in span_matches
        if contains_all((match.label, match.note, match.text), terms)
    ]
    return hits[:limit] + span_hits[:limit]


# The first page of candidate articles read. Most queries fill their hits from the first few articles (an
# article gives up to ``per_document``): reading all ``fetch`` at once read hundreds only to drop them.
_FIRST_PAGE = 25


def _candidate_documents(
    project: Project, terms: list[str], fetch: int, hits_wanted: Callable[[], int]
) -> Iterator[DocumentMatch]:
    """The first ``fetch`` candidate articles in index order, read a page at a time as they are wanted.

    After the first page, a page is as long as the hits still wanted (``hits_wanted()``): an article that
    matches gives at least one, so no page reads an article the search would not have looked at.
    """
    after, read = 0, 0
    page = _FIRST_PAGE
    while read < fetch:
        wanted = min(page, fetch - read)
        found = search_rows.matching_documents(project.database, terms, limit=wanted, after=after)
        yield from found
        if len(found) < wanted:
            return
        read += wanted
        after = found[-1].key
        page = max(1, hits_wanted())


def _span_hit(match: search_rows.SpanMatch, terms: list[str]) -> Hit:
    # Shown as "label · text — note", with the first occurrence of a term emphasised.
    line = f"{match.label} · {match.text}" + (f" — {match.note}" if match.note else "")
    found = find_terms(line, terms, limit=1)
    start, end = found[0] if found else (len(match.label) + 3, len(match.label) + 3 + len(match.text))
    return Hit(
        HitKind.SPAN,
        match.document_id,
        match.title,
        match.start,
        match.end,
        snippet(line, start, end, context=60),
        span_id=match.span_id,
        label=match.label,
        annotator=match.annotator,
    )


# -- tag all matches --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PreviewGroup:
    """What "Tag all matches" would add to one article: how many spans and a few of them in context."""

    document_id: str
    title: str
    count: int
    samples: list[Snippet] = field(default_factory=list)


def preview_tag_all(
    project: Project,
    needle: str,
    label: str,
    document_ids: Sequence[str] | None,
    *,
    case_sensitive: bool = True,
    whole_words: bool = True,
) -> list[Span]:
    """The spans "Tag all matches" would add: ``label`` over every occurrence of ``needle`` in the given
    articles (None: the whole corpus), for the current annotator, skipping occurrences the annotator has
    already tagged with that label. Nothing is written. In article order, then text order.
    """
    if not needle.strip():
        raise SpanError("there is no text to look for: select some text first")
    if label not in label_names(project.database):
        raise SpanError(f"there is no label called '{label}'")
    database = project.database
    if document_ids is None or len(document_ids) > _INDEX_NARROWS_FROM:
        candidates = search_rows.documents_containing(
            database, needle, case_sensitive=case_sensitive, whole_words=whole_words
        )
        if document_ids is not None:
            wanted = set(document_ids)
            candidates = [document_id for document_id in candidates if document_id in wanted]
    else:
        candidates = list(dict.fromkeys(document_ids))
    now = utc_now()
    planned: list[Span] = []
    for document_id in candidates:
        text = get_document(database, document_id).text
        ranges = find_in_text(text, needle, case_sensitive=case_sensitive, whole_words=whole_words)
        if not ranges:
            continue
        tagged = {
            (span.start, span.end)
            for span in span_rows.spans_for_document(database, document_id, [project.annotator])
            if span.label == label
        }
        planned += [
            Span(
                document_id=document_id,
                start=start,
                end=end,
                label=label,
                text=text[start:end],
                annotator=project.annotator,
                created=now,
                updated=now,
            )
            for start, end in ranges
            if (start, end) not in tagged
        ]
    return planned


def tag_all_matches(
    project: Project,
    needle: str,
    label: str,
    document_ids: Sequence[str] | None,
    *,
    case_sensitive: bool = True,
    whole_words: bool = True,
) -> list[Span]:
    """Add the spans ``preview_tag_all`` lists, in one transaction, and return them (for undo).

    The occurrences are found again inside the transaction, so what is written matches the data as it
    is then. Articles the annotator had not started are marked "in progress", as a single tag does.
    """
    with project.database.write():
        spans = preview_tag_all(
            project, needle, label, document_ids, case_sensitive=case_sensitive, whole_words=whole_words
        )
        span_rows.upsert_spans(project.database, spans)
        for document_id in dict.fromkeys(span.document_id for span in spans):
            if get_status(project.database, document_id, project.annotator) is DocumentStatus.TODO:
                set_status(project.database, document_id, project.annotator, DocumentStatus.IN_PROGRESS)
        record_spans(project, spans, "tag all")
    return spans


def preview_groups(
    project: Project, spans: Sequence[Span], *, samples: int = 3, documents: int = 200
) -> list[PreviewGroup]:
    """``spans`` grouped by article in their order, with up to ``samples`` contexts for the first
    ``documents`` articles (the rest get counts only, so a corpus-wide preview stays quick)."""
    grouped: dict[str, list[Span]] = {}
    for span in spans:
        grouped.setdefault(span.document_id, []).append(span)
    groups: list[PreviewGroup] = []
    for position, (document_id, members) in enumerate(grouped.items()):
        if position < documents:
            document = get_document(project.database, document_id)
            contexts = [snippet(document.text, span.start, span.end) for span in members[:samples]]
            groups.append(PreviewGroup(document_id, document.title, len(members), contexts))
        else:
            title = get_summary(project.database, document_id).title
            groups.append(PreviewGroup(document_id, title, len(members)))
    return groups


def remove_spans(project: Project, span_ids: Sequence[str]) -> list[Span]:
    """Delete spans in one transaction (undo of "Tag all matches"); returns those that existed."""
    with project.database.write():
        removed = [
            span for span in (span_rows.find_span(project.database, i) for i in span_ids) if span is not None
        ]
        span_rows.delete_spans(project.database, [span.id for span in removed])
        record_spans(project, removed, "undo tag all", removed=True)
    return removed


def restore_spans(project: Project, spans: Sequence[Span]) -> None:
    """Put spans back exactly as they were, in one transaction (redo of "Tag all matches"). Idempotent.

    Refused when one of them was changed since (a span with its id exists and differs).
    """
    with project.database.write():
        for span in spans:
            existing = span_rows.find_span(project.database, span.id)
            if existing is not None and span_rows.row_of(existing) != span_rows.row_of(span):
                raise ConflictError(
                    f"the span '{span.text[:30]}' was changed since (in another window or by a command); "
                    "nothing was put back"
                )
        span_rows.upsert_spans(project.database, spans)
        record_spans(project, spans, "redo tag all")


def rebuild_index(project: Project, progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Index every article and span of the project again, in one transaction: for an index that
    ``index_is_sound`` finds out of step (a program that wrote the file without Annotator's triggers).
    ``progress(done, total)`` may raise ``Cancelled``, which leaves the index as it was. Returns the
    articles and spans indexed."""
    with project.database.write():
        return search_rows.rebuild_search_index(project.database, progress)


def index_is_sound(project: Project) -> bool:
    """Whether the search index matches the articles and spans it indexes (SQLite's own check)."""
    # FTS5's check is written as an INSERT, so it runs in a write transaction (it changes nothing).
    with project.database.write():
        return search_rows.search_index_is_consistent(project.database)


# Articles indexed per transaction when the index catches up (spans: ten times as many): each batch
# commits on its own, so the window's edits wait at most for one batch (about a quarter of a second) and
# a cancel keeps what was indexed.
_CATCH_UP_BATCH = 500


def index_backlog(project: Project) -> int:
    """How many articles and spans are not in the search index yet (a large import indexes them after)."""
    return search_rows.waiting_rows(project.database)


def catch_up_index(project: Project, progress: Callable[[int, int], None] | None = None) -> int:
    """Index every article and span still waiting, a batch per transaction; returns how many were indexed.

    ``progress(done, total)`` may raise (``Cancelled``): the batches already committed stay indexed, the
    rest keep waiting and a later call takes them up.
    """
    total = index_backlog(project)
    if total:
        project.database.checkpoint()  # the import that left the backlog left this too (see ImportStore)
    done = 0
    while True:
        with project.database.write():
            indexed = search_rows.index_waiting(project.database, _CATCH_UP_BATCH)
        if not indexed:
            break
        done += indexed
        if progress is not None:
            progress(min(done, total), total)
    return done
