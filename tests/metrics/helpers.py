"""Slow, obvious re-statements of the definitions, and generators of random annotations.

The reference libraries take unit-by-unit label lists; these helpers build them the naive way (every
unit checked against every span), independently of the run-length code in ``annotator.metrics.units``.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from annotator.domain.tokens import tokenize
from annotator.metrics.model import AnnotatedDocument

WORDS = [
    "Huawei",
    "Ascend",
    "910B",
    ",",
    "revenue",
    "rose",
    "12%",
    "讯飞",
    "👩\u200d💻",
    "e\u0301t",
    ".",
    "U.S",
]
LABELS = ["A", "B", "C"]
ANNOTATORS = ["ann", "ben", "cat", "dan"]

Units = list[tuple[int, int]]


def units_of(text: str, level: str) -> Units:
    if level == "token":
        return [(token.start, token.end) for token in tokenize(text)]
    return [(index, index + 1) for index in range(len(text))]


def naive_label(unit: tuple[int, int], spans: Sequence[tuple[int, int, str]]) -> str:
    """The documented rule, unit by unit: covering spans only; the shortest wins, then the first name."""
    covering = [(end - start, label) for start, end, label in spans if start <= unit[0] and unit[1] <= end]
    return min(covering)[1] if covering else "O"


def label_matrix(
    documents: Sequence[AnnotatedDocument],
    annotators: Sequence[str],
    level: str,
    labels: Sequence[str] | None = None,
) -> list[list[str | None]]:
    """One row per unit of every document: each annotator's label, or None when they did not annotate it."""
    rows: list[list[str | None]] = []
    for document in documents:
        present = document.annotators()
        kept = {
            name: [span for span in document.layers.get(name, ()) if labels is None or span[2] in labels]
            for name in annotators
        }
        for unit in units_of(document.text, level):
            rows.append([naive_label(unit, kept[name]) if name in present else None for name in annotators])
    return rows


@st.composite
def texts(draw: st.DrawFn, max_words: int = 14) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=max_words))
    separators = draw(
        st.lists(st.sampled_from([" ", "  ", "\n", ""]), min_size=len(words), max_size=len(words))
    )
    return "".join(word + separator for word, separator in zip(words, separators, strict=True))


@st.composite
def char_spans(draw: st.DrawFn, text: str, max_spans: int = 5) -> list[tuple[int, int, str]]:
    """Spans anywhere in the text: they may cut tokens, overlap, nest and repeat."""
    spans = []
    for _ in range(draw(st.integers(0, max_spans))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 12)))
        spans.append((start, end, draw(st.sampled_from(LABELS))))
    return spans


@st.composite
def corpora(draw: st.DrawFn, max_documents: int = 4, complete: bool = False) -> list[AnnotatedDocument]:
    """Documents with 2-4 annotators; unless ``complete``, some annotators skip some documents."""
    names = ANNOTATORS[: draw(st.integers(2, len(ANNOTATORS)))]
    documents = []
    for number in range(draw(st.integers(1, max_documents))):
        text = draw(texts())
        layers: dict[str, list[tuple[int, int, str]]] = {}
        done: set[str] = set()
        for name in names:
            if not complete and draw(st.integers(0, 4)) == 0:
                continue  # this annotator did not annotate the document
            layers[name] = draw(char_spans(text))
            if not layers[name]:
                done.add(name)  # finished with nothing to tag still counts as annotated
        documents.append(AnnotatedDocument(f"d{number}", text, layers, annotated_by=frozenset(done)))
    return documents
