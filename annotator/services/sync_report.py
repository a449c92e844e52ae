"""What a sync did, for the command line and the window's status bar."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class SyncReport:
    sent: Counter[str] = field(default_factory=Counter)
    received: Counter[str] = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)  # our stale changes; the hub's newer rows kept
    held_back: int = 0  # rows of articles the hub does not have (a curator adds articles)
    kept_local: Counter[str] = field(default_factory=Counter)  # changes that are not ours to send
    problems: list[str] = field(default_factory=list)  # hub rows that failed the checks
    documents: set[str] = field(default_factory=set)  # local ids of the articles what arrived touched
    # Relations, attributes and edits whose span or article is not in this project: skipped, counted.
    missing_here: Counter[str] = field(default_factory=Counter)

    @property
    def schema_changed(self) -> bool:
        return any(
            self.received[kind]
            for kind in (
                "labels",
                "label_renames",
                "relation_types",
                "label_attributes",
                "document_label_sets",
            )
        )

    def summary(self) -> str:
        sent = sum(self.sent.values())
        received = sum(self.received.values())
        lines = [f"sent {sent:,} change(s), received {received:,}"]
        if self.conflicts:
            lines.append(
                f"{len(self.conflicts)} change(s) made from an older copy were refused by the hub; "
                "its newer version was kept:"
            )
            lines += [f"  {line}" for line in self.conflicts[:20]]
        if self.held_back:
            lines.append(f"{self.held_back:,} change(s) wait for their article to be added to the hub")
        for kind, count in sorted(self.kept_local.items()):
            lines.append(
                f"{count:,} change(s) to {kind.replace('_', ' ')} kept here only (not yours to send)"
            )
        for kind, count in sorted(self.missing_here.items()):
            lines.append(f"{count:,} {kind} skipped: their span or article is not in this project")
        lines += [f"skipped: {problem}" for problem in self.problems[:20]]
        return "\n".join(lines)
