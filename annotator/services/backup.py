"""Rolling backups of a project database, and bringing one back.

Backups live in a ``backups`` folder beside the database, named after it with the time they were taken
(UTC), so that several projects can share a folder. Only the last ``keep`` rolling backups are kept; the
copy made just before a restore is kept apart and never pruned.
"""

from __future__ import annotations

import json
import re
import time
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from annotator.domain.errors import InputError, StorageError
from annotator.domain.files import require_regular_file
from annotator.services.atomic_files import write_atomically
from annotator.storage import maintenance
from annotator.storage.merge_source import MergeSource

BACKUP_FOLDER = "backups"
DEFAULT_KEEP = 10
# Automatic backups (at each start) copy a changed project at most this often: a large project copied at
# every start would cost gigabytes of disk and push the project out of the file cache each time. A project
# whose size moved by more than AUTOMATIC_SIZE_CHANGE (and at least AUTOMATIC_SIZE_FLOOR bytes) since the
# last backup is copied all the same: that much new work deserves a copy sooner.
AUTOMATIC_INTERVAL = timedelta(hours=6)
AUTOMATIC_SIZE_CHANGE = 0.1
AUTOMATIC_SIZE_FLOOR = 16 * 2**20
# The rolling backups together take at most this many times the project's size (the newest is always kept).
TOTAL_SIZE_FACTOR = 2
_STAMP = "%Y%m%d-%H%M%S-%f"
_RECORD_SUFFIX = ".last-backup.json"  # beside the backups: which one is current, and of what


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    before_restore: bool  # the copy of the database made just before a restore replaced it

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def describe(self) -> str:
        kind = "  (made before a restore)" if self.before_restore else ""
        when = self.taken.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        return f"{when}  {self.size:>12,} bytes  {self.path.name}{kind}"


def backups_folder(database_path: Path) -> Path:
    return database_path.parent / BACKUP_FOLDER


def list_backups(database_path: Path) -> list[Backup]:
    """The database's backups, newest first."""
    folder = backups_folder(database_path)
    if not folder.is_dir():
        return []
    stem = re.escape(database_path.stem)
    pattern = re.compile(rf"^{stem}-(before-restore-)?(\d{{8}}-\d{{6}}-\d{{6}})\.db$")
    found = []
    for path in folder.iterdir():
        match = pattern.match(path.name)
        if match and path.is_file():
            taken = datetime.strptime(match.group(2), _STAMP).replace(tzinfo=UTC)
            found.append(Backup(path, taken, before_restore=match.group(1) is not None))
    return sorted(found, key=lambda backup: (backup.taken, backup.path.name), reverse=True)


def take_rolling_backup(
    database_path: Path, keep: int = DEFAULT_KEEP, *, automatic: bool = False
) -> Path | None:
    """Copy the database into its backups folder and prune the rolling backups: the newest ``keep`` are
    kept, as many of them as fit in ``TOTAL_SIZE_FACTOR`` times the project's size.

    ``automatic`` (the backup at each start) copies only when one is due: the last is older than
    ``AUTOMATIC_INTERVAL``, or the project's size moved by more than ``AUTOMATIC_SIZE_CHANGE`` since.
    Returns the backup holding the current content (an earlier one when nothing changed since, or the
    newest when an automatic one was not due), or None when there is no database yet. Safe while the
    project is open and being written.
    """
    if keep < 1:
        raise ValueError("keep at least one backup")
    if not database_path.is_file():
        return None
    folder = backups_folder(database_path)
    _make_folder(folder)
    rolling = [backup for backup in list_backups(database_path) if not backup.before_restore]
    # Taken before copying: a write during the copy makes the next backup copy again, never skip one.
    source = _fingerprint(database_path)
    record = folder / f"{database_path.stem}{_RECORD_SUFFIX}"
    last = _read_record(record)
    last_backup = last.get("backup")
    if (
        rolling
        and source is not None
        and last_backup == rolling[0].path.name
        and last.get("source") == source
    ):
        # Opening the project ten times without a change must not push the last real backup out, nor
        # copy a large project again each time.
        return rolling[0].path
    if (
        automatic
        and rolling
        and last_backup == rolling[0].path.name
        and not _due(database_path, rolling[0], last)
    ):
        return rolling[0].path
    target = folder / f"{database_path.stem}-{_now()}.db"
    maintenance.copy_database(database_path, target)
    with suppress(OSError):  # the backup is taken; without its record the next start only copies again
        if source is None:
            record.unlink(missing_ok=True)
        else:
            size = _project_size(database_path)
            write_atomically(record, [json.dumps({"backup": target.name, "source": source, "size": size})])
    _prune([backup for backup in rolling if backup.path != target], target, keep, database_path)
    return target


def _due(database_path: Path, newest: Backup, record: dict[str, object]) -> bool:
    """Whether an automatic backup is due, the project having changed since ``newest`` was taken."""
    if datetime.now(UTC) - newest.taken >= AUTOMATIC_INTERVAL:
        return True
    last = record.get("size")
    if not isinstance(last, int) or isinstance(last, bool):
        return True
    return abs(_project_size(database_path) - last) > max(AUTOMATIC_SIZE_CHANGE * last, AUTOMATIC_SIZE_FLOOR)


def _prune(older: list[Backup], newest: Path, keep: int, database_path: Path) -> None:
    """Keep at most ``keep`` rolling backups (newest first), within the total size allowed."""
    budget = TOTAL_SIZE_FACTOR * _project_size(database_path) - newest.stat().st_size
    for position, old in enumerate(older):
        budget -= old.size
        if position >= keep - 1 or budget < 0:
            budget = -1  # and every older one goes too: what is kept is the newest run, without gaps
            old.path.unlink(missing_ok=True)


def _project_size(database_path: Path) -> int:
    """The project's size on disk with its write-ahead log (``stat`` only: see ``_fingerprint``)."""
    total = 0
    for path in (database_path, Path(f"{database_path}-wal")):
        with suppress(FileNotFoundError):
            total += path.stat().st_size
    return total


def restore_backup(database_path: Path, backup: Path) -> Path | None:
    """Bring ``backup`` back as the database; returns where the replaced database was kept (None if none).

    The backup is checked first (see ``check_backup``); nothing is replaced unless it passes. A sound
    project is copied aside through SQLite; a damaged one, which SQLite cannot copy, is moved aside as it
    is, byte for byte, with its journal files.
    """
    check_backup(backup)
    if not database_path.exists():
        maintenance.copy_database(backup, database_path)
        return None
    folder = backups_folder(database_path)
    _make_folder(folder)
    safety = folder / f"{database_path.stem}-before-restore-{_now()}.db"
    if maintenance.damage(database_path) is None:
        maintenance.copy_database(database_path, safety)
        maintenance.copy_into(backup, database_path)
    else:
        maintenance.move_aside(database_path, safety)
        maintenance.copy_database(backup, database_path)
    return safety


def check_backup(backup: Path) -> None:
    """Refuse a backup that would not work as this version's project: not a regular file, not an
    Annotator project (or altered), from a newer version, a value that breaks the rules, damaged, or
    with a span off its text."""
    require_regular_file(backup, "backup")
    # Every row through the same models and rules as a merge: a value the app could not show or
    # export is refused now, not found later by every command that reads it.
    MergeSource(backup, current=False)
    try:
        problems = maintenance.integrity_problems(backup)
        if not problems:
            problems = [f"span {p.span_id}: {p.problem}" for p in maintenance.span_problems(backup)[0]]
    except StorageError as error:
        raise InputError(
            f"is not a readable Annotator database; it cannot be restored ({error})", path=backup
        ) from error
    if problems:
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        raise InputError(f"is damaged and cannot be restored ({problems[0]}{more})", path=backup)


def find_backup(database_path: Path, choice: str) -> Path:
    """A backup named on the command line: its number in the list (1 is the newest), file name or path."""
    backups = list_backups(database_path)
    if choice.isdigit():
        index = int(choice)
        if not 1 <= index <= len(backups):
            raise InputError(f"there is no backup number {index} (there are {len(backups)})")
        return backups[index - 1].path
    for backup in backups:
        if backup.path.name == choice:
            return backup.path
    path = Path(choice)
    if path.exists():
        require_regular_file(path, "backup")
        return path
    raise InputError("no such backup (see 'annotator restore --list')", path=choice)


def _now() -> str:
    return datetime.now(UTC).strftime(_STAMP)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"{folder}: cannot create the backups folder ({error.strerror})") from error


# A file written this recently may be written again within the same tick of its modification time, which
# the fingerprint could not tell apart: such a fingerprint is not trusted (the next backup copies again).
_SETTLED_SECONDS = 2.0


def _fingerprint(database_path: Path) -> list[list[int] | None] | None:
    """What changes whenever the database does: the size, modification time and inode of the file and of
    its write-ahead log (an empty or missing log is no change); None when a write was too recent to tell.

    Read with ``stat`` alone: opening and closing these files in this process (the window holds the
    project open) would drop every SQLite lock the process holds on them, after which another program
    may delete the log under the open project.
    """
    now = time.time_ns()
    found: list[list[int] | None] = []
    for path in (database_path, Path(f"{database_path}-wal")):
        try:
            status = path.stat()
        except FileNotFoundError:
            status = None
        if status is None or status.st_size == 0:
            found.append(None)
            continue
        if now - status.st_mtime_ns < _SETTLED_SECONDS * 1e9:
            return None
        found.append([status.st_size, status.st_mtime_ns, status.st_ino])
    return found


def _read_record(record: Path) -> dict[str, object]:
    """The last backup's record; empty when there is none that can be read."""
    try:
        found = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
