"""The span index against a plain scan: whatever block is asked for, in whatever order, after whatever
additions and removals, it holds exactly the spans that cover part of that block. No display needed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.models import Span
from annotator.services.reading import SpanRow, span_row
from annotator.ui.offsets import OffsetMap
from annotator.ui.span_index import LONG_SPAN, READING_ORDER, SpanIndex

PIECES = ["a", "bc ", "😀", "讯飞", "𠀀", "\n", "\n\n", "Huawei ", "x" * 300]


def index_of(text: str) -> tuple[SpanIndex, list[int]]:
    offsets = OffsetMap(text)
    # Qt starts a block after each line break.
    block_starts = [0] + [offsets.to_qt(n + 1) for n, char in enumerate(text) if char == "\n"]
    return SpanIndex(offsets, block_starts), block_starts


def span(text: str, start: int, end: int, label: str = "chips", annotator: str = "alice") -> Span:
    return Span(document_id="d", start=start, end=end, label=label, text=text[start:end], annotator=annotator)


def expected(
    text: str, block_starts: list[int], rows: list[SpanRow], block: int
) -> list[tuple[str, int, int]]:
    """The spans covering part of ``block``, found the slow way, with their Qt ranges."""
    offsets = OffsetMap(text)
    first = block_starts[block]
    end = block_starts[block + 1] if block + 1 < len(block_starts) else offsets.qt_length + 1
    placed = [(row, offsets.to_qt(row.start), offsets.to_qt(row.end)) for row in rows]
    hits = [(row, qt_start, qt_end) for row, qt_start, qt_end in placed if qt_start < end and qt_end > first]
    return [
        (row.id, qt_start, qt_end)
        for row, qt_start, qt_end in sorted(hits, key=lambda h: READING_ORDER(h[0]))
    ]


def found(index: SpanIndex, block: int) -> list[tuple[str, int, int]]:
    return [(p.span.id, p.qt_start, p.qt_end) for p in index.in_block(block)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60), st.data())
def test_every_block_holds_the_spans_that_cover_it(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    limit = len(text)
    bounds = st.tuples(st.integers(0, limit - 1), st.integers(1, limit)).filter(lambda b: b[0] < b[1])
    ranges = data.draw(st.lists(bounds, max_size=40))
    spans = [
        span(text, start, end, label=("chips", "models")[n % 2]) for n, (start, end) in enumerate(ranges)
    ]
    index, block_starts = index_of(text)
    index.replace_all([span_row(s) for s in reversed(spans)])  # any order in
    rows = [span_row(s) for s in spans]
    assert index.rows() == sorted(rows, key=READING_ORDER)
    blocks = data.draw(st.permutations(range(len(block_starts))))
    for block in blocks:
        assert found(index, block) == expected(text, block_starts, rows, block)

    # Remove some, add others: blocks looked up before are looked up again where they changed.
    removed = (
        data.draw(st.lists(st.sampled_from(spans), max_size=10, unique_by=lambda s: s.id)) if spans else []
    )
    added = [
        span(text, start, end, label="people") for start, end in data.draw(st.lists(bounds, max_size=10))
    ]
    for each in removed:
        index.remove(each.id)
    for each in added:
        index.add(each)
    rows = [span_row(s) for s in spans if s not in removed] + [span_row(s) for s in added]
    assert index.rows() == sorted(rows, key=READING_ORDER)
    assert len(index) == len(rows)
    for block in blocks:
        assert found(index, block) == expected(text, block_starts, rows, block)


def test_a_span_longer_than_the_search_window_reaches_every_block_it_covers() -> None:
    text = "\n".join(f"Paragraph {n} " + "y" * 200 for n in range(30))
    index, block_starts = index_of(text)
    chapter = span(text, 5, len(text) - 5, label="strategy")
    assert chapter.end - chapter.start > LONG_SPAN
    word = span(text, text.index("Paragraph 17"), text.index("Paragraph 17") + 9)
    index.replace_all([span_row(word), span_row(chapter)])
    assert [p.span.id for p in index.in_block(0)] == [chapter.id]
    assert [p.span.id for p in index.in_block(17)] == [chapter.id, word.id]
    assert [p.span.id for p in index.in_block(29)] == [chapter.id]
    index.remove(chapter.id)
    assert [p.span.id for p in index.in_block(29)] == []
    assert [p.span.id for p in index.in_block(17)] == [word.id]
    index.add(chapter)
    assert all(chapter.id in [p.span.id for p in index.in_block(b)] for b in range(len(block_starts)))


def test_spans_come_back_as_the_spans_that_went_in() -> None:
    text = "Huawei ships the Ascend 910B 🚀 to Hefei."
    index, _ = index_of(text)
    chips = span(text, text.index("Ascend"), text.index("Ascend") + 11)
    place = span(text, text.index("Hefei"), text.index("Hefei") + 5, label="places", annotator="bob")
    company = span(text, 0, 6, label="models")
    index.replace_all([span_row(chips), span_row(place)])
    index.add(company)
    assert index.get(place.id) == place
    assert index.get("no such span") is None
    assert index.spans() == [company, chips, place]  # reading order
    assert index.qt_range(place.id) == (text.index("Hefei") + 1, text.index("Hefei") + 6)  # after 🚀
    wide = span(text, 0, 28, label="strategy")
    index.add(wide)
    assert [s.id for s in index.at(2)] == [company.id, wide.id]  # shortest first


def test_a_repeated_id_is_indexed_once_the_last_wins() -> None:
    text = "Huawei ships the Ascend 910B."
    index, _ = index_of(text)
    first = span(text, 17, 23)
    moved = first.model_copy(update={"start": 0, "end": 6, "text": "Huawei"})
    index.replace_all([span_row(first), span_row(moved)])
    assert len(index) == 1
    assert index.rows() == [span_row(moved)]
    assert found(index, 0) == [(first.id, 0, 6)]
