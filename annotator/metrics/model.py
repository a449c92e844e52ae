"""What agreement is computed on: documents with their text and, per annotator, that annotator's spans.

Who annotated a document
    An annotator *annotated* a document when they have at least one span in it (of any label, before the
    label filter is applied) or when the caller lists them in ``annotated_by`` (the service passes the
    annotators who marked the document "done", so "looked at it and found nothing" counts as a judgement).
    Everyone else is *missing* for that document: their silence is not read as "all O". Pairwise figures
    use the documents both annotators annotated; Krippendorff's alpha uses every unit with at least two
    judgements; Fleiss' kappa and unitizing alpha, which are defined only for complete data, use the
    documents that every chosen annotator annotated.

Spans are ``(start, end, label)`` with code-point offsets into the text, end exclusive. One annotator's
identical spans (same start, end and label) count once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from annotator.domain.errors import SpanError

# The label of a unit that no span covers. Categories are small ints internally: 0 is "outside",
# 1..K are the chosen labels in name order, so that a user label called "O" can never collide with it.
OUTSIDE = 0
OUTSIDE_NAME = "O"


class LabelledSpan(NamedTuple):
    start: int
    end: int
    label: str


SpanTuple = tuple[int, int, str]


@dataclass(frozen=True)
class AnnotatedDocument:
    """One document and every annotator's spans in it."""

    document_id: str
    text: str
    layers: Mapping[str, Sequence[SpanTuple]]
    annotated_by: frozenset[str] = field(default_factory=frozenset)
    title: str = ""

    def annotators(self) -> frozenset[str]:
        """Annotators who annotated this document (see the module docstring)."""
        return frozenset(name for name, spans in self.layers.items() if spans) | self.annotated_by


# A span as the computations use it: (start, end, category).
CatSpan = tuple[int, int, int]


@dataclass(frozen=True)
class PreparedDocument:
    """A document reduced to the chosen annotators and labels, spans checked, sorted and de-duplicated."""

    document_id: str
    title: str
    text: str
    # Index into the chosen annotators -> that annotator's spans; only annotators who annotated it.
    layers: dict[int, list[CatSpan]]


@dataclass(frozen=True)
class PreparedCorpus:
    annotators: list[str]
    labels: list[str]  # category i + 1 is labels[i]; names sorted
    documents: list[PreparedDocument]

    def label_name(self, category: int) -> str:
        return OUTSIDE_NAME if category == OUTSIDE else self.labels[category - 1]


def prepare(
    documents: Iterable[AnnotatedDocument],
    *,
    annotators: Sequence[str] | None = None,
    labels: Iterable[str] | None = None,
) -> PreparedCorpus:
    """Choose annotators and labels (default: everyone and every label present) and check every span.

    Raises ``SpanError`` naming the document, annotator and span when a span does not fit its text.
    """
    documents = list(documents)
    if annotators is None:
        annotators = sorted({name for document in documents for name in document.annotators()})
    chosen = list(dict.fromkeys(annotators))
    wanted = set(chosen)
    if labels is None:
        labels = {
            span[2]
            for document in documents
            for name, spans in document.layers.items()
            if name in wanted
            for span in spans
        }
    names = sorted(set(labels))
    category = {name: position + 1 for position, name in enumerate(names)}
    prepared = []
    for document in documents:
        length = len(document.text)
        layers: dict[int, list[CatSpan]] = {}
        present = document.annotators()
        for position, name in enumerate(chosen):
            if name not in present:
                continue
            kept = set()
            for start, end, label in document.layers.get(name, ()):
                if not 0 <= start < end <= length:
                    raise SpanError(
                        f"document {document.document_id}: {name}'s span [{start}, {end}) ({label}) "
                        f"does not fit a text of {length} characters"
                    )
                cat = category.get(label)
                if cat is not None:
                    kept.add((start, end, cat))
            layers[position] = sorted(kept)
        prepared.append(PreparedDocument(document.document_id, document.title, document.text, layers))
    return PreparedCorpus(chosen, names, prepared)
