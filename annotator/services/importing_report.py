"""What an import did, for the CLI's output, the GUI's message and the ``--skip-invalid`` report file."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annotator.formats.records import Rejection
from annotator.services.atomic_files import write_atomically


@dataclass
class ImportReport:
    """What an import did. Its arithmetic always holds: every record read is added, already present
    (same text), a new version of an article (only with ``--update-by``), or refused."""

    records_read: int = 0
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # New versions of articles (``--update-by`` named them): "source: what happened to spans".
    updated: list[str] = field(default_factory=list)
    spans_added: int = 0
    spans_unchanged: int = 0
    labels_added: list[str] = field(default_factory=list)
    # Spans whose offsets had to be read another way (UTF-16, \r\n counted twice), one line each.
    offset_readings: list[str] = field(default_factory=list)
    span_ids_replaced: int = 0
    unchecked_spans: int = 0
    gold_spans_refused: int = 0
    # Structured annotation stored: relations, attribute values, document labels (added / already there),
    # and the relation types, attributes and document label sets the project gained.
    structure: Counter[str] = field(default_factory=Counter)
    schema_added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Relations, events, attributes, ... that files held and the project cannot, by kind.
    dropped: Counter[str] = field(default_factory=Counter)
    rejected: list[Rejection] = field(default_factory=list)
    rejected_report: Path | None = None

    def summary(self) -> str:
        """One line first (the GUI's status bar shows it), details on the following lines."""
        versions = f", {len(self.updated)} new version(s)" if self.updated else ""
        lines = [
            f"{self.records_read} record(s) read: {len(self.added)} document(s) added, "
            f"{len(self.unchanged)} already present (same text){versions}, {len(self.rejected)} refused; "
            f"{self.spans_added} span(s) added, {self.spans_unchanged} already present"
        ]
        if self.updated:
            lines.append(f"{len(self.updated)} article(s) replaced by a new version of their text:")
            lines += [f"  {line}" for line in self.updated]
        if self.structure:
            lines.append(", ".join(f"{n} {kind}" for kind, n in sorted(self.structure.items())))
        if self.schema_added:
            lines.append(f"added to the schema: {', '.join(self.schema_added)}")
        if self.labels_added:
            lines.append(f"new labels added (with generated colours): {', '.join(self.labels_added)}")
        if self.offset_readings:
            lines.append(
                f"{len(self.offset_readings)} span(s) had offsets counted another way and were fixed:"
            )
            lines += [f"  {line}" for line in self.offset_readings]
        if self.unchecked_spans:
            lines.append(
                f"{self.unchecked_spans} span(s) came without their text in documents with emoji, rare "
                "characters or \\r\\n line breaks, so their offsets could not be checked; if they look "
                "shifted, import again with --offsets utf-16"
            )
        if self.gold_spans_refused:
            lines.append(
                f"{self.gold_spans_refused} span(s) of the layer 'gold' were not imported: gold spans are "
                "made only in review mode (import them under another annotator name to review them)"
            )
        if self.span_ids_replaced:
            lines.append(f"{self.span_ids_replaced} span id(s) were already in use and were given new ids")
        if self.dropped:
            kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.dropped.items()))
            lines.append(f"not imported, by kind: {kinds}")
        lines += self.notes
        if self.rejected:
            where = f"; listed in {self.rejected_report}" if self.rejected_report else ""
            lines.append(f"{len(self.rejected)} record(s) rejected and not imported{where}:")
            lines += [f"  {rejection}" for rejection in self.rejected[:20]]
            if len(self.rejected) > 20:
                lines.append(f"  ... and {len(self.rejected) - 20} more")
        return "\n".join(lines)


def write_rejections(rejections: list[Rejection], path: Path) -> None:
    """One JSON object per rejected record: file, line, field and what was wrong."""
    write_atomically(
        path,
        (
            json.dumps(
                {"file": str(r.path), "line": r.line, "field": r.field, "error": r.message},
                ensure_ascii=False,
            )
            + "\n"
            for r in rejections
        ),
    )
