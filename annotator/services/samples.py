"""The sample articles a first start shows, so that a new user has something to annotate at once."""

from __future__ import annotations

from pathlib import Path

from annotator.paths import seeds_dir
from annotator.services.project import Project
from annotator.storage.documents import document_count


def open_project(path: str | Path | None, *, annotator: str | None = None, samples: bool = False) -> Project:
    """Open a project as ``Project.open`` does; with ``samples`` (the default project on the app's first
    start, or ``annotator init --samples``) a project without articles gets the sample articles."""
    project = Project.open(path, annotator=annotator)
    try:
        if samples and not project.database.read_only and document_count(project.database) == 0:
            from annotator.services.importing import import_paths  # (every reader: only when needed)

            import_paths(project, [seeds_dir()])
    except BaseException:
        project.close()
        raise
    return project
