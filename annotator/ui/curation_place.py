"""One place of the curation view as rich text: the gold layer and each annotator's spans, one row each,
over the same stretch of the article, so that readings line up and differences show at a glance.

Everything from the project (text, labels, names) is escaped; the markup is ours.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise

from PySide6.QtGui import QColor

from annotator.domain.adjudication import GOLD_LAYER, GoldSpan
from annotator.domain.curation import Place
from annotator.ui.plain_text import escaped

CONTEXT = 50  # characters of text shown on each side of a place
Range = tuple[int, int, str]  # start, end, label


def place_html(text: str, place: Place, gold: Sequence[GoldSpan], colours: dict[str, str]) -> str:
    """A table: one row for the gold layer and one per annotator, each the place in its context with
    that layer's spans highlighted in their labels' colours and named after the text."""
    start = _context_start(text, place.start)
    end = _context_end(text, place.end)
    rows = [(GOLD_LAYER, [(g.start, g.end, g.label) for g in place.gold(gold)])]
    rows += [(name, [(s.start, s.end, s.label) for s in place.spans_of(name)]) for name in place.annotators]
    body = "".join(
        "<tr>"
        f"<td style='padding:4px 10px 4px 0; white-space:nowrap'><b>{escaped(name)}</b></td>"
        f"<td style='padding:4px 0'>{_highlighted(text, start, end, ranges, colours)}"
        f"{_chips(ranges, colours) if ranges else _nothing(name)}</td>"
        "</tr>"
        for name, ranges in rows
    )
    return f"<table cellspacing='0' style='font-size:11pt'>{body}</table>"


def provenance_text(gold: Sequence[GoldSpan]) -> str:
    """What the gold layer holds at a place and where each span came from, one line each."""
    if not gold:
        return "Nothing from this place is in the gold layer yet."
    lines = []
    for g in gold:
        sources = ", ".join(s.annotator for s in g.sources) or "the curator's own span"
        how = "auto-accepted" if g.auto_accepted else f"decided by {g.decided_by}"
        when = datetime.fromisoformat(g.decided_at).astimezone().strftime("%Y-%m-%d %H:%M")
        lines.append(f"Gold: {g.label} “{_short(g.text)}”, from {sources}; {how}, {when}")
    return "\n".join(lines)


def _context_start(text: str, start: int) -> int:
    cut = max(0, start - CONTEXT)
    line = text.rfind("\n", cut, start)
    if line != -1:
        return line + 1
    space = text.find(" ", cut, start)
    return space + 1 if cut and space != -1 else cut


def _context_end(text: str, end: int) -> int:
    cut = min(len(text), end + CONTEXT)
    line = text.find("\n", end, cut)
    if line != -1:
        return line
    space = text.rfind(" ", end, cut)
    return space if cut < len(text) and space != -1 else cut


def _highlighted(text: str, start: int, end: int, ranges: list[Range], colours: dict[str, str]) -> str:
    """``text[start:end]`` with each stretch covered by spans on the colour of the shortest of them
    (the innermost reads best), underlined twice where spans overlap."""
    cuts = sorted({start, end, *(max(start, s) for s, _, _ in ranges), *(min(end, e) for _, e, _ in ranges)})
    parts = ["…" if start > 0 else ""]
    for left, right in pairwise(cuts):
        piece = escaped(text[left:right]).replace("\n", " ")
        over = [r for r in ranges if r[0] <= left and right <= r[1]]
        if not over:
            parts.append(piece)
            continue
        inner = min(over, key=lambda r: r[1] - r[0])
        background = _pale(colours.get(inner[2], "#9e9e9e"))
        line = "border-bottom: 3px double #333;" if len(over) > 1 else ""
        parts.append(f"<span style='background:{background}; color:#111; {line}'>{piece}</span>")
    parts.append("…" if end < len(text) else "")
    return "".join(parts)


def _chips(ranges: list[Range], colours: dict[str, str]) -> str:
    chips = [
        f"<span style='color:{colours.get(label, '#9e9e9e')}'>&#9632;</span> <b>{escaped(label)}</b>"
        f" <span style='color:gray'>[{s}–{e})</span>"
        for s, e, label in ranges
    ]
    return "<br>" + " &nbsp; ".join(chips)


def _nothing(name: str) -> str:
    what = "nothing decided here yet" if name == GOLD_LAYER else "no span here"
    return f"<br><span style='color:gray'><i>{what}</i></span>"


def _pale(colour: str) -> str:
    """The label colour mixed with white: a background dark text stays readable on."""
    c = QColor(colour)
    mix = 0.45
    return QColor(
        int(c.red() * mix + 255 * (1 - mix)),
        int(c.green() * mix + 255 * (1 - mix)),
        int(c.blue() * mix + 255 * (1 - mix)),
    ).name()


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"
