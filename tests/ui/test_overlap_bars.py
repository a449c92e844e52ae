"""Overlap bars are measured once per block and painted from memory: what is painted must always be what
measuring afresh would paint, after span edits, resizing and a new font size."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QImage
from pytestqt.qtbot import QtBot

from annotator.domain.models import Document, Span
from annotator.domain.text import text_sha256
from annotator.services import reading
from annotator.ui.article_view import ArticleView

TEXT = "\n".join(["Huawei trained the model on Ascend 910B chips in Hefei, iFlytek said. " * 3] * 12)
COLOURS = {"chips": QColor("#4aa3df"), "models": QColor("#e57373")}


def span(document: Document, needle: str, label: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = document.text.index(needle, start + 1)
    return Span(
        document_id=document.id,
        start=start,
        end=start + len(needle),
        label=label,
        text=needle,
        annotator="a",
    )


def shown(
    qtbot: QtBot, document: Document, spans: list[Span], width: int = 640, font: QFont | None = None
) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    if font is not None:
        view.setFont(font)
    view.resize(width, 420)
    view.set_label_colours(COLOURS)
    view.show()
    qtbot.waitExposed(view)
    view.show_document(document, [reading.span_row(s) for s in spans])
    return view


def picture(view: ArticleView) -> QImage:
    return view.viewport().grab().toImage()


def as_measured_afresh(view: ArticleView) -> QImage:
    """The picture from the cache, after checking it against one with every bar measured again."""
    cached = picture(view)
    view.bars.clear()
    assert picture(view) == cached
    return cached


def test_cached_bars_match_bars_measured_afresh(qtbot: QtBot) -> None:
    document = Document(title="t", text=TEXT, sha256=text_sha256(TEXT))
    spans = [span(document, "Ascend 910B chips", "chips"), span(document, "910B chips in Hefei", "models")]
    view = shown(qtbot, document, spans)
    first = picture(view)
    assert as_measured_afresh(view) == first
    without_bars = shown(qtbot, document, spans[:1])
    assert picture(without_bars) != first  # the overlap does paint bars

    # A new overlapping span in a block already measured: its bar appears.
    extra = span(document, "the model on Ascend", "models")
    view.add_span(extra)
    assert as_measured_afresh(view) != first
    view.remove_span(extra.id)
    assert as_measured_afresh(view) == first

    # Narrower: lines break elsewhere, bars follow.
    view.resize(420, 420)
    qtbot.wait(10)
    narrow = as_measured_afresh(view)
    assert narrow.size() != first.size()

    # A bigger font: every x moves.
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    view.setFont(font)
    qtbot.wait(10)
    assert as_measured_afresh(view) != narrow
