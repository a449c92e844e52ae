"""Rolling backups, restore, and ``annotator check`` / ``backup`` / ``restore`` / ``update-text``."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.domain.errors import InputError
from annotator.services.annotation import tag_span
from annotator.services.backup import (
    AUTOMATIC_INTERVAL,
    backups_folder,
    find_backup,
    list_backups,
    restore_backup,
    take_rolling_backup,
)
from annotator.services.integrity import check_database
from annotator.services.project import Project
from annotator.storage.documents import list_documents
from annotator.storage.spans import find_span
from tests.reliability import writer_child

LABEL = "chips"


def first_document(project: Project) -> str:
    return list_documents(project.database)[0].id


def span_ids(path: Path) -> set[str]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM spans")}


def test_backups_go_beside_the_database_and_only_the_last_n_are_kept(project: Project, db_path: Path) -> None:
    document_id = first_document(project)
    taken = []
    for index in range(5):
        tag_span(project, document_id, index, index + 3, LABEL)
        backup = take_rolling_backup(db_path, keep=3)
        assert backup is not None
        taken.append(backup)
    assert backups_folder(db_path) == db_path.parent / "backups"
    assert [b.path for b in list_backups(db_path)] == taken[:1:-1]
    assert taken[-1].name.startswith("project-")
    assert check_database(taken[-1]).ok
    assert len(span_ids(taken[-1])) == 5


def settled(db_path: Path) -> Path:
    """Age the project's files past the moment when a write within the same clock tick could still
    follow unseen: only then does a backup trust that an unchanged file means unchanged content."""
    for path in (db_path, Path(f"{db_path}-wal")):
        if path.exists():
            stamp = path.stat().st_mtime - 60
            os.utime(path, (stamp, stamp))
    return db_path


def test_a_backup_of_an_unchanged_database_is_not_taken_twice(project: Project, db_path: Path) -> None:
    first = take_rolling_backup(settled(db_path), keep=2)
    assert take_rolling_backup(db_path, keep=2) == first
    assert take_rolling_backup(db_path, keep=2) == first
    tag_span(project, first_document(project), 0, 3, LABEL)
    second = take_rolling_backup(db_path, keep=2)
    assert second != first
    assert [b.path for b in list_backups(db_path)] == [second, first]
    # Written a moment ago: the next start copies again rather than trust a clock tick.
    third = take_rolling_backup(db_path, keep=2)
    assert third != second
    assert take_rolling_backup(settled(db_path), keep=2) not in (second, third)
    fourth = take_rolling_backup(db_path, keep=2)
    assert take_rolling_backup(db_path, keep=2) == fourth


def test_a_change_is_noticed_after_its_log_is_folded_into_the_file(project: Project, db_path: Path) -> None:
    first = take_rolling_backup(db_path, keep=3)
    assert first is not None
    tag_span(project, first_document(project), 0, 3, LABEL)
    # Fold the log into the database file and empty it, as closing the last connection does.
    project.database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert Path(f"{db_path}-wal").stat().st_size == 0
    second = take_rolling_backup(settled(db_path), keep=3)
    assert second is not None and second != first
    assert len(span_ids(second)) == len(span_ids(first)) + 1
    assert take_rolling_backup(db_path, keep=3) == second


def test_a_lost_or_unreadable_record_only_means_one_more_backup(project: Project, db_path: Path) -> None:
    first = take_rolling_backup(settled(db_path), keep=3)
    records = list(backups_folder(db_path).glob("*.json"))
    assert len(records) == 1  # beside the backups, and never listed as one
    assert [b.path for b in list_backups(db_path)] == [first]
    records[0].write_text("{not json", encoding="utf-8")
    second = take_rolling_backup(db_path, keep=3)
    assert second is not None and second != first and check_database(second).ok
    assert take_rolling_backup(db_path, keep=3) == second


def test_no_database_no_backup(tmp_path: Path) -> None:
    assert take_rolling_backup(tmp_path / "missing.db") is None
    assert not (tmp_path / "backups").exists()


def test_restore_brings_a_backup_back_and_keeps_the_replaced_file(project: Project, db_path: Path) -> None:
    document_id = first_document(project)
    kept = tag_span(project, document_id, 0, 3, LABEL)
    backup = take_rolling_backup(db_path)
    assert backup is not None
    later = tag_span(project, document_id, 5, 9, LABEL)

    safety = restore_backup(db_path, backup)

    assert span_ids(db_path) == {kept.id}
    assert safety is not None and span_ids(safety) == {kept.id, later.id}
    assert [b.before_restore for b in list_backups(db_path)] == [True, False]
    # A project open during the restore reads the restored content and keeps saving.
    assert find_span(project.database, later.id) is None
    again = tag_span(project, document_id, 10, 12, LABEL)
    assert span_ids(db_path) == {kept.id, again.id}
    # The copy made before the restore is never pruned as a rolling backup.
    take_rolling_backup(db_path, keep=1)
    assert safety.exists()


def test_restore_refuses_a_damaged_backup_or_one_from_a_newer_version(
    project: Project, db_path: Path
) -> None:
    before = span_ids(db_path)
    damaged = db_path.with_name("damaged.db")
    damaged.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    with pytest.raises(InputError, match=r"damaged\.db: is not a readable Annotator database"):
        restore_backup(db_path, damaged)
    newer = take_rolling_backup(db_path)
    assert newer is not None
    with closing(sqlite3.connect(newer)) as conn, conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('annotator', '9999_x', '')"
        )
    with pytest.raises(InputError, match="newer version"):
        restore_backup(db_path, newer)
    assert span_ids(db_path) == before
    assert not any(b.before_restore for b in list_backups(db_path))


def test_backups_taken_while_another_process_writes_are_sound(project: Project, db_path: Path) -> None:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([writer_child.__name__])
    log = db_path.with_name("writer.log")
    writer = context.Process(target=writer_child.run_until_killed, args=(str(db_path), str(log), 3, "bob"))
    writer.start()
    try:
        while not (log.exists() and log.stat().st_size):
            assert writer.is_alive()
            time.sleep(0.001)
        backups = []
        for _ in range(5):
            backup = take_rolling_backup(db_path, keep=10)
            assert backup is not None
            backups.append(backup)
            time.sleep(0.02)
    finally:
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
    for backup in backups:
        report = check_database(backup)
        assert report.ok, report.lines()
    assert len(set(backups)) > 1, "the writer changed nothing between backups"


def test_find_backup_by_number_name_or_path(project: Project, db_path: Path) -> None:
    backup = take_rolling_backup(db_path)
    assert backup is not None
    assert find_backup(db_path, "1") == backup
    assert find_backup(db_path, backup.name) == backup
    assert find_backup(db_path, str(backup)) == backup
    with pytest.raises(InputError, match="no backup number 2"):
        find_backup(db_path, "2")


def test_cli_backup_list_restore(project: Project, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document_id = first_document(project)
    kept = tag_span(project, document_id, 0, 3, LABEL)
    assert main(["--db", str(db_path), "backup", "--keep", "5"]) == 0
    backup = Path(capsys.readouterr().out.strip())
    tag_span(project, document_id, 4, 8, LABEL)
    project.close()

    assert main(["restore", "--db", str(db_path), "--list"]) == 0
    listed = capsys.readouterr().out
    assert backup.name in listed and listed.lstrip().startswith("1 ")
    assert main(["restore", "--db", str(db_path), "1"]) == 0
    out = capsys.readouterr().out
    assert f"restored {db_path} from {backup}" in out
    assert "the replaced database was kept as" in out
    assert span_ids(db_path) == {kept.id}


def test_cli_backup_of_a_missing_database_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "--db", str(tmp_path / "none.db")]) == 1
    assert "none.db does not exist; there is nothing to back up" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_cli_check_passes_a_sound_project_and_lists_what_is_wrong(
    project: Project, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    span = tag_span(project, first_document(project), 0, 3, LABEL)
    project.close()
    assert main(["check", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.strip().endswith("ok")

    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("UPDATE spans SET text = 'zzz' WHERE id = ?", (span.id,))
        conn.execute("PRAGMA foreign_keys = OFF")
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("UPDATE spans SET label = 'no-such-label' WHERE id = ?", (span.id,))
    assert main(["check", "--db", str(db_path)]) == 1
    out = capsys.readouterr().out
    assert f"problem: spans {span.id} in document" in out
    assert "the span says 'zzz'" in out
    assert "refers to a missing row of labels" in out
    assert "2 problem(s) found" in out


def test_cli_check_of_a_file_that_is_not_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database\n" * 200)
    assert main(["check", "--db", str(path)]) == 1
    assert "not an Annotator database" in capsys.readouterr().out


def test_cli_update_text(
    project: Project, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document_id = first_document(project)
    text = list_documents(project.database)[0]
    del text
    from annotator.storage.documents import get_document

    old = get_document(project.database, document_id).text
    tag_span(project, document_id, 0, 8, LABEL)
    project.close()
    new_file = tmp_path / "new.txt"
    new_file.write_text("A new first paragraph.\n" + old[8:], encoding="utf-8")
    assert main(["update-text", "--db", str(db_path), document_id, str(new_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("revision 2: 0 span(s) in place, 0 moved exactly, 1 flagged for review")
    assert f"flagged {LABEL} {old[:8]!r} by alice" in out

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"line one\nline \xff two\n")
    assert main(["update-text", "--db", str(db_path), document_id, str(bad)]) == 1
    assert "bad.txt, line 2: is not valid utf-8 text" in capsys.readouterr().err


def test_automatic_backups_copy_a_changed_project_at_most_every_few_hours(
    project: Project, db_path: Path
) -> None:
    first = take_rolling_backup(settled(db_path), automatic=True)
    tag_span(project, first_document(project), 0, 3, LABEL)
    # Changed, but the last backup is recent and the project barely grew: the next start copies nothing.
    assert take_rolling_backup(settled(db_path), automatic=True) == first
    assert [b.path for b in list_backups(db_path)] == [first]
    # Asked for by name (annotator backup), a backup is taken at once.
    asked = take_rolling_backup(db_path)
    assert asked != first
    # Once the interval has passed, the next start copies again.
    assert first is not None and asked is not None
    old = (datetime.now(UTC) - AUTOMATIC_INTERVAL - timedelta(minutes=1)).strftime("%Y%m%d-%H%M%S-%f")
    aged = asked.with_name(f"{db_path.stem}-{old}.db")
    asked.rename(aged)
    tag_span(project, first_document(project), 5, 9, LABEL)
    third = take_rolling_backup(settled(db_path), automatic=True)
    assert third not in (first, aged)


def test_rolling_backups_take_at_most_twice_the_projects_size(project: Project, db_path: Path) -> None:
    # The log left by making the project (its schema steps) is copied into the file first: the project's
    # size, log included, is then about one backup's, as in a project used for a while.
    project.database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    taken = []
    for n in range(6):
        tag_span(project, first_document(project), n, n + 2, LABEL)
        taken.append(take_rolling_backup(db_path, keep=10))
    kept = [b for b in list_backups(db_path) if not b.before_restore]
    project_size = db_path.stat().st_size + Path(f"{db_path}-wal").stat().st_size
    assert sum(b.size for b in kept) <= 2 * project_size
    assert kept[0].path == taken[-1]  # the newest is always kept
    assert [b.path for b in kept] == taken[::-1][: len(kept)]  # the newest ones, without gaps
    assert len(kept) < len(taken)


def test_an_automatic_backup_comes_sooner_after_much_new_work(
    project: Project, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.services import backup

    first = take_rolling_backup(settled(db_path), automatic=True)
    monkeypatch.setattr(backup, "AUTOMATIC_SIZE_FLOOR", 1_000)  # a small project stands for a large one
    for n in range(40):  # a morning's tagging: the project grows by well over a tenth
        tag_span(project, first_document(project), n, n + 2, LABEL)
    assert take_rolling_backup(settled(db_path), automatic=True) != first
