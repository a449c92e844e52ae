"""Agreement between annotators, as the GUI panel and ``annotator agreement`` ask for it.

Reading only: nothing here writes to the project. Which documents count as annotated by whom is decided
here, from the database: an annotator annotated a document when they have a span in it or marked it
"done" (finished with nothing to tag is a judgement too). The figures themselves come from
``annotator.metrics``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from annotator.domain.adjudication import GOLD_LAYER
from annotator.domain.errors import InputError, NotFoundError
from annotator.metrics.agreement import table_agreement
from annotator.metrics.columns import SpanTable, annotators_with_work
from annotator.metrics.render import report_csv, report_html
from annotator.metrics.report import AgreementReport
from annotator.services.atomic_files import write_atomically
from annotator.services.project import Project
from annotator.storage.agreement_queries import coded_corpus, existing_document_ids
from annotator.storage.annotators import list_annotators
from annotator.storage.labels import label_names


def agreement_report(
    project: Project,
    *,
    annotators: Sequence[str] | None = None,
    documents: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
) -> AgreementReport:
    """Agreement over the chosen annotators, documents and labels (default: all that have work in them).

    Raises ``InputError`` for an unknown annotator or label, or when fewer than two annotators are
    left to compare, and ``NotFoundError`` for an unknown document.
    """
    database = project.database
    with_gold = annotators is not None and GOLD_LAYER in annotators
    chosen = _check_names(annotators, [*list_annotators(database), GOLD_LAYER], "annotator")
    people = [name for name in chosen if name != GOLD_LAYER] if chosen is not None else None
    _check_names(labels, sorted(label_names(database)), "label")
    if documents is not None:
        missing = sorted(set(documents) - existing_document_ids(database, documents))
        if missing:
            raise NotFoundError(f"there is no document with id {', '.join(missing)}")

    corpus = coded_corpus(
        database,
        annotators=people if people is not None else list_annotators(database),
        document_ids=documents,
        gold_layer=GOLD_LAYER if with_gold else None,
    )
    table = SpanTable(
        document_ids=corpus.document_ids,
        titles=corpus.titles,
        texts=corpus.texts,
        annotators=corpus.annotators,
        labels=corpus.labels,
        spans=corpus.spans,
        done=corpus.done,
    )
    if chosen is None:  # everyone with tagged or finished documents
        chosen = annotators_with_work(table)
    if len(chosen) < 2:
        found = ", ".join(chosen) if chosen else "none"
        raise InputError(
            f"agreement needs at least two annotators with tagged or finished documents (found: {found})",
            field="annotator",
        )
    return table_agreement(table, annotators=chosen, labels=labels)


def _check_names(wanted: Sequence[str] | None, known: list[str], what: str) -> list[str] | None:
    if wanted is None:
        return None
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise InputError(
            f"there is no {what} called '{unknown[0]}' (known: {', '.join(known) or 'none'})", field=what
        )
    return list(dict.fromkeys(wanted))


def write_report_files(report: AgreementReport, *, csv: Path | None = None, html: Path | None = None) -> None:
    """Write the report as CSV and/or HTML; each file appears whole or not at all."""
    if csv is not None:
        write_atomically(csv, [report_csv(report)])
    if html is not None:
        write_atomically(html, [report_html(report)])
