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
    # A further condition on the rows a writer may add or change (beyond "mine" or "a curator's").
    also: str = ""

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

# Structured annotation (migration 0003): each annotator's relations, span attributes and document labels,
# and the schema that defines them, which curators alone change. A schema part renamed here travels as
# the old name removed and the new one added.
RELATIONS = HubTable(
    "relations",
    ("id",),
    ("document", "annotator", "created"),
    ("source", "target", "type", "note", "updated"),
    True,
    Writer.OWNER,
)
SPAN_ATTRIBUTES = HubTable(
    "span_attributes",
    ("span", "name"),
    ("document", "annotator"),
    ("value",),
    True,
    Writer.OWNER,
    # An attribute is part of its span's layer: only the span's annotator may set it.
    also="EXISTS (SELECT 1 FROM spans s WHERE s.id = span AND s.annotator = (SELECT hub_me()))",
)
DOCUMENT_LABELS = HubTable(
    "document_labels", ("document", "annotator", "label_set", "value"), (), (), True, Writer.OWNER
)
RELATION_TYPES = HubTable(
    "relation_types",
    ("name",),
    (),
    ("colour", "directed", "hotkey", "source_labels", "target_labels", "position"),
    True,
    Writer.CURATOR,
)
LABEL_ATTRIBUTES = HubTable(
    "label_attributes", ("label", "name"), (), ("kind", "choices", "hotkey", "position"), True, Writer.CURATOR
)
DOCUMENT_LABEL_SETS = HubTable(
    "document_label_sets", ("name",), (), ("choices", "multiple", "hotkeys", "position"), True, Writer.CURATOR
)
# Each annotator's record of edits, so that a lead sees everyone's sessions. Never changed once made.
ACTIVITY = HubTable(
    "activity",
    ("annotator", "document", "at", "action"),
    ("spans_added", "spans_removed"),
    (),
    False,
    Writer.OWNER,
)

# The gold layer's structure (migration 0004): what curators take into gold in review, with provenance.
# A gold relation links two gold spans and an attribute sits on one; they go after gold spans.
GOLD_RELATIONS = HubTable(
    "gold_relations",
    ("id",),
    ("document",),
    ("source", "target", "type", "sources", "decided_by", "decided_at"),
    True,
    Writer.CURATOR,
)
GOLD_SPAN_ATTRIBUTES = HubTable(
    "gold_span_attributes",
    ("span", "name"),
    ("document",),
    ("value", "source", "decided_by", "decided_at"),
    True,
    Writer.CURATOR,
)
GOLD_DOCUMENT_LABELS = HubTable(
    "gold_document_labels",
    ("document", "label_set", "value"),
    (),
    ("source", "decided_by", "decided_at"),
    True,
    Writer.CURATOR,
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
    RELATION_TYPES,
    LABEL_ATTRIBUTES,
    DOCUMENT_LABEL_SETS,
    RELATIONS,
    SPAN_ATTRIBUTES,
    DOCUMENT_LABELS,
    GOLD_RELATIONS,
    GOLD_SPAN_ATTRIBUTES,
    GOLD_DOCUMENT_LABELS,
    ACTIVITY,
)
BY_NAME = {table.name: table for table in TABLES}
