"""What the hub stores, table by table, described once for the schema, the policies, push and pull.

Every synced table carries ``version`` (raised by one on every change, by the hub itself) and ``seq`` (the
hub's change counter when the row last changed, for pulling what changed since a point). Rows that can be
removed are never deleted: a tombstone (``deleted``) carries the removal to every other project.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Writer(Enum):
    """Who may write a table's rows."""

    OWNER = "the annotator named in the row"
    CURATOR = "curators"


@dataclass(frozen=True)
class HubTable:
    name: str
    keys: tuple[str, ...]
    fixed: tuple[str, ...]  # set when the row is added, never changed
    fields: tuple[str, ...]  # what a change may set
    tombstones: bool
    writer: Writer
    integers: tuple[str, ...] = ()  # key columns that are numbers on the hub (keys travel as text)

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns a client sends and receives, in order."""
        return self.keys + self.fixed + self.fields + (("deleted",) if self.tombstones else ())

    @property
    def writable(self) -> tuple[str, ...]:
        return self.fields + (("deleted",) if self.tombstones else ())


DOCUMENTS = HubTable(
    "documents", ("sha256",), ("title", "source", "text", "created"), (), False, Writer.CURATOR
)
LABELS = HubTable(
    "labels", ("name",), (), ("colour", "hotkey", "description", "position"), True, Writer.CURATOR
)
SPANS = HubTable(
    "spans",
    ("id",),
    ("document", "annotator", "created"),
    ("start", "end", "label", "text", "note", "updated"),
    True,
    Writer.OWNER,
)
STATUSES = HubTable("statuses", ("document", "annotator"), (), ("status", "updated"), False, Writer.OWNER)
NOTES = HubTable("notes", ("document", "annotator"), (), ("note", "updated"), False, Writer.OWNER)
GOLD = HubTable(
    "gold_spans",
    ("id",),
    ("document",),
    ("start", "end", "label", "text", "sources", "decided_by", "decided_at", "auto_accepted", "note"),
    True,
    Writer.CURATOR,
)

# A curator's renaming of a label, so that every project renames it too (and its spans follow) rather
# than getting a new label beside the old one. Never changed: a rename back is another rename.
LABEL_RENAMES = HubTable(
    "label_renames", ("id",), ("old_name", "new_name", "renamed_at"), (), False, Writer.CURATOR
)
# The reviewer's "not this one" decisions about candidates, and each article's review status.
GOLD_REJECTIONS = HubTable(
    "gold_rejections",
    ("document", "start", "end", "label"),
    (),
    ("decided_by", "decided_at"),
    True,
    Writer.CURATOR,
    integers=("start", "end"),
)
REVIEW_STATUSES = HubTable(
    "review_statuses", ("document",), (), ("status", "reviewer", "updated"), False, Writer.CURATOR
)

# In the order a sync pushes and applies them: what a row refers to goes first, and a rename before the
# labels it names (the new name's row then finds the label already renamed, spans and all).
TABLES: tuple[HubTable, ...] = (
    DOCUMENTS,
    LABEL_RENAMES,
    LABELS,
    SPANS,
    STATUSES,
    NOTES,
    GOLD,
    GOLD_REJECTIONS,
    REVIEW_STATUSES,
)
BY_NAME = {table.name: table for table in TABLES}
