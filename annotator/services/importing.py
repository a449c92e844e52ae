"""Importing documents: every file is read and checked first, then all are stored in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.models import Document
from annotator.domain.text import text_sha256
from annotator.formats.plaintext import expand_paths, read_text_file
from annotator.services.project import Project
from annotator.storage.documents import find_by_sha256, insert_document


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.added)} document(s) added, {len(self.unchanged)} already present"


def import_paths(project: Project, paths: list[Path], *, encoding: str = "utf-8") -> ImportReport:
    """Import .txt and .md files (a folder stands for its files). Bad input changes nothing."""
    files = [read_text_file(path, encoding=encoding) for path in expand_paths(paths)]
    report = ImportReport()
    seen: set[str] = set()
    with project.database.write():
        for item in files:
            sha = text_sha256(item.text)
            if sha in seen or find_by_sha256(project.database, sha) is not None:
                report.unchanged.append(str(item.path))
                continue
            seen.add(sha)
            document = Document(title=item.title, source=str(item.path), text=item.text, sha256=sha)
            insert_document(project.database, document)
            report.added.append(str(item.path))
    return report
