"""Spans are formatted block by block as they come on screen: what is shown is always highlighted, and
what was never shown costs nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextBlock
from pytestqt.qtbot import QtBot

from annotator.domain.models import Document, Span
from annotator.domain.text import text_sha256
from annotator.services import reading
from annotator.ui.article_view import ArticleView

PARAGRAPH = "Huawei trained the model on Ascend 910B chips 🚀 in Hefei, 讯飞星火 said. " * 6
LABEL = "chips"


def painted(block: QTextBlock) -> list[tuple[int, int]]:
    return [
        (f.start, f.length)
        for f in block.layout().formats()
        if f.format.background().style() != Qt.BrushStyle.NoBrush
    ]


def long_view(qtbot: QtBot, paragraphs: int = 400) -> tuple[ArticleView, list[Span]]:
    text = "\n".join(PARAGRAPH for _ in range(paragraphs))
    document = Document(title="Long", text=text, sha256=text_sha256(text))
    start_in_paragraph = PARAGRAPH.index("Ascend 910B")
    spans = []
    offset = 0
    for _ in range(paragraphs):
        start = offset + start_in_paragraph
        spans.append(
            Span(
                document_id=document.id,
                start=start,
                end=start + 11,
                label=LABEL,
                text="Ascend 910B",
                annotator="a",
            )
        )
        offset += len(PARAGRAPH) + 1
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.set_label_colours({LABEL: QColor("#4aa3df")})
    with qtbot.waitExposed(view):
        view.show()
    view.show_document(document, [reading.span_row(span) for span in spans])
    qtbot.wait(50)  # the highlighter's queued pass, then the first paint
    return view, spans


def test_what_is_on_screen_is_highlighted_and_the_rest_waits(qtbot: QtBot) -> None:
    view, _ = long_view(qtbot)
    document = view.document()
    view.viewport().grab()
    first = view.firstVisibleBlock()
    assert painted(first)  # the span in the first paragraph shows
    far = document.findBlockByNumber(document.blockCount() - 1)
    assert painted(far) == []  # never on screen: not formatted yet

    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.viewport().grab()
    qtbot.wait(20)
    assert painted(far)
    relative = view.index.qt_range(view.index.in_block(far.blockNumber())[0].span.id)
    assert relative is not None
    assert painted(far)[0][0] == relative[0] - far.position()


def test_a_span_added_off_screen_shows_when_scrolled_to(qtbot: QtBot) -> None:
    view, spans = long_view(qtbot)
    document = view.document()
    target = document.findBlockByNumber(300)
    start = spans[300].start + PARAGRAPH.index("Hefei") - PARAGRAPH.index("Ascend 910B")
    extra = Span(
        document_id=spans[0].document_id, start=start, end=start + 5, label=LABEL, text="Hefei", annotator="a"
    )
    view.add_span(extra)
    assert view.index.get(extra.id) == extra
    view.select_span(extra.id)  # scrolls there
    view.viewport().grab()
    qtbot.wait(20)
    assert len(painted(target)) == 2


def test_recolouring_reaches_blocks_painted_before(qtbot: QtBot) -> None:
    view, _ = long_view(qtbot)
    view.viewport().grab()
    first = view.firstVisibleBlock()
    before = [f.format.background().color().name() for f in first.layout().formats()]
    view.set_label_colours({LABEL: QColor("#ff0000")})
    view.viewport().grab()
    qtbot.wait(20)
    after = [f.format.background().color().name() for f in view.firstVisibleBlock().layout().formats()]
    assert before and after and before != after


def test_selecting_and_removing_a_span_on_screen_repaints_its_block(qtbot: QtBot) -> None:
    view, spans = long_view(qtbot)
    view.viewport().grab()
    block = view.document().findBlockByNumber(1)
    relative = PARAGRAPH.index("Ascend 910B")  # no emoji before it in its paragraph
    assert painted(block) == [(relative, 11)]

    def first_format() -> tuple[bool, float]:
        formats = block.layout().formats()  # held: the formats live as long as this list
        return formats[0].format.fontUnderline(), formats[0].format.background().color().alphaF()

    underlined, alpha = first_format()
    assert not underlined
    view.select_span(spans[1].id)
    underlined, selected_alpha = first_format()
    assert underlined and selected_alpha > alpha
    view.select_span(None)
    assert first_format() == (False, alpha)

    view.remove_span(spans[1].id)
    assert painted(block) == []
    view.add_span(spans[1])
    assert painted(block) == [(relative, 11)]


def test_overlapping_spans_of_one_label_are_one_run(qtbot: QtBot) -> None:
    view, spans = long_view(qtbot)
    first = spans[0]
    view.add_span(first.model_copy(update={"id": "wider", "end": first.end + 4, "text": "Ascend 910B chi"}))
    view.viewport().grab()
    block = view.firstVisibleBlock()
    # The same colours over the two segments: one range, as a QSyntaxHighlighter would set it.
    assert painted(block) == [(first.start, 15)]


def test_a_new_article_starts_plain_and_is_formatted_where_shown(qtbot: QtBot) -> None:
    view, spans = long_view(qtbot)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    view.viewport().grab()
    document = view.document_record
    assert document is not None
    view.show_document(document, [reading.span_row(span) for span in spans[:1]])
    view.viewport().grab()
    assert painted(view.document().findBlockByNumber(0)) == [(spans[0].start, 11)]
    middle = view.document().findBlockByNumber(200)
    assert painted(middle) == []
