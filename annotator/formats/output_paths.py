"""File names built from data (a document id), confined to the folder an export writes."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from annotator.domain.errors import InputError

# Characters that separate or qualify paths on some system Annotator runs on.
_PATH_CHARACTERS = frozenset("/\\:\0")


def file_in(folder: Path, stem: str, suffix: str, *, what: str) -> Path:
    """``folder/stem+suffix``, refused unless ``stem`` is one plain file name that stays in ``folder``.

    ``stem`` comes from data (a colleague's file, an old project): a separator, ``..`` or an absolute
    path in it must never make an export write anywhere else.
    """
    name = stem + suffix
    plain = (
        stem not in ("", ".", "..")
        and not _PATH_CHARACTERS.intersection(stem)
        and not stem.startswith(".")
        and PurePosixPath(name).name == name
        and PureWindowsPath(name).name == name
    )
    path = folder / name
    if not plain or path.resolve().parent != folder.resolve():
        raise InputError(
            f"{what} {stem!r} cannot be used as a file name (it is not one plain name inside the export "
            "folder); nothing was exported",
            path=folder,
        )
    return path
