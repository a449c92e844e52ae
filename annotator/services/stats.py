"""Corpus figures for ``annotator stats`` and the status bar."""

from __future__ import annotations

from pydantic import BaseModel

from annotator.services.project import Project
from annotator.storage.documents import document_count
from annotator.storage.spans import count_by, span_count


class CorpusStats(BaseModel):
    documents: int
    spans: int
    spans_per_label: dict[str, int]
    spans_per_annotator: dict[str, int]


def corpus_stats(project: Project) -> CorpusStats:
    database = project.database
    return CorpusStats(
        documents=document_count(database),
        spans=span_count(database),
        spans_per_label=count_by(database, "label"),
        spans_per_annotator=count_by(database, "annotator"),
    )
