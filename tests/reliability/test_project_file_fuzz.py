"""Mutated project files fed to ``merge`` and ``restore``: each case ends in a correct merge or restore or
in a typed error, never a traceback; and a failed one leaves the user's project exactly as it was.

The seed is a real colleague's project (two articles, spans by two annotators, notes, a label with a
description). Hypothesis mutates it two ways: bytes (overwritten, truncated, zeroed pages, a damaged
header) and values (rows rewritten by another program: wrong types, invalid UTF-8, markup, huge numbers,
broken offsets, extra views, triggers and schema steps). Set ANNOTATOR_FUZZ_EXAMPLES to run more cases.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import AnnotatorError
from annotator.services import annotation, reading
from annotator.services.backup import list_backups, restore_backup
from annotator.services.exporting import ExportFilter, export_dataset
from annotator.services.integrity import check_database
from annotator.services.merge import merge_project
from annotator.services.project import Project
from annotator.services.stats import corpus_stats
from tests.fixtures.hostile_projects import alter, content, make_project

EXAMPLES = int(os.environ.get("ANNOTATOR_FUZZ_EXAMPLES", "40"))
PAGE = 4096
OUTCOMES: dict[str, int] = {}

COLUMNS = {
    "documents": ["id", "title", "source", "text", "sha256", "created", "note"],
    "spans": ["id", "document_id", "start", '"end"', "label", "text", "annotator", "note", "updated"],
    "labels": ["name", "colour", "hotkey", "description", "position"],
    "_sqlite_migrations": ["migration_set", "name"],
    "gold_spans": ["id", "document_id", "start", '"end"', "label", "text", "sources", "decided_by"],
    "document_status": ["document_id", "annotator", "status"],
    "annotators": ["name", "created"],
}
VALUES = [
    "NULL",
    "0",
    "-1",
    "9223372036854775807",
    "1e308",
    "x'00ff'",
    "CAST(x'41ff42' AS TEXT)",
    "'<b>bold</b>'",
    "'../../x'",
    "'/etc/passwd'",
    "'" + "x" * 70 + "'",
    "char(27) || '[31m'",
    "'chips' || char(8238)",
    "'a' || char(0) || 'b'",
    "'#zzzzzz'",
    "''",
    "'9999_future'",
    "zeroblob(100000)",
]
STATEMENTS = [
    "CREATE VIEW extra AS SELECT * FROM spans",
    "CREATE TRIGGER extra AFTER INSERT ON spans BEGIN DELETE FROM documents; END",
    "ALTER TABLE labels ADD COLUMN extra GENERATED ALWAYS AS (zeroblob(100000000)) VIRTUAL",
    "DROP INDEX spans_by_label",
    "DELETE FROM labels",
    "DELETE FROM documents WHERE rowid = 1",
    "UPDATE spans SET start = start + 1",
    "UPDATE documents SET text = text || ' more'",
    "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('annotator', 'zz', '')",
    "PRAGMA writable_schema = 1",
]


@dataclass(frozen=True)
class Seeds:
    folder: Path
    ours: bytes = field(repr=False)
    theirs: bytes = field(repr=False)


@pytest.fixture(scope="module")
def seeds() -> Iterator[Seeds]:
    """(a folder, the user's project, a colleague's project): both checkpointed into their files."""
    folder = Path(tempfile.mkdtemp(prefix="project-fuzz-"))
    try:
        make_project(folder / "alice.db", "alice")
        document_id = make_project(folder / "bob.db", "bob")
        with Project.open(folder / "bob.db", annotator="bob") as bob:
            carol = Project(bob.database, "carol")
            text = reading.load_document(bob, document_id).text
            for needle in ("Huawei", "iFlytek", "Xinghuo model"):
                start = text.index(needle)
                span = annotation.tag_span(carol, document_id, start, start + len(needle), "models")
                annotation.set_span_note(carol, span, f"note on {needle}")
        with closing(sqlite3.connect(folder / "bob.db")) as conn:
            conn.execute("PRAGMA journal_mode = DELETE")
        yield Seeds(folder, (folder / "alice.db").read_bytes(), (folder / "bob.db").read_bytes())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        print(f"\nproject-file fuzz outcomes: {OUTCOMES}")  # shown with -s: the README's figures


@st.composite
def byte_mutations(draw: st.DrawFn, size: int) -> list[tuple[str, int, bytes]]:
    kinds = st.sampled_from(["overwrite", "truncate", "zero-page", "header"])
    found = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(kinds)
        where = draw(st.integers(0, size - 1))
        found.append((kind, where, draw(st.binary(min_size=1, max_size=64))))
    return found


def mutate_bytes(data: bytes, mutations: list[tuple[str, int, bytes]]) -> bytes:
    buffer = bytearray(data)
    for kind, where, payload in mutations:
        where %= max(len(buffer), 1)
        if kind == "truncate":
            del buffer[where:]
        elif kind == "zero-page":
            start = where - where % PAGE
            buffer[start : start + PAGE] = bytes(min(PAGE, len(buffer) - start))
        elif kind == "header":
            spot = where % 100
            buffer[spot : spot + len(payload)] = payload[: max(0, 100 - spot)]
        else:
            buffer[where : where + len(payload)] = payload
    return bytes(buffer)


value_mutations = st.lists(
    st.one_of(
        st.sampled_from(STATEMENTS),
        st.builds(
            lambda table, column, value, row: f"UPDATE {table} SET {column} = {value} WHERE rowid = {row}",
            st.sampled_from(sorted(COLUMNS)),
            st.integers(0, 8),
            st.sampled_from(VALUES),
            st.integers(1, 4),
        ),
    ),
    min_size=1,
    max_size=4,
)


def sql_for(statement: str) -> str:
    """An UPDATE drawn with a column number names a real column of its table."""
    if not statement.startswith("UPDATE ") or " SET " not in statement:
        return statement
    table = statement.split()[1]
    head, rest = statement.split(" SET ", 1)
    column, tail = rest.split(" = ", 1)
    if not column.isdigit():
        return statement
    names = COLUMNS[table]
    return f"{head} SET {names[int(column) % len(names)]} = {tail}"


def copy_with_bytes(folder: Path, data: bytes) -> Path:
    path = Path(tempfile.mkdtemp(dir=folder)) / "theirs.db"
    path.write_bytes(data)
    return path


def copy_with_statements(folder: Path, theirs: bytes, statements: list[str]) -> Path:
    path = copy_with_bytes(folder, theirs)
    for statement in statements:
        with suppress(sqlite3.Error):  # a statement the file's state refuses: the others still apply
            alter(path, sql_for(statement))
    return path


def fresh_user_project(folder: Path, ours: bytes) -> Path:
    path = Path(tempfile.mkdtemp(dir=folder)) / "alice.db"
    path.write_bytes(ours)
    return path


def own_spans(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT * FROM spans WHERE annotator = 'alice' ORDER BY id").fetchall()


def merge_case(folder: Path, ours: bytes, theirs_path: Path) -> None:
    mine = fresh_user_project(folder, ours)
    before, mine_before = content(mine), own_spans(mine)
    try:
        with Project.open(mine, annotator="alice") as project:
            merge_project(project, theirs_path)
    except AnnotatorError:
        OUTCOMES["merge refused"] = OUTCOMES.get("merge refused", 0) + 1
        assert content(mine) == before
        return
    OUTCOMES["merge done"] = OUTCOMES.get("merge done", 0) + 1
    assert own_spans(mine) == mine_before
    assert check_database(mine).ok


def restore_case(folder: Path, ours: bytes, backup: Path) -> None:
    mine = fresh_user_project(folder, ours)
    before = content(mine)
    try:
        restore_backup(mine, backup)
    except AnnotatorError:
        OUTCOMES["restore refused"] = OUTCOMES.get("restore refused", 0) + 1
        assert content(mine) == before
        assert list_backups(mine) == []
        return
    OUTCOMES["restore done"] = OUTCOMES.get("restore done", 0) + 1
    assert check_database(mine).ok
    with Project.open(mine, annotator="alice") as project:
        # What the restored project is used for next: reading, statistics, an export.
        for document in reading.list_documents(project):
            reading.document_spans(project, document.id)
        corpus_stats(project)
        with suppress(AnnotatorError):  # a typed refusal is fine; a crash is not
            export_dataset(project, mine.with_name("export.jsonl"))
            export_dataset(project, mine.with_name("gold.jsonl"), filters=ExportFilter(layer="gold"))


FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@FUZZ
@given(data=st.data())
def test_mutated_bytes_never_crash_merge_or_restore(seeds: Seeds, data: st.DataObject) -> None:
    folder, ours, theirs = seeds.folder, seeds.ours, seeds.theirs
    mutated = mutate_bytes(theirs, data.draw(byte_mutations(len(theirs))))
    merge_case(folder, ours, copy_with_bytes(folder, mutated))
    restore_case(folder, ours, copy_with_bytes(folder, mutated))


@FUZZ
@given(statements=value_mutations)
def test_rewritten_values_never_crash_merge_or_restore(seeds: Seeds, statements: list[str]) -> None:
    folder, ours, theirs = seeds.folder, seeds.ours, seeds.theirs
    merge_case(folder, ours, copy_with_statements(folder, theirs, statements))
    restore_case(folder, ours, copy_with_statements(folder, theirs, statements))
