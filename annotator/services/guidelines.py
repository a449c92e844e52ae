"""The project's annotation guidelines: a Markdown file of its own, or the shipped one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.paths import resources_dir
from annotator.services.project import Project
from annotator.storage.settings import get_setting, set_setting

GUIDELINES_KEY = "guidelines_path"


@dataclass(frozen=True)
class Guidelines:
    markdown: str
    path: Path
    shipped: bool
    problem: str = ""  # why the project's own file could not be used, when it could not


def shipped_guidelines_path() -> Path:
    return resources_dir() / "guidelines.md"


def guidelines_path(project: Project) -> Path | None:
    """The project's own guidelines file, or None when it uses the shipped ones."""
    stored = get_setting(project.database, GUIDELINES_KEY)
    if not stored:
        return None
    path = Path(stored)
    if not path.is_absolute() and project.database.path is not None:
        path = project.database.path.resolve().parent / path
    return path


def load_guidelines(project: Project) -> Guidelines:
    """The project's guidelines if set and readable, otherwise the shipped ones (saying why)."""
    own = guidelines_path(project)
    problem = ""
    if own is not None:
        try:
            return Guidelines(markdown=own.read_text(encoding="utf-8"), path=own, shipped=False)
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
            problem = f"{own} cannot be read ({reason}); showing the shipped guidelines"
    shipped = shipped_guidelines_path()
    return Guidelines(
        markdown=shipped.read_text(encoding="utf-8"), path=shipped, shipped=True, problem=problem
    )


def set_guidelines_path(project: Project, path: Path | None) -> Path | None:
    """Point the project at its own guidelines file (None: back to the shipped one); returns the previous.

    A file inside the project's folder is stored relative to it, so the folder can be moved or shared.
    """
    previous = guidelines_path(project)
    stored = ""
    if path is not None:
        path = path.expanduser().resolve()
        try:
            path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
            raise InputError(f"cannot use this guidelines file ({reason})", path=path) from None
        stored = str(path)
        if project.database.path is not None:
            folder = project.database.path.resolve().parent
            if path.is_relative_to(folder):
                stored = str(path.relative_to(folder))
    with project.database.write():
        set_setting(project.database, GUIDELINES_KEY, stored)
    return previous
