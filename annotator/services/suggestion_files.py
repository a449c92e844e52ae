"""Predictions from files become suggestions (never tags); open suggestions can be written out as Label
Studio predictions for teams that pre-annotate there."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.suggestions import Suggestion, SuggestionSource
from annotator.domain.text import canonical_text, text_sha256
from annotator.formats.predictions import (
    SuggestedText,
    label_studio_predictions,
    prodigy_tasks,
    read_predictions,
)
from annotator.services.atomic_files import write_atomically
from annotator.services.project import Project
from annotator.storage import suggestions as suggestion_rows
from annotator.storage.documents import find_by_sha256, iter_documents
from annotator.storage.labels import label_names


@dataclass
class PredictionImport:
    stored: int = 0
    articles: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        head = f"{self.stored:,} suggestion(s) imported into {self.articles} article(s)"
        return "; ".join([head, *self.notes])


def import_predictions(project: Project, path: Path) -> PredictionImport:
    """Store a file's predictions as suggestions of the articles they were made for (matched by text).

    The file is read and checked whole before anything is stored; its earlier import's suggestions in those
    articles are replaced. Records of articles not in the project, and labels the project lacks, are
    counted and left out."""
    records = read_predictions(path)
    report = PredictionImport()
    missing_articles = 0
    missing_labels: dict[str, int] = {}
    found: list[Suggestion] = []
    matched: set[str] = set()
    with project.database.write():
        labels = label_names(project.database)
        for record in records:
            if canonical_text(record.text) != record.text:
                report.notes.append(
                    f"line {record.line}: the text has \\r line breaks, so its offsets are unclear"
                )
                continue
            document_id = find_by_sha256(project.database, text_sha256(record.text))
            if document_id is None:
                missing_articles += 1
                continue
            matched.add(document_id)
            for span in record.spans:
                if span.label not in labels:
                    missing_labels[span.label] = missing_labels.get(span.label, 0) + 1
                    continue
                found.append(
                    Suggestion(
                        document_id=document_id,
                        start=span.start,
                        end=span.end,
                        label=span.label,
                        text=record.text[span.start : span.end],
                        source=SuggestionSource.IMPORTED,
                        score=span.score,
                        provenance=f"predicted by {span.origin} ({path.name})",
                    )
                )
        report.stored = suggestion_rows.replace_suggestions(
            project.database, SuggestionSource.IMPORTED, found, document_ids=sorted(matched)
        )
    report.articles = len(matched)
    if missing_articles:
        report.notes.append(f"{missing_articles} record(s) are of articles not in this project: left out")
    for label, count in sorted(missing_labels.items()):
        report.notes.append(f"{count} prediction(s) of label '{label}', which this project lacks: left out")
    return report


def export_predictions(project: Project, out: Path) -> tuple[int, int]:
    """Write the analyst's open suggestions as Label Studio predictions (``.json``) or Prodigy tasks
    (``.jsonl``); returns (articles, suggestions written)."""
    items = []
    for document in iter_documents(project.database):
        open_ones = suggestion_rows.open_suggestions(project.database, document.id, project.annotator)
        if not open_ones:
            continue
        by_source: dict[str, list[tuple[int, int, str, float]]] = {}
        for s in open_ones:
            by_source.setdefault(s.source.value, []).append((s.start, s.end, s.label, s.score))
        items.append(SuggestedText(document.id, document.title, document.text, by_source))
    if out.suffix.lower() == ".jsonl":
        lines, regions = prodigy_tasks(items)
        write_atomically(out, lines)
    else:
        text, regions = label_studio_predictions(items)
        write_atomically(out, [text])
    return len(items), regions
