"""A tagged corpus for format tests: the seeds plus the adversarial text, spans by two annotators."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.models import Span
from annotator.services import annotation, reading
from annotator.services.importing import import_paths
from annotator.services.project import Project
from annotator.storage.annotators import ensure_annotator
from tests.conftest import ADVERSARIAL_TEXT

# Words tagged wherever they first occur; several sit after emoji and astral characters.
TAGS = [
    ("Huawei", "chips"),
    ("Ascend 910B", "chips"),
    ("👩‍💻", "models"),
    ("𠀁 then", "strategy"),
    ("讯飞星火", "models"),
    ("e\u0301 marks", "strategy"),
    ("עברית", "strategy"),
    ("no-break and\u2028line", "strategy"),
    ("1.2 billion yuan", "financials"),
    ("iFlytek", "strategy"),
    ("DeepSeek", "models"),
]


def tag_corpus(project: Project, folder: Path) -> None:
    """Add the adversarial article and tag it and the seeds as alice, with a few overlapping spans by bob."""
    source = folder / "adversarial.txt"
    source.write_text(ADVERSARIAL_TEXT, encoding="utf-8")
    import_paths(project, [source])
    with project.database.write():
        ensure_annotator(project.database, "bob")
    for summary in reading.list_documents(project):
        text = reading.load_document(project, summary.id).text
        for word, label in TAGS:
            start = text.find(word)
            if start >= 0:
                annotation.tag_span(project, summary.id, start, start + len(word), label)
        bob = Project(project.database, "bob")
        for word, label in (("Ascend", "chips"), ("Huawei", "strategy"), ("1.2 billion", "financials")):
            start = text.find(word)
            if start >= 0:
                annotation.tag_span(bob, summary.id, start, start + len(word), label)
    span = next(s for s in all_spans(project) if s.text == "iFlytek")
    annotation.set_span_note(project, span, "named in the headline\nsecond line")


def all_spans(project: Project) -> list[Span]:
    return [
        span
        for summary in reading.list_documents(project)
        for span in reading.document_spans(project, summary.id)
    ]


def span_facts(project: Project) -> list[tuple[str, int, int, str, str, str, str]]:
    """Every span as (document sha256, start, end, label, text, annotator, note), sorted."""
    shas = {s.id: s.sha256 for s in reading.list_documents(project)}
    return sorted(
        (shas[s.document_id], s.start, s.end, s.label, s.text, s.annotator, s.note)
        for s in all_spans(project)
    )
