"""A colleague's project file is untrusted: hostile values are refused or made safe, and nothing of a
refused merge is written."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.models import is_document_id
from annotator.domain.text import text_sha256
from annotator.services.exporting import export_dataset
from annotator.services.importing import import_paths
from annotator.services.merge import merge_project
from annotator.services.project import Project
from tests.fixtures.hostile_projects import ARTICLE, NEWER_STEP, alter, content, make_project

OTHER_TEXT = "A different article about Cambricon chips and their Ascend 910B rival.\n"


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    path = tmp_path / "alice.db"
    make_project(path, "alice", OTHER_TEXT)
    return path


@pytest.fixture
def theirs(tmp_path: Path) -> Path:
    path = tmp_path / "bob.db"
    make_project(path, "bob")
    return path


def merge_refused(mine: Path, theirs: Path, pattern: str) -> None:
    """The merge ends with a message naming their file and ``pattern``; Alice's project is unchanged."""
    before = content(mine)
    with Project.open(mine, annotator="alice") as alice, pytest.raises(InputError) as raised:
        merge_project(alice, theirs)
    message = str(raised.value)
    assert message.startswith(f"{theirs}: ") or message.startswith(f"{theirs}, "), message
    assert "Traceback" not in message
    import re

    assert re.search(pattern, message), message
    assert content(mine) == before


@pytest.mark.parametrize(
    "hostile", ["'../../x'", "'/tmp/annotator-escape'", "'..'", "'a/b'", "'C:evil'", "'x' || char(0) || 'y'"]
)
def test_a_document_id_that_is_not_ours_gets_a_new_id_and_exports_stay_in_their_folder(
    mine: Path, theirs: Path, tmp_path: Path, hostile: str
) -> None:
    alter(
        theirs,
        f"UPDATE documents SET id = {hostile}",
        f"UPDATE spans SET document_id = {hostile}",
    )
    with Project.open(mine, annotator="alice") as alice:
        report = merge_project(alice, theirs)
        assert (report.documents_added, report.spans_added) == (1, 1)
        ids = [row["id"] for row in alice.database.query("SELECT id FROM documents")]
        assert len(ids) == 2 and all(is_document_id(i) for i in ids)
        out = tmp_path / "deep" / "export"
        out.parent.mkdir()
        export_dataset(alice, out, "brat")
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    outside = [p for p in written if p.parts[0] not in ("deep", "alice.db", "bob.db", "alice.txt", "bob.txt")]
    assert [p for p in outside if not str(p).startswith(("alice.db", "bob.db", "backups"))] == []
    assert not Path("/tmp/annotator-escape.txt").exists()
    assert len(list(out.glob("*.txt"))) == 2


def test_a_stored_hash_of_another_text_is_not_believed(mine: Path, theirs: Path, tmp_path: Path) -> None:
    real = "The real article about Biren GPUs, which Alice will import later.\n"
    alter(theirs, f"UPDATE documents SET sha256 = '{text_sha256(real)}'")
    with Project.open(mine, annotator="alice") as alice:
        merge_project(alice, theirs)
        stored = {
            row["text"]: row["sha256"] for row in alice.database.query("SELECT text, sha256 FROM documents")
        }
        assert stored[ARTICLE] == text_sha256(ARTICLE)
        later = tmp_path / "real.txt"
        later.write_text(real, encoding="utf-8")
        report = import_paths(alice, [later])
        assert report.added == [str(later)] or len(report.added) == 1
        texts = [row["text"] for row in alice.database.query("SELECT text FROM documents")]
        assert real in texts


@pytest.mark.parametrize(
    ("statements", "pattern"),
    [
        (
            ["UPDATE labels SET name = printf('%.65c', 'x') WHERE name = 'models'"],
            r"table labels, record \d+ .*at most 64",
        ),
        (
            ["UPDATE labels SET colour = 'red; background: url(x)' WHERE name = 'chips'"],
            r"labels.*'chips'.*#rrggbb",
        ),
        (
            ["UPDATE documents SET title = CAST(x'41ff42' AS TEXT)"],
            r"table documents, record 1 .*invalid UTF-8",
        ),
        (['UPDATE spans SET "end" = "end" + 1'], r"table spans, record 1 .*length does not match"),
        (["UPDATE spans SET label = 'weapons'"], r"table spans, record 1 .*label 'weapons' is not one of"),
        (["UPDATE spans SET start = 'two'"], r"table spans, record 1 .*, field 'start': .*valid integer"),
        (["UPDATE documents SET text = replace(text, ' ', char(13))"], r"carriage returns"),
        (
            [
                "UPDATE labels SET name = 'chips' || char(8238) || 'spin' WHERE name = 'chips'",
                "UPDATE spans SET label = 'chips' || char(8238) || 'spin'",
            ],
            r"U\+202E RIGHT-TO-LEFT OVERRIDE",
        ),
        (
            ["UPDATE labels SET name = 'ch' || char(8203) || 'ips' WHERE name = 'chips'"],
            r"U\+200B ZERO WIDTH SPACE",
        ),
        (
            [NEWER_STEP],
            r"newer version of Annotator \(schema step 9999_future\)",
        ),
        (
            ["DELETE FROM _sqlite_migrations WHERE name = (SELECT max(name) FROM _sqlite_migrations)"],
            r"older version",
        ),
        (["DROP TABLE _sqlite_migrations"], r"is not an Annotator project"),
        (["CREATE VIEW spans_view AS SELECT * FROM spans"], r"unexpected view 'spans_view'"),
        (["CREATE TRIGGER t AFTER INSERT ON labels BEGIN SELECT 1; END"], r"unexpected trigger 't'"),
        (
            ["ALTER TABLE labels ADD COLUMN big TEXT GENERATED ALWAYS AS (zeroblob(1000000000)) VIRTUAL"],
            r"lacks or alters the table 'labels'",
        ),
    ],
    ids=[
        "label-too-long",
        "bad-colour",
        "invalid-utf8",
        "span-length",
        "unknown-label",
        "text-as-number",
        "carriage-return",
        "bidi-override",
        "zero-width",
        "newer-schema",
        "older-schema",
        "no-schema",
        "view",
        "trigger",
        "generated-column",
    ],
)
def test_values_that_break_the_rules_are_refused_naming_the_file_and_record(
    mine: Path, theirs: Path, statements: list[str], pattern: str
) -> None:
    alter(theirs, *statements)
    merge_refused(mine, theirs, pattern)


def test_a_huge_generated_column_is_never_evaluated(mine: Path, theirs: Path) -> None:
    alter(theirs, "ALTER TABLE labels ADD COLUMN big BLOB GENERATED ALWAYS AS (zeroblob(900000000)) VIRTUAL")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    merge_refused(mine, theirs, r"labels")
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 100_000


def test_a_view_in_place_of_a_table_is_refused(mine: Path, theirs: Path) -> None:
    alter(
        theirs,
        "ALTER TABLE labels RENAME TO real_labels",
        "CREATE VIEW labels AS SELECT name, colour, hotkey, description, position FROM real_labels",
    )
    merge_refused(mine, theirs, r"schema is not Annotator's")


@pytest.mark.parametrize("bad", ["damaged", "empty", "fifo", "folder"])
def test_a_file_that_is_not_a_database_is_refused(mine: Path, tmp_path: Path, bad: str) -> None:
    import os

    path = tmp_path / f"{bad}.db"
    if bad == "damaged":
        path.write_bytes(b"SQLite format 3\0" + b"\xff" * 2000)
    elif bad == "empty":
        path.write_bytes(b"")
    elif bad == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    merge_refused(mine, path, r"not a regular file|is a folder|not an Annotator project|not a readable")


def test_the_colleagues_file_is_not_changed(mine: Path, theirs: Path) -> None:
    before = theirs.read_bytes()
    with Project.open(mine, annotator="alice") as alice:
        merge_project(alice, theirs)
    assert theirs.read_bytes() == before
    assert sorted(p.name for p in theirs.parent.glob("bob.db*")) == ["bob.db"]
