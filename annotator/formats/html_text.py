"""HTML files: the text a reader sees, as one document.

Parsed with the standard library's ``html.parser``; nothing is fetched and nothing is run. Scripts, styles,
templates, ``noscript``, embedded objects and elements marked ``hidden`` or ``display:none`` contribute no
text. Outside ``<pre>``, runs of HTML whitespace become one space, as a browser shows them; block elements
and ``<br>`` start a new line. No-break spaces and every other character are kept as they are.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.formats.plaintext import decode_file, document_from_text
from annotator.formats.records import ReadOptions, ReadResult

NAME = "html"
SUFFIXES = (".html", ".htm", ".xhtml")

_HIDDEN_TAGS = {"script", "style", "template", "noscript", "svg", "iframe", "object", "embed", "canvas"}
_HIDDEN_TAGS |= {"audio", "video", "select", "button"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tr", "ul", "body",
}  # fmt: skip
_CELLS = {"td", "th"}
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.heading_parts: list[str] = []
        self._hidden: list[str] = []
        self._pre = 0
        self._in_title = False
        self._in_heading = False
        self._heading_done = False
        self._line_start = True
        self._space = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if not self._hidden and tag == "br":
                self.parts.append("\n")
                self._line_start, self._space = True, False
            elif not self._hidden and tag == "hr":
                self._break()
            return
        if self._hidden:
            self._hidden.append(tag)
            return
        if tag == "title":
            self._in_title = True
            return
        attributes = dict(attrs)
        if (
            tag in _HIDDEN_TAGS
            or "hidden" in attributes
            or _DISPLAY_NONE.search(attributes.get("style") or "")
        ):
            self._hidden.append(tag)
            return
        if tag in _BLOCKS:
            self._break()
        elif tag in _CELLS:
            self._space = not self._line_start
        if tag == "pre":
            self._pre += 1
        if tag in {"h1", "h2"} and not self._heading_done:
            self._in_heading = True

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            if tag in self._hidden:
                while self._hidden.pop() != tag:
                    pass
            return
        if tag == "title":
            self._in_title = False
        elif tag in _BLOCKS:
            self._break()
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag in {"h1", "h2"} and self._in_heading:
            self._in_heading = False
            self._heading_done = bool("".join(self.heading_parts).strip())

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._hidden:
            return
        if self._in_heading:
            self.heading_parts.append(data)
        if self._pre:
            self.parts.append(data.replace("\r\n", "\n"))
            self._line_start = data.endswith("\n")
            self._space = False
            return
        collapsed = _HTML_SPACE.sub(" ", data)
        content = collapsed.strip(" ")
        if not content:
            self._space = self._space or (bool(collapsed) and not self._line_start)
            return
        if (self._space or collapsed.startswith(" ")) and not self._line_start:
            self.parts.append(" ")
        self.parts.append(content)
        self._line_start = False
        self._space = collapsed.endswith(" ")

    def _break(self) -> None:
        if not self._line_start:
            self.parts.append("\n")
        self._line_start, self._space = True, False


def visible_text(html: str) -> tuple[str, str]:
    """(visible text, title) of an HTML document; the title is <title>, else the first h1/h2."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).strip("\n")
    title = _HTML_SPACE.sub(" ", "".join(parser.title_parts)).strip()
    heading = _HTML_SPACE.sub(" ", "".join(parser.heading_parts)).strip()
    return text, title or heading


def read(path: Path, options: ReadOptions) -> ReadResult:
    text, title = visible_text(decode_file(path, options.encoding))
    if not text.strip():
        raise InputError("has no visible text to annotate", path=path)
    return ReadResult(documents=[document_from_text(path, text, title=title)])
