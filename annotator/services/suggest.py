"""Filling and refreshing suggestions from every source at once (the window's Refresh, ``annotator
suggest``). Each source is refreshed in its own transaction; the model trains before it predicts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.domain.errors import InputError
from annotator.domain.progress import NO_PROGRESS, Progress
from annotator.domain.suggestions import SuggestionSource
from annotator.services.project import Project
from annotator.services.string_matcher import refresh_strings
from annotator.services.suggest_model import refresh_model
from annotator.services.term_lists import refresh_terms
from annotator.storage.labels import label_names

# What a plain refresh runs: the model is trained only when asked for (it takes seconds, not milliseconds).
QUICK_SOURCES = (SuggestionSource.STRINGS, SuggestionSource.TERMS)
REFRESHABLE = (SuggestionSource.STRINGS, SuggestionSource.TERMS, SuggestionSource.MODEL)


@dataclass
class RefreshReport:
    stored: dict[SuggestionSource, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{count:,} from {source.display_name}" for source, count in self.stored.items()]
        return "; ".join(["suggestions refreshed: " + (", ".join(parts) or "none"), *self.notes])


def check_labels(project: Project, labels: Iterable[str] | None) -> list[str] | None:
    if labels is None:
        return None
    chosen = sorted(set(labels))
    unknown = [name for name in chosen if name not in label_names(project.database)]
    if unknown:
        raise InputError(f"there is no label called {', '.join(repr(n) for n in unknown)}")
    return chosen


def refresh(
    project: Project,
    sources: Sequence[SuggestionSource] = QUICK_SOURCES,
    labels: Iterable[str] | None = None,
    progress: Progress = NO_PROGRESS,
) -> RefreshReport:
    chosen_labels = check_labels(project, labels)
    report = RefreshReport()
    for source in sources:
        if source is SuggestionSource.STRINGS:
            report.stored[source] = refresh_strings(project, labels=chosen_labels, progress=progress)
        elif source is SuggestionSource.TERMS:
            report.stored[source] = refresh_terms(project, labels=chosen_labels, progress=progress)
        elif source is SuggestionSource.MODEL:
            result = refresh_model(project, labels=chosen_labels, progress=progress)
            report.stored[source] = result.stored
            report.notes.append(result.summary())
        else:
            raise InputError(f"suggestions from {source.display_name} are imported, not refreshed")
    return report
