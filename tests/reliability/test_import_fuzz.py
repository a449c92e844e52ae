"""Malformed input for every importer: each case ends in a correct import or a typed error naming the
file, and after a failed import the database is exactly as it was.

Seed files are real exports of a small project (one per format); hypothesis then truncates them, cuts
and inserts bytes, and swaps in hostile values (NaN, ``true`` for numbers, duplicate keys, offsets out of
range, end before start, invalid UTF-8, BOMs, deep nesting, huge lines). Set ANNOTATOR_FUZZ_EXAMPLES to
run more cases than the default.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import AnnotatorError
from annotator.services import annotation, reading, revisions
from annotator.services.exporting import export_dataset
from annotator.services.importing import ImportOptions, import_files
from annotator.services.project import Project
from tests.conftest import ADVERSARIAL_TEXT

EXAMPLES = int(os.environ.get("ANNOTATOR_FUZZ_EXAMPLES", "60"))
FORMATS = {
    "jsonl": ".jsonl",
    "doccano": ".jsonl",
    "label-studio": ".json",
    "prodigy": ".jsonl",
    "conll": ".conll",
}
HOSTILE = [
    b"NaN",
    b"Infinity",
    b"-1",
    b"true",
    b"null",
    b'"x"',
    b"1e309",
    b"99999999999999999999",
    b'{"a": 1, "a": 2}',
    b"[" * 2000 + b"]" * 2000,
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\\ud800",
    b"\n",
    b"\r\n",
    b'"' + b"x" * 200_000 + b'"',
    b"{",
    b"}",
    b",",
    b'"start": 5, "end": 2',
]


@pytest.fixture(scope="module")
def seeds() -> Iterator[dict[str, bytes]]:
    """One valid file per format, exported from a project with emoji, CJK and overlapping spans."""
    folder = Path(tempfile.mkdtemp(prefix="fuzz-seeds-"))
    try:
        with Project.open(folder / "seed.db", annotator="alice") as project:
            source = folder / "adversarial.txt"
            source.write_text(ADVERSARIAL_TEXT, encoding="utf-8")
            import_files(project, [source])
            document_id = reading.list_documents(project)[0].id
            for needle, label in (
                ("Ascend 910B", "chips"),
                ("讯飞星火", "models"),
                ("Revenue rose 12%", "financials"),
            ):
                start = ADVERSARIAL_TEXT.index(needle)
                annotation.tag_span(project, document_id, start, start + len(needle), label)
            files = {}
            for name, suffix in FORMATS.items():
                out = folder / f"seed-{name}{suffix}"
                export_dataset(project, out, name)
                files[name] = out.read_bytes()
        yield files
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "delete", "insert", "hostile", "replace_number"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "truncate":
            del data[at:]
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=12))
        elif kind == "hostile":
            data[at:at] = draw(st.sampled_from(HOSTILE))
        else:  # an offset or count replaced by something a strict reader must refuse or check
            digits = [i for i, b in enumerate(data) if chr(b).isdigit()]
            if digits:
                i = digits[draw(st.integers(0, len(digits) - 1))]
                data[i : i + 1] = draw(
                    st.sampled_from([b"-7", b"true", b"NaN", b"123456789", b"3.5", b'"9"'])
                )
    return bytes(data)


def snapshot(path: Path) -> list[object]:
    conn = sqlite3.connect(path)
    try:
        return [
            conn.execute("SELECT id, sha256, text FROM documents ORDER BY id").fetchall(),
            conn.execute(
                'SELECT id, document_id, start, "end", label, text, annotator FROM spans ORDER BY id'
            ).fetchall(),
            conn.execute("SELECT name FROM labels ORDER BY name").fetchall(),
        ]
    finally:
        conn.close()


def check_one(project: Project, db_path: Path, target: Path, data: bytes, fmt: str) -> str:
    target.write_bytes(data)
    before = snapshot(db_path)
    try:
        import_files(project, [target], ImportOptions(format=fmt))
    except AnnotatorError as error:
        assert target.name in str(error), f"the error does not name the file: {error}"
        assert snapshot(db_path) == before, "a failed import changed the database"
        return "rejected"
    # Accepted: whatever was stored must be exactly right. (The same file name with other text is a new
    # version of its article; spans that could not be re-anchored exactly are flagged, not trusted.)
    flagged = {row.id for row in revisions.spans_needing_review(project)}
    for document in reading.list_documents(project):
        text = reading.load_document(project, document.id).text
        for span in reading.document_spans(project, document.id):
            assert span.id in flagged or text[span.start : span.end] == span.text
    return "imported"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_mutated_files_never_crash_or_half_import(
    fmt: str, seeds: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp(f"fuzz-{fmt}")
    db_path = folder / "target.db"
    outcomes: dict[str, int] = {}
    with Project.open(db_path, annotator="zoe") as project:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(data=mutated(seeds[fmt]))
        def run(data: bytes) -> None:
            outcome = check_one(project, db_path, folder / f"input{FORMATS[fmt]}", data, fmt)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1

        run()
    print(f"fuzz {fmt}: {outcomes}")
    assert sum(outcomes.values()) >= min(EXAMPLES, 10)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def hostile_record(draw: st.DrawFn) -> bytes:
    """A JSONL record with the right shape and wrong contents: types, ranges, texts and ids."""
    text = draw(st.text(min_size=0, max_size=40))
    span = {
        "start": draw(
            st.one_of(st.integers(-3, 60), st.booleans(), st.floats(allow_nan=True), st.text(max_size=3))
        ),
        "end": draw(st.one_of(st.integers(-3, 60), st.booleans(), st.none())),
        "label": draw(st.one_of(st.sampled_from(["chips", "models", "never-seen", ""]), st.integers())),
    }
    if draw(st.booleans()):
        span["text"] = draw(st.text(max_size=10))
    if draw(st.booleans()):
        span["id"] = draw(st.sampled_from(["dup", "not-a-uuid", "00000000-0000-4000-8000-000000000000"]))
    record: dict[str, object] = {"text": text, "spans": [span, span] if draw(st.booleans()) else [span]}
    if draw(st.booleans()):
        record["meta"] = draw(JSON_VALUES)
    return json.dumps(record, allow_nan=True).encode() + b"\n"


def test_hostile_records_are_refused_with_their_line(tmp_path: Path) -> None:
    db_path = tmp_path / "target.db"
    counts: dict[str, int] = {}
    with Project.open(db_path, annotator="zoe") as project:

        @settings(max_examples=EXAMPLES * 3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(lines=st.lists(hostile_record(), min_size=1, max_size=3))
        def run(lines: list[bytes]) -> None:
            outcome = check_one(project, db_path, tmp_path / "records.jsonl", b"".join(lines), "jsonl")
            counts[outcome] = counts.get(outcome, 0) + 1

        run()
    print(f"fuzz hostile records: {counts}")
    assert counts.get("rejected", 0) > 0  # the generator does produce bad input


def test_an_unpaired_surrogate_is_refused_with_file_line_and_field(
    project: Project, db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "surrogate.jsonl"
    target.write_text('{"text": "fine"}\n{"text": "half an emoji \\ud83d here"}\n', encoding="utf-8")
    before = snapshot(db_path)
    with pytest.raises(
        AnnotatorError, match=r"surrogate\.jsonl, line 2: field 'text': contains an unpaired surrogate"
    ):
        import_files(project, [target])
    assert snapshot(db_path) == before


def test_deeply_nested_json_is_refused_not_crashed(project: Project, db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "deep.jsonl"
    target.write_text("[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    before = snapshot(db_path)
    with pytest.raises(AnnotatorError, match=r"deep\.jsonl, line 1: nests lists or objects too deeply"):
        import_files(project, [target], ImportOptions(format="jsonl"))
    assert snapshot(db_path) == before
