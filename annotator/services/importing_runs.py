"""Records of one text in a row, checked and stored as one.

Prodigy writes a task per annotator, each with the article's whole text, one after another: a file of
20,000 articles held 52,000 tasks. Checked and stored one by one, every later task of an article found it
already there and added its spans beside the first task's. Joined first, a run of such records is checked
once and costs the storing process one record.

The outcome is the same as the records' one by one: a span that repeats another's start, end, label and
annotator is kept once and counted as already present either way (``importing_rows``). Only records whose
rows are made while reading and whose spans carry no id of their own are joined (Prodigy's carry none):
none with relations, attributes or document labels, and not with ``--update-by`` (each record names its
own article). An id one record repeated from another would be replaced in a joined record even where the
span turns out to be present already, and counted so.

When the joined record is refused, or a span's offsets had to be read another way (the note names the
span's line), each record is checked on its own instead, so that rejections and notes name the record
they are about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter

from annotator.formats.records import ParsedDocument, Rejection
from annotator.services.importing_resolve import ResolvedDocument

# A record read and checked (or a run of records joined), and whether the file gave it any span.
Checked = tuple[ResolvedDocument | Rejection, bool]
Check = Callable[[ParsedDocument], ResolvedDocument | Rejection]

_ATTRIBUTES, _ID = attrgetter("attributes"), attrgetter("id")


def checked_runs(documents: Iterable[ParsedDocument], check: Check, *, join: bool) -> Iterator[Checked]:
    """Each of ``documents`` checked by ``check``, in order; with ``join``, a run of joinable records of
    one text is checked as one. (This runs once per record of a file: kept to a few comparisons.)"""
    run: list[ParsedDocument] = []
    text = ""
    for parsed in documents:
        joinable = join and not (
            parsed.relations
            or parsed.document_labels
            or parsed.span_text_flattens_newlines
            or any(map(_ATTRIBUTES, parsed.spans))
            or any(map(_ID, parsed.spans))
        )
        if run and joinable and parsed.text == text:
            run.append(parsed)
            continue
        yield from _checked_run(run, check)
        if joinable:
            run, text = [parsed], parsed.text
        else:
            run = []
            yield check(parsed), bool(parsed.spans)
    yield from _checked_run(run, check)


def _checked_run(run: list[ParsedDocument], check: Check) -> list[Checked]:
    """The run's outcomes: one for the run joined, or one per record (as a list, not a generator: most
    runs are of one record, and this is asked once per run)."""
    if len(run) <= 1:
        return [(check(parsed), bool(parsed.spans)) for parsed in run]
    first = run[0]
    spans, statuses = first.spans, first.statuses
    for later in run[1:]:
        spans += later.spans
        statuses += later.statuses
    joined = ParsedDocument(
        first.path,
        first.line,
        first.text,
        first.title,
        first.source,
        spans,
        first.id,
        first.note,
        first.span_text_flattens_newlines,
        statuses,
        first.record,
    )
    outcome = check(joined)
    if isinstance(outcome, Rejection) or outcome.ready is None or outcome.readings:
        return [(check(parsed), bool(parsed.spans)) for parsed in run]
    outcome.joined = [parsed.source for parsed in run[1:]]
    return [(outcome, bool(spans))]
