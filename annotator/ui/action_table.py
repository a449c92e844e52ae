"""Every command of the window in one table: its menu, its place in Help > Keyboard shortcuts, its
default keys and its toolbar icon. The window supplies what each command does; ``actions`` builds them.

Default keys avoid what desktops take for themselves: GNOME, KDE and Windows use Super/Win with arrows,
Ctrl+Alt with arrows and Alt+Shift (switching the keyboard layout), so no default here uses those.
Every key can be changed by the user in Help > Keyboard shortcuts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActionSpec:
    id: str  # stable: user keys are saved under it
    menu: str
    group: str  # the heading in Help > Keyboard shortcuts
    text: str
    keys: tuple[str, ...] = ()
    checkable: bool = False
    icon: str = ""  # an SVG in resources/icons: shown on the toolbar
    separator: bool = False  # a separator in the menu before this entry
    tip: str = ""

    @property
    def name(self) -> str:
        """The text without mnemonics or ellipsis, as the shortcuts window lists it."""
        return self.text.replace("&", "").rstrip("…")


FILE, EDIT, VIEW, SEARCH, LABELS, HELP = "&File", "&Edit", "&View", "&Search", "&Labels", "&Help"
SUGGEST = "S&uggestions"
STRUCTURE = "S&tructure"

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("file.open", FILE, "Project", "&Open project…", ("Ctrl+O",), icon="open"),
    ActionSpec(
        "file.import",
        FILE,
        "Project",
        "&Import articles or annotations…",
        ("Ctrl+I",),
        icon="import",
        separator=True,
    ),
    ActionSpec("file.export", FILE, "Project", "&Export dataset…", ("Ctrl+E",), icon="export"),
    ActionSpec("file.merge", FILE, "Project", "&Merge a colleague's project…"),
    ActionSpec("file.name", FILE, "Project", "Your annotator &name…"),
    ActionSpec("file.quit", FILE, "Project", "&Quit", ("Ctrl+Q",), separator=True),
    ActionSpec("edit.undo", EDIT, "Editing", "&Undo", ("Ctrl+Z",), icon="undo"),
    ActionSpec("edit.redo", EDIT, "Editing", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), icon="redo"),
    ActionSpec("edit.delete", EDIT, "Editing", "&Delete span", ("Del",), separator=True),
    ActionSpec("edit.span_note", EDIT, "Editing", "Edit span &note…"),
    ActionSpec("edit.article_note", EDIT, "Editing", "Edit &article note…", ("Ctrl+Shift+N",)),
    ActionSpec(
        "edit.done",
        EDIT,
        "Progress",
        "Mark article &done / not done",
        ("Ctrl+D",),
        icon="done",
        separator=True,
    ),
    ActionSpec(
        "edit.next_unfinished",
        EDIT,
        "Progress",
        "Open next &unfinished article",
        ("Ctrl+J",),
        icon="next-unfinished",
    ),
    ActionSpec(
        "view.snap", VIEW, "Annotating", "&Snap selections to whole words", ("Ctrl+Shift+W",), checkable=True
    ),
    ActionSpec(
        "nav.previous",
        VIEW,
        "Navigation",
        "&Previous article",
        ("Ctrl+Left", "Ctrl+PgUp"),
        icon="previous",
        separator=True,
    ),
    ActionSpec("nav.next", VIEW, "Navigation", "&Next article", ("Ctrl+Right", "Ctrl+PgDown"), icon="next"),
    ActionSpec("nav.other_pane", VIEW, "Navigation", "Switch to the &other pane", ("F6",)),
    ActionSpec("nav.left", VIEW, "Navigation", "Open in &left pane", ("Ctrl+[",)),
    ActionSpec("nav.right", VIEW, "Navigation", "Open in &right pane", ("Ctrl+]",)),
    ActionSpec("view.swap", VIEW, "Side by side", "S&wap panes", ("Ctrl+Shift+X",)),
    ActionSpec(
        "view.sync", VIEW, "Side by side", "S&ynchronise scrolling", ("Ctrl+Shift+Y",), checkable=True
    ),
    ActionSpec(
        "view.zoom_in", VIEW, "Reading", "Zoom &in", ("Ctrl+=", "Ctrl++"), icon="zoom-in", separator=True
    ),
    ActionSpec("view.zoom_out", VIEW, "Reading", "Zoom o&ut", ("Ctrl+-",), icon="zoom-out"),
    ActionSpec("view.zoom_reset", VIEW, "Reading", "&Actual size", ("Ctrl+0",)),
    ActionSpec(
        "view.review",
        VIEW,
        "Review",
        "Re&view mode",
        ("Ctrl+R",),
        checkable=True,
        icon="review",
        separator=True,
    ),
    ActionSpec("view.agreement", VIEW, "Review", "&Agreement…", ("Ctrl+Shift+A",), icon="agreement"),
    ActionSpec("view.curation", VIEW, "Review", "&Curation of every annotator…", ("Ctrl+Shift+C",)),
    ActionSpec("view.sessions", VIEW, "Review", "Annotation &sessions…"),
    ActionSpec("view.reload", VIEW, "Project", "&Reload from database", ("F5",), separator=True),
    ActionSpec("search.find", SEARCH, "Search", "&Find in the article…", ("Ctrl+F",), icon="find"),
    ActionSpec("search.next", SEARCH, "Search", "Find &next", ("F3",)),
    ActionSpec("search.previous", SEARCH, "Search", "Find &previous", ("Shift+F3",)),
    ActionSpec("search.corpus", SEARCH, "Search", "Search the &corpus…", ("Ctrl+Shift+F",), icon="search"),
    ActionSpec("search.tag_all", SEARCH, "Search", "&Tag all matches…", ("Ctrl+Shift+T",), icon="tag-all"),
    ActionSpec("search.rebuild", SEARCH, "Search", "&Rebuild the search index…", separator=True),
    ActionSpec("labels.edit", LABELS, "Labels", "&Edit labels…", ("Ctrl+L",), icon="labels"),
    ActionSpec("labels.guidelines", LABELS, "Labels", "Show the &guidelines", ("Ctrl+G",), icon="guidelines"),
    ActionSpec(
        "suggest.show", SUGGEST, "Suggestions", "&Show suggestions", ("Ctrl+Shift+U",), checkable=True
    ),
    ActionSpec("suggest.accept", SUGGEST, "Suggestions", "&Accept the selected suggestion"),
    ActionSpec("suggest.reject", SUGGEST, "Suggestions", "&Reject the selected suggestion"),
    ActionSpec(
        "suggest.accept_all",
        SUGGEST,
        "Suggestions",
        "Accept &all above the threshold in the article",
        ("Ctrl+Shift+Return",),
    ),
    ActionSpec("suggest.threshold", SUGGEST, "Suggestions", "Set the &threshold…"),
    ActionSpec(
        "suggest.refresh", SUGGEST, "Suggestions", "Re&fresh suggestions", ("Ctrl+Shift+R",), separator=True
    ),
    ActionSpec("suggest.train", SUGGEST, "Suggestions", "Train the &model and suggest…"),
    ActionSpec(
        "suggest.uncertain",
        SUGGEST,
        "Suggestions",
        "Open the article the model is least &sure about",
        ("Ctrl+Shift+J",),
    ),
    ActionSpec("suggest.terms", SUGGEST, "Suggestions", "Term &lists and patterns…"),
    ActionSpec("suggest.import_terms", SUGGEST, "Suggestions", "&Import a term list (CSV)…"),
    ActionSpec("structure.relation", STRUCTURE, "Structure", "Start a &relation from the selected span"),
    ActionSpec("structure.attributes", STRUCTURE, "Structure", "&Attributes of the selected span…"),
    ActionSpec("structure.delete_relation", STRUCTURE, "Structure", "&Delete the selected relation"),
    ActionSpec("structure.entities", STRUCTURE, "Structure", "&Entity list…", separator=True),
    ActionSpec("structure.import_entities", STRUCTURE, "Structure", "&Import an entity list (CSV)…"),
    ActionSpec("help.shortcuts", HELP, "Help", "&Keyboard shortcuts", ("F1", "Ctrl+/")),
    ActionSpec("help.about", HELP, "Help", "&About Annotator"),
)

# Keys that act only in review mode: single letters, so they are off the rest of the time.
REVIEW_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("review.next", VIEW, "Review", "Next undecided difference (review mode)", ("N",)),
    ActionSpec("review.previous", VIEW, "Review", "Previous undecided difference (review mode)", ("P",)),
    ActionSpec("review.accept_left", VIEW, "Review", "Accept the left side (review mode)", ("A",)),
    ActionSpec("review.accept_right", VIEW, "Review", "Accept the right side (review mode)", ("B",)),
    ActionSpec("review.reject", VIEW, "Review", "Reject both sides (review mode)", ("R",)),
)

# Keys the article view handles itself while a span is selected (they move the span's edges).
SPAN_EDGE_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "span.end_right",
        "",
        "Annotating",
        "Move the selected span's end one character right",
        ("Shift+Right",),
    ),
    ActionSpec(
        "span.end_left", "", "Annotating", "Move the selected span's end one character left", ("Shift+Left",)
    ),
    ActionSpec(
        "span.start_left",
        "",
        "Annotating",
        "Move the selected span's start one character left",
        ("Ctrl+Shift+Left",),
    ),
    ActionSpec(
        "span.start_right",
        "",
        "Annotating",
        "Move the selected span's start one character right",
        ("Ctrl+Shift+Right",),
    ),
)
SPAN_EDGE_STEPS: dict[str, tuple[int, int]] = {
    "span.end_right": (0, 1),
    "span.end_left": (0, -1),
    "span.start_left": (-1, 0),
    "span.start_right": (1, 0),
}

TOOLBAR = (
    "file.open", "file.import", "file.export", "", "edit.undo", "edit.redo", "", "nav.previous", "nav.next",
    "edit.done", "edit.next_unfinished", "", "search.find", "search.corpus", "search.tag_all", "",
    "view.review", "view.agreement", "", "labels.edit", "labels.guidelines", "", "view.zoom_out",
    "view.zoom_in",
)  # fmt: skip
