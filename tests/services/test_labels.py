"""Label schema editing and guidelines, against real SQLite files read back through separate connections."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import InputError, NotFoundError
from annotator.domain.models import Span
from annotator.domain.structure import RelationType
from annotator.paths import resources_dir
from annotator.services import annotation, reading, structure
from annotator.services import guidelines as guidelines_service
from annotator.services import labels as label_service
from annotator.services.labels import DELETE_SPANS, LabelInUseError, SpanDisposal
from annotator.services.project import Project

DEFAULT_ORDER = ["financials", "chips", "models", "strategy"]


def query(db_path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Read through a second connection: only committed data is visible."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def label_rows(db_path: Path) -> list[tuple[object, ...]]:
    return query(db_path, "SELECT name, colour, hotkey, description, position FROM labels ORDER BY position")


def span_rows(db_path: Path) -> list[tuple[object, ...]]:
    return query(
        db_path, 'SELECT id, document_id, start, "end", label, text, note, updated FROM spans ORDER BY id'
    )


def tag(project: Project, needle: str, label: str, *, document: int = 0) -> Span:
    summary = reading.list_documents(project)[document]
    text = reading.load_document(project, summary.id).text
    start = text.index(needle)
    return annotation.tag_span(project, summary.id, start, start + len(needle), label)


@pytest.fixture
def tagged(project: Project) -> Project:
    """The seeded project with three chips spans and one models span."""
    tag(project, "Huawei", "chips")
    tag(project, "Nvidia", "chips")
    tag(project, "chips supplied by Huawei", "chips")
    tag(project, "ChatGPT 5", "models")
    return project


# -- adding and editing -----------------------------------------------------------------------------------


def test_add_label_goes_last_with_a_free_hotkey_and_an_unused_colour(project: Project, db_path: Path) -> None:
    added = label_service.add_label(project, "people", description="Named *executives*.")
    rows = label_rows(db_path)
    assert [row[0] for row in rows] == [*DEFAULT_ORDER, "people"]
    assert rows[-1] == ("people", added.colour, "5", "Named *executives*.", 4)
    assert added.colour not in {row[1] for row in rows[:-1]}


def test_add_label_without_a_hotkey_when_asked(project: Project, db_path: Path) -> None:
    label_service.add_label(project, "people", hotkey="")
    assert label_rows(db_path)[-1][2] == ""


def test_hotkeys_run_out_after_nine(empty_project: Project, db_path: Path) -> None:
    for n in range(6):
        label_service.add_label(empty_project, f"extra {n}")
    keys = [row[2] for row in label_rows(db_path)]
    assert keys == ["1", "2", "3", "4", "5", "6", "7", "8", "9", ""]


@pytest.mark.parametrize(
    ("name", "colour", "field", "fragment"),
    [
        ("chips", None, "name", "already a label called 'chips'"),
        (" padded", None, "name", "whitespace"),
        ("", None, "name", "at least 1 character"),
        ("people", "red", "colour", "#rrggbb"),
    ],
)
def test_bad_new_labels_are_refused_and_nothing_changes(
    project: Project, db_path: Path, name: str, colour: str | None, field: str, fragment: str
) -> None:
    before = label_rows(db_path)
    with pytest.raises(InputError) as caught:
        label_service.add_label(project, name, colour=colour)
    assert caught.value.field == field
    assert fragment in str(caught.value)
    assert label_rows(db_path) == before


def test_rename_carries_every_span_along(tagged: Project, db_path: Path) -> None:
    before = label_service.update_label(tagged, "chips", new_name="hardware")
    assert before.name == "chips"
    labels_of_spans = sorted(str(row[4]) for row in span_rows(db_path))
    assert labels_of_spans == ["hardware", "hardware", "hardware", "models"]
    assert [row[0] for row in label_rows(db_path)] == ["financials", "hardware", "models", "strategy"]
    # Tagging with the new name works; the old one is gone.
    tag(tagged, "DeepSeek", "hardware")
    with pytest.raises(Exception, match="no label called 'chips'"):
        tag(tagged, "OpenAI", "chips")


def test_rename_cascades_into_other_layers_that_reference_labels(tagged: Project, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE reviewed (label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE)")
    conn.execute("INSERT INTO reviewed VALUES ('chips')")
    conn.commit()
    conn.close()
    label_service.update_label(tagged, "chips", new_name="硬件 hardware")
    assert query(db_path, "SELECT label FROM reviewed") == [("硬件 hardware",)]


def test_rename_to_a_taken_name_changes_nothing(tagged: Project, db_path: Path) -> None:
    labels_before, spans_before = label_rows(db_path), span_rows(db_path)
    with pytest.raises(InputError, match="already a label called 'models'") as caught:
        label_service.update_label(tagged, "chips", new_name="models")
    assert caught.value.field == "name"
    assert (label_rows(db_path), span_rows(db_path)) == (labels_before, spans_before)


def test_recolour_describe_and_set_hotkey(project: Project, db_path: Path) -> None:
    label_service.update_label(
        project, "chips", colour="#00AAFF", description="GPUs **and** NPUs", hotkey="9"
    )
    assert label_rows(db_path)[1] == ("chips", "#00aaff", "9", "GPUs **and** NPUs", 1)
    label_service.update_label(project, "chips", hotkey="")
    assert label_rows(db_path)[1][2] == ""


@pytest.mark.parametrize(
    ("hotkey", "fragment"), [("1", "already used by 'financials'"), ("0", "1-9"), ("x", "1-9")]
)
def test_hotkeys_are_one_to_nine_and_unique(
    project: Project, db_path: Path, hotkey: str, fragment: str
) -> None:
    before = label_rows(db_path)
    with pytest.raises(InputError, match=fragment) as caught:
        label_service.update_label(project, "chips", hotkey=hotkey)
    assert caught.value.field == "hotkey"
    assert label_rows(db_path) == before


def test_updating_a_missing_label_says_so(project: Project) -> None:
    with pytest.raises(NotFoundError, match="no label called 'gone'"):
        label_service.update_label(project, "gone", colour="#000000")


def test_renaming_and_recolouring_back_restores_label_and_spans(tagged: Project, db_path: Path) -> None:
    labels_before, spans_before = label_rows(db_path), span_rows(db_path)
    before = label_service.update_label(tagged, "chips", new_name="hardware", colour="#123456")
    label_service.update_label(tagged, "hardware", new_name=before.name, colour=before.colour)
    assert label_rows(db_path) == labels_before
    assert [row[4] for row in span_rows(db_path)] == [row[4] for row in spans_before]


# -- order --------------------------------------------------------------------------------------------------


def test_move_label_stops_at_either_end_and_returns_the_previous_order(
    project: Project, db_path: Path
) -> None:
    assert label_service.move_label(project, "models", -1) == DEFAULT_ORDER
    assert [row[0] for row in label_rows(db_path)] == ["financials", "models", "chips", "strategy"]
    label_service.move_label(project, "financials", -1)
    label_service.move_label(project, "financials", 10)
    assert [row[0] for row in label_rows(db_path)] == ["models", "chips", "strategy", "financials"]
    assert [row[4] for row in label_rows(db_path)] == [0, 1, 2, 3]


def test_reorder_must_list_every_label_once(project: Project, db_path: Path) -> None:
    with pytest.raises(InputError, match="every label exactly once"):
        label_service.reorder_labels(project, ["chips", "models", "strategy"])
    with pytest.raises(InputError):
        label_service.reorder_labels(project, ["chips", "chips", "models", "strategy"])
    assert [row[0] for row in label_rows(db_path)] == DEFAULT_ORDER
    previous = label_service.reorder_labels(project, list(reversed(DEFAULT_ORDER)))
    label_service.reorder_labels(project, previous)
    assert [row[0] for row in label_rows(db_path)] == DEFAULT_ORDER


# -- deleting -----------------------------------------------------------------------------------------------


def test_deleting_an_unused_label_and_undoing_it(project: Project, db_path: Path) -> None:
    before = label_rows(db_path)
    deleted = label_service.delete_label(project, "models")
    assert deleted.spans == []
    assert [(row[0], row[4]) for row in label_rows(db_path)] == [
        ("financials", 0),
        ("chips", 1),
        ("strategy", 2),
    ]
    label_service.restore_label(project, deleted)
    assert label_rows(db_path) == before


def test_deleting_a_used_label_needs_a_decision(tagged: Project, db_path: Path) -> None:
    labels_before, spans_before = label_rows(db_path), span_rows(db_path)
    with pytest.raises(LabelInUseError, match="used by 3 span"):
        label_service.delete_label(tagged, "chips")
    assert (label_rows(db_path), span_rows(db_path)) == (labels_before, spans_before)


def test_a_label_a_relation_type_names_is_not_deleted_until_the_type_lets_go(
    project: Project, db_path: Path
) -> None:
    supplies = RelationType(name="supplies", source_labels=("chips",), target_labels=("strategy", "models"))
    structure.save_relation_type(project, supplies, seen=None)
    structure.save_relation_type(project, RelationType(name="funds", target_labels=("chips",)), seen=None)
    labels_before = label_rows(db_path)
    types_before = query(db_path, "SELECT * FROM relation_types ORDER BY name")
    with pytest.raises(LabelInUseError, match="relation type\\(s\\) 'funds', 'supplies'"):
        label_service.delete_label(project, "chips")
    with pytest.raises(LabelInUseError, match="'supplies'; remove it"):
        label_service.delete_label(project, "models")
    assert (label_rows(db_path), query(db_path, "SELECT * FROM relation_types ORDER BY name")) == (
        labels_before,
        types_before,
    )
    structure.save_relation_type(
        project, supplies.model_copy(update={"target_labels": ("strategy",)}), seen=supplies
    )
    label_service.delete_label(project, "models")
    assert "models" not in [row[0] for row in label_rows(db_path)]


def test_delete_with_its_spans_then_undo_restores_identical_rows(tagged: Project, db_path: Path) -> None:
    labels_before, spans_before = label_rows(db_path), span_rows(db_path)
    deleted = label_service.delete_label(tagged, "chips", DELETE_SPANS)
    assert len(deleted.spans) == 3
    assert {span.label for span in deleted.spans} == {"chips"}
    assert [row[4] for row in span_rows(db_path)] == ["models"]
    assert "chips" not in [row[0] for row in label_rows(db_path)]
    label_service.restore_label(tagged, deleted)
    assert (label_rows(db_path), span_rows(db_path)) == (labels_before, spans_before)


def test_delete_moving_spans_to_another_label_then_undo(tagged: Project, db_path: Path) -> None:
    labels_before, spans_before = label_rows(db_path), span_rows(db_path)
    deleted = label_service.delete_label(tagged, "chips", SpanDisposal(move_to="strategy"))
    assert sorted(str(row[4]) for row in span_rows(db_path)) == ["models", "strategy", "strategy", "strategy"]
    assert deleted.disposal.move_to == "strategy"
    label_service.restore_label(tagged, deleted)
    assert (label_rows(db_path), span_rows(db_path)) == (labels_before, spans_before)


@pytest.mark.parametrize(
    ("target", "error", "fragment"),
    [("chips", InputError, "to itself"), ("nowhere", NotFoundError, "no label called 'nowhere'")],
)
def test_moving_spans_needs_a_real_other_label(
    tagged: Project, db_path: Path, target: str, error: type[Exception], fragment: str
) -> None:
    labels_before, spans_before = label_rows(db_path), span_rows(db_path)
    with pytest.raises(error, match=fragment):
        label_service.delete_label(tagged, "chips", SpanDisposal(move_to=target))
    assert (label_rows(db_path), span_rows(db_path)) == (labels_before, spans_before)


def test_a_label_used_by_another_layer_is_not_deleted(tagged: Project, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE reviewed (label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE)")
    conn.execute("INSERT INTO reviewed VALUES ('chips'), ('chips')")
    conn.commit()
    conn.close()
    spans_before = span_rows(db_path)
    with pytest.raises(LabelInUseError, match="2 row"):
        label_service.delete_label(tagged, "chips", DELETE_SPANS)
    assert span_rows(db_path) == spans_before
    assert "chips" in [row[0] for row in label_rows(db_path)]


def test_span_counts_include_unused_labels(tagged: Project) -> None:
    assert label_service.span_counts(tagged) == {"financials": 0, "chips": 3, "models": 1, "strategy": 0}


# -- schema files -------------------------------------------------------------------------------------------


def write_schema(path: Path, labels: list[dict[str, str]]) -> Path:
    path.write_text(json.dumps({"labels": labels}, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_shipped_schema_loads_unchanged_into_a_new_project(project: Project, db_path: Path) -> None:
    before = label_rows(db_path)
    merge = label_service.load_schema(project, resources_dir() / "labels.json")
    assert merge.unchanged == DEFAULT_ORDER
    assert merge.added == merge.updated == []
    assert label_rows(db_path) == before


def test_save_then_load_round_trips_into_another_project(project: Project, tmp_path: Path) -> None:
    label_service.add_label(
        project, "人物 people", colour="#336699", hotkey="7", description="“Quoted” *text*"
    )
    out = tmp_path / "exported" / "schema.json"
    assert label_service.save_schema(project, out) == 5
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert set(saved) == {"labels"}
    assert saved["labels"][-1] == {
        "name": "人物 people",
        "colour": "#336699",
        "hotkey": "7",
        "description": "“Quoted” *text*",
    }
    other_path = tmp_path / "other.db"
    with Project.open(other_path, annotator="bob") as other:
        merge = label_service.load_schema(other, out)
        assert merge.added == ["人物 people"]
        assert label_service.list_labels(other) == label_service.list_labels(project)


def test_loading_merges_updates_adds_and_keeps_the_rest(
    tagged: Project, db_path: Path, tmp_path: Path
) -> None:
    label_service.add_label(tagged, "people", hotkey="5")
    schema = write_schema(
        tmp_path / "schema.json",
        [
            {"name": "models", "colour": "#8bc34a", "hotkey": "3", "description": "Same as before?"},
            {"name": "policy", "colour": "#ABCDEF", "hotkey": "5", "description": "Regulation."},
            {"name": "chips", "colour": "#000000", "hotkey": "2"},
        ],
    )
    spans_before = span_rows(db_path)
    merge = label_service.load_schema(tagged, schema)
    assert merge.added == ["policy"]
    assert merge.updated == ["models", "chips"]
    assert merge.hotkeys_cleared == ["people"]
    assert "hotkey removed from people" in merge.summary()
    assert label_rows(db_path) == [
        ("models", "#8bc34a", "3", "Same as before?", 0),
        ("policy", "#abcdef", "5", "Regulation.", 1),
        ("chips", "#000000", "2", "", 2),
        ("financials", "#f2b134", "1", label_rows(db_path)[3][3], 3),
        ("strategy", "#e57373", "4", label_rows(db_path)[4][3], 4),
        ("people", label_rows(db_path)[5][1], "", "", 5),
    ]
    assert span_rows(db_path) == spans_before


@pytest.mark.parametrize(
    ("content", "line", "field", "fragment"),
    [
        ('{"labels": [\n  {"name": "a",}\n]}', 2, None, "not valid JSON"),
        ('["a", "b"]', 1, "labels", '"labels" list'),
        ('{"labels": [], "version": 2}', 1, None, "unknown key 'version'"),
        ('{"labels": []}', None, "labels", "lists no labels"),
        (
            '{"labels": [\n  {"name": "a"},\n  {"name": "b",\n   "colour": "blue"}\n]}',
            3,
            "labels[1].colour",
            "#rrggbb",
        ),
        ('{"labels": [\n  {"name": "a", "color": "#ffffff"}\n]}', 2, "labels[0].color", "unknown field"),
        ('{"labels": [\n  {"colour": "#ffffff"}\n]}', 2, "labels[0].name", "required"),
        ('{"labels": [\n  {"name": "a", "hotkey": "0"}\n]}', 2, "labels[0].hotkey", "1-9"),
        ('{"labels": [\n  {"name": "a"},\n  {"name": "a"}\n]}', 3, "labels[1]", "listed twice"),
        (
            '{"labels": [{"name": "[a]", "hotkey": "1"},\n {"name": "b", "hotkey": "1"}]}',
            2,
            "labels[1].hotkey",
            "already given to '[a]'",
        ),
        ('{"labels": [\n  "chips"\n]}', 2, None, "expected an object"),
    ],
)
def test_bad_schema_files_name_file_line_and_field_and_change_nothing(
    project: Project,
    db_path: Path,
    tmp_path: Path,
    content: str,
    line: int | None,
    field: str | None,
    fragment: str,
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    before = label_rows(db_path)
    with pytest.raises(InputError) as caught:
        label_service.load_schema(project, path)
    error = caught.value
    assert (error.path, error.line, error.field) == (str(path), line, field)
    assert fragment in str(error)
    assert str(path) in str(error)
    assert label_rows(db_path) == before


def test_unreadable_schema_files(project: Project, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        label_service.load_schema(project, tmp_path / "missing.json")
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"labels": [{"name": "caf\u00e9"}]}'.encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        label_service.load_schema(project, latin)


def test_saving_into_a_file_path_that_is_a_folder_is_an_input_error(project: Project, tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        label_service.save_schema(project, tmp_path)
    assert caught.value.path == str(tmp_path)


# -- guidelines ---------------------------------------------------------------------------------------------


def test_shipped_guidelines_cover_every_default_label(project: Project) -> None:
    guidelines = guidelines_service.load_guidelines(project)
    assert guidelines.shipped and not guidelines.problem
    for name in DEFAULT_ORDER:
        assert f"`{name}`" in guidelines.markdown
    assert guidelines_service.load_guidelines(project).markdown == guidelines.markdown


def test_project_guidelines_inside_the_project_folder_are_stored_relative(
    project: Project, db_path: Path, tmp_path: Path
) -> None:
    own = tmp_path / "docs" / "our guidelines.md"
    own.parent.mkdir()
    own.write_text("# Ours\n\nTag *only* chips.", encoding="utf-8")
    assert guidelines_service.set_guidelines_path(project, own) is None
    assert query(db_path, "SELECT value FROM settings WHERE key = 'guidelines_path'") == [
        (str(Path("docs") / "our guidelines.md"),)
    ]
    assert guidelines_service.load_guidelines(project).markdown == "# Ours\n\nTag *only* chips."
    assert guidelines_service.guidelines_path(project) == own.resolve()


def test_project_guidelines_elsewhere_are_stored_absolute(
    project: Project, db_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    own = tmp_path_factory.mktemp("shared") / "guidelines.md"
    own.write_text("Shared rules", encoding="utf-8")
    guidelines_service.set_guidelines_path(project, own)
    assert query(db_path, "SELECT value FROM settings WHERE key = 'guidelines_path'") == [
        (str(own.resolve()),)
    ]
    assert guidelines_service.load_guidelines(project).markdown == "Shared rules"


def test_a_missing_project_file_falls_back_to_the_shipped_guidelines(
    project: Project, tmp_path: Path
) -> None:
    own = tmp_path / "guidelines.md"
    own.write_text("Ours", encoding="utf-8")
    guidelines_service.set_guidelines_path(project, own)
    own.unlink()
    guidelines = guidelines_service.load_guidelines(project)
    assert guidelines.shipped
    assert str(own) in guidelines.problem
    assert guidelines.markdown == guidelines_service.shipped_guidelines_path().read_text(encoding="utf-8")


def test_unusable_guidelines_files_are_refused(project: Project, db_path: Path, tmp_path: Path) -> None:
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\xff\xfe\x00bad")
    for path in (tmp_path / "missing.md", binary):
        with pytest.raises(InputError) as caught:
            guidelines_service.set_guidelines_path(project, path)
        assert caught.value.path == str(path.resolve())
    assert query(db_path, "SELECT value FROM settings WHERE key = 'guidelines_path'") == []


def test_going_back_to_the_shipped_guidelines(project: Project, tmp_path: Path) -> None:
    own = tmp_path / "guidelines.md"
    own.write_text("Ours", encoding="utf-8")
    guidelines_service.set_guidelines_path(project, own)
    assert guidelines_service.set_guidelines_path(project, None) == own.resolve()
    assert guidelines_service.guidelines_path(project) is None
    assert guidelines_service.load_guidelines(project).shipped


def test_guideline_examples_are_quoted_verbatim_from_the_seed_articles() -> None:
    """Every example span in the guidelines (an inline code span) is text an analyst can find and tag."""
    import re

    from annotator.paths import seeds_dir

    seeds = "\n".join(path.read_text(encoding="utf-8") for path in sorted(seeds_dir().glob("*.txt")))
    markdown = guidelines_service.shipped_guidelines_path().read_text(encoding="utf-8")
    examples = [code for code in re.findall(r"`([^`\n]+)`", markdown) if code not in {*DEFAULT_ORDER, "?"}]
    assert len(examples) > 60
    assert [example for example in examples if example not in seeds] == []
