"""Exporting the corpus. Files are written beside the target and renamed into place, so an interrupted
export never leaves a half-written dataset under the requested name."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from annotator.formats.jsonl import document_record, dump_lines
from annotator.services.project import Project
from annotator.storage.documents import iter_documents
from annotator.storage.spans import all_spans_by_document


def export_jsonl(project: Project, out: Path) -> int:
    """Write one JSON object per document, sorted by document id. Returns the number of documents."""
    spans = all_spans_by_document(project.database)
    documents = iter_documents(project.database)
    records = (document_record(d, spans.get(d.id, [])) for d in documents)
    write_atomically(out, dump_lines(records))
    return len(documents)


def write_atomically(out: Path, lines: object) -> None:
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            for line in lines:  # type: ignore[attr-defined]
                stream.write(line)
        os.replace(temp_name, out)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
