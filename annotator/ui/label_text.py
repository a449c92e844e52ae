"""Markdown rendered as HTML for Qt's rich-text engine: label tooltips, description previews, guidelines.

Qt renders a subset of HTML 4 and CSS 2, so the style sheet below sticks to what ``QTextDocument``
understands, and takes its colours from the current palette so that light and dark themes both read well.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QPalette

from annotator.domain.models import Label

# "toc" gives headings ids, so links to "#section" inside the guidelines work.
MARKDOWN_EXTENSIONS = ("tables", "fenced_code", "sane_lists", "toc")


def markdown_to_html(text: str) -> str:
    import markdown  # (loaded when something is first rendered, not at start)

    return str(markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS), output_format="html"))


def rich_text_css(palette: QPalette) -> str:
    """A style sheet for rendered Markdown, in the colours of ``palette``."""
    mid = palette.color(QPalette.ColorRole.Mid).name()
    base = palette.color(QPalette.ColorRole.Base)
    # A tint of the page colour, visible in both themes (AlternateBase is nearly white in light ones).
    code_background = (base.darker(112) if base.lightness() > 128 else base.lighter(160)).name()
    link = palette.color(QPalette.ColorRole.Link).name()
    return (
        "h1 { font-size: x-large; margin-top: 4px; margin-bottom: 8px; }"
        "h2 { font-size: large; margin-top: 14px; margin-bottom: 6px; }"
        "h3 { font-size: medium; margin-top: 10px; margin-bottom: 4px; }"
        "p, li { margin-top: 3px; margin-bottom: 3px; }"
        f"a {{ color: {link}; }}"
        f"code {{ font-family: monospace; background-color: {code_background}; }}"
        f"pre {{ font-family: monospace; background-color: {code_background}; padding: 4px; }}"
        "table { border-collapse: collapse; margin-top: 6px; margin-bottom: 6px; }"
        f"th, td {{ border: 1px solid {mid}; padding: 3px; vertical-align: top; }}"
        "th { font-weight: bold; }"
        f"blockquote {{ margin-left: 12px; color: {mid}; }}"
    )


def label_tooltip_html(label: Label) -> str:
    """The palette tooltip for a label: a swatch, its name and key, and its description rendered."""
    key = f" &nbsp;·&nbsp; key <b>{html.escape(label.hotkey)}</b>" if label.hotkey else ""
    if label.description.strip():
        body = markdown_to_html(label.description)
    else:
        body = "<p><i>No description yet.</i></p>"
    # A table fixes the width, so long descriptions wrap instead of making a screen-wide tooltip.
    return (
        '<qt><table width="380" cellspacing="0" cellpadding="0"><tr><td>'
        f'<p><span style="color: {label.colour};">&#9632;</span> <b>{html.escape(label.name)}</b>{key}</p>'
        f"{body}</td></tr></table></qt>"
    )
