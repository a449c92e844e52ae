"""Files written by hand the way other tools write them, imported into an empty project."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.errors import InputError
from annotator.formats.offset_readings import OffsetUnit
from annotator.services import reading
from annotator.services.importing import ImportOptions, import_files
from annotator.services.project import Project
from tests.fixtures.offsets import utf16_offset
from tests.formats.corpus import span_facts

TEXT = "Team 👩‍💻 and 𠀀 praised Huawei Ascend 910B chips.\nRevenue rose 12%."


def _facts(project: Project) -> list[tuple[int, int, str, str, str]]:
    return [(f[1], f[2], f[3], f[4], f[5]) for f in span_facts(project)]


def _at(word: str, label: str, annotator: str) -> tuple[int, int, str, str, str]:
    start = TEXT.index(word)
    return (start, start + len(word), label, word, annotator)


def test_doccano_label_triples_and_entities(empty_project: Project, tmp_path: Path) -> None:
    huawei, revenue = TEXT.index("Huawei"), TEXT.index("Revenue")
    path = tmp_path / "admin.jsonl"
    path.write_text(
        json.dumps({"id": 1, "text": TEXT, "label": [[huawei, huawei + 6, "ORG"]], "Comments": []})
        + "\n"
        + json.dumps(
            {
                "id": 2,
                "text": "Other",
                "entities": [{"id": 9, "label": "MISC", "start_offset": 0, "end_offset": 5}],
            }
        )
        + "\n"
        + json.dumps({"text": TEXT, "label": [[revenue, revenue + 7, "financials"]]})
        + "\n",
        encoding="utf-8",
    )
    report = import_files(empty_project, [path], ImportOptions(annotator="dora"))
    assert sorted(_facts(empty_project)) == sorted(
        [_at("Huawei", "ORG", "dora"), _at("Revenue", "financials", "dora"), (0, 5, "MISC", "Other", "dora")]
    )
    assert report.labels_added == ["ORG", "MISC"]
    assert report.unchecked_spans == 2  # doccano gives no span text, and TEXT has emoji


def test_doccano_utf16_offsets_with_the_option(empty_project: Project, tmp_path: Path) -> None:
    start = TEXT.index("Ascend 910B")
    units = [utf16_offset(TEXT, start), utf16_offset(TEXT, start + 11)]
    path = tmp_path / "old-doccano.jsonl"
    path.write_text(json.dumps({"text": TEXT, "label": [[*units, "chips"]]}) + "\n", encoding="utf-8")
    import_files(empty_project, [path], ImportOptions(format="doccano", offsets=OffsetUnit.UTF16))
    assert _facts(empty_project) == [_at("Ascend 910B", "chips", "alice")]


def test_label_studio_export_with_emoji_utf16_offsets_and_users(
    empty_project: Project, tmp_path: Path
) -> None:
    ascend = TEXT.index("Ascend 910B")
    tasks = [
        {
            "id": 7,
            "data": {"text": TEXT},
            "annotations": [
                {
                    "id": 1,
                    "completed_by": {"id": 3, "email": "li@example.com", "first_name": "Li"},
                    "result": [
                        {
                            "id": "a1",
                            "from_name": "label",
                            "to_name": "text",
                            "type": "labels",
                            # Written by a Label Studio version that counted UTF-16 units.
                            "value": {
                                "start": utf16_offset(TEXT, ascend),
                                "end": utf16_offset(TEXT, ascend + 11),
                                "text": "Ascend 910B",
                                "labels": ["chips", "models"],
                            },
                            "meta": {"text": ["check the model name"]},
                        },
                        {
                            "id": "c1",
                            "from_name": "sentiment",
                            "to_name": "text",
                            "type": "choices",
                            "value": {"choices": ["Positive"]},
                        },
                    ],
                },
                {
                    "completed_by": 4,
                    "created_username": " wu@example.com, 4",
                    "result": [
                        {
                            "type": "labels",
                            "value": {"start": 0, "end": 4, "text": "Team", "labels": ["strategy"]},
                        }
                    ],
                },
                {"completed_by": 5, "was_cancelled": True, "result": []},
            ],
            "predictions": [{"result": []}],
        }
    ]
    path = tmp_path / "project-1-at-2024.json"
    path.write_text(json.dumps(tasks, indent=2), encoding="utf-8")
    report = import_files(empty_project, [path])
    assert _facts(empty_project) == sorted(
        [
            _at("Ascend 910B", "chips", "li@example.com"),
            _at("Ascend 910B", "models", "li@example.com"),
            (0, 4, "strategy", "Team", "wu@example.com"),
        ]
    )
    assert [f[6] for f in span_facts(empty_project) if f[3] == "chips"] == ["check the model name"]
    assert len(report.offset_readings) == 2
    assert "not imported: 1 cancelled annotations, 1 predictions" in report.summary()
    # The task-level choice is li's document label of the set 'sentiment'.
    from annotator.services.structure import document_labels

    (document,) = reading.list_documents(empty_project)
    assert document_labels(empty_project, document.id, "li@example.com") == {"sentiment": ("Positive",)}


def test_label_studio_task_without_text_is_named(empty_project: Project, tmp_path: Path) -> None:
    path = tmp_path / "tasks.json"
    path.write_text('[\n{"data": {"image": "a.png", "caption": "b"}}\n]', encoding="utf-8")
    with pytest.raises(InputError, match=r"tasks.json, line 2: field 'data.text': expected the task's text"):
        import_files(empty_project, [path])


def test_brat_with_crlf_text_counted_both_ways(empty_project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "collection"
    folder.mkdir()
    raw = "Huawei results\r\nAscend 910B chips ship.\r\nRevenue rose."
    (folder / "doc1.txt").write_bytes(raw.encode("utf-8"))
    ascend = raw.index("Ascend")  # counted with \r\n as two characters
    revenue = raw.replace("\r\n", "\n").index("Revenue")  # counted with \r\n as one (brat's own reading)
    (folder / "doc1.ann").write_text(
        f"T1\tchips {ascend} {ascend + 11}\tAscend 910B\n"
        f"T2\tfinancials {revenue} {revenue + 12}\tRevenue rose\n"
        "A1\tAnnotator T1 wang\n"
        "#1\tAnnotatorNotes T2\tthe headline figure\n"
        "R1\tPart-of Arg1:T1 Arg2:T2\n",
        encoding="utf-8",
    )
    report = import_files(empty_project, [folder])
    text = raw.replace("\r\n", "\n")
    a, r = text.index("Ascend"), text.index("Revenue")
    assert _facts(empty_project) == [
        (a, a + 11, "chips", "Ascend 910B", "wang"),
        (r, r + 12, "financials", "Revenue rose", "alice"),
    ]
    assert [f[6] for f in span_facts(empty_project)] == ["", "the headline figure"]
    assert len(report.offset_readings) == 1 and "doc1.ann, line 1: T1" in report.offset_readings[0]
    # wang's span and alice's (the default annotator): a relation belongs to one layer, so it is counted.
    assert report.dropped == {"relations between two annotators' spans": 1}
    assert "not imported, by kind: 1 relations between two annotators' spans" in report.summary()


def test_brat_discontinuous_span_is_split_into_its_fragments(empty_project: Project, tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("Huawei Ascend new chips", encoding="utf-8")
    (tmp_path / "d.ann").write_text(
        "T1\tchips 0 6\tHuawei\nT2\tchips 7 13;18 23\tAscend chips\n", encoding="utf-8"
    )
    report = import_files(empty_project, [tmp_path / "d.ann"])
    assert [(f[0], f[3]) for f in _facts(empty_project)] == [(0, "Huawei"), (7, "Ascend"), (18, "chips")]
    assert "1 discontinuous span(s) split" in report.summary()


def test_brat_discontinuous_span_whose_text_does_not_match_is_refused(
    empty_project: Project, tmp_path: Path
) -> None:
    (tmp_path / "d.txt").write_text("Huawei Ascend new chips", encoding="utf-8")
    (tmp_path / "d.ann").write_text("T1\tchips 7 13;18 23\tAscend\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"d.ann, line 1: field 'T1': the text column does not match"):
        import_files(empty_project, [tmp_path / "d.ann"])
    assert reading.list_documents(empty_project) == []


def test_conll_bio_bioes_and_iob1(empty_project: Project, tmp_path: Path) -> None:
    path = tmp_path / "train.conll"
    path.write_text(
        "-DOCSTART- -X- O O\n\n"
        "Huawei NNP B-NP B-ORG\nAscend NNP I-NP B-chips\n910B CD I-NP I-chips\nships VBZ O O\n\n"
        "Revenue NN O S-financials\nrose VBD O O\n\n"
        "-DOCSTART- -X- O O\n\n"
        "iFlytek\tI-ORG\nSpark\tI-models\nX1\tE-models\n",
        encoding="utf-8",
    )
    import_files(empty_project, [path])
    facts = {(f[3], f[4]) for f in span_facts(empty_project)}
    assert facts == {
        ("ORG", "Huawei"),
        ("chips", "Ascend 910B"),
        ("financials", "Revenue"),
        ("ORG", "iFlytek"),
        ("models", "Spark X1"),
    }
    texts = {reading.load_document(empty_project, d.id).text for d in reading.list_documents(empty_project)}
    assert texts == {"Huawei Ascend 910B ships\nRevenue rose", "iFlytek Spark X1"}


def test_conll_bad_tag_names_its_line(empty_project: Project, tmp_path: Path) -> None:
    path = tmp_path / "bad.conll"
    path.write_text("Huawei\tB-ORG\nships\tX\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.conll, line 2: field 'tag': expected O or B-/I-/E-/S-"):
        import_files(empty_project, [path])


def test_prodigy_tasks_from_a_session(empty_project: Project, tmp_path: Path) -> None:
    start = TEXT.index("Huawei")
    task = {
        "text": TEXT,
        "tokens": [{"text": "Team", "start": 0, "end": 4, "id": 0}],
        "spans": [{"start": start, "end": start + 6, "label": "ORG", "token_start": 5, "token_end": 5}],
        "_input_hash": 123,
        "_task_hash": 456,
        "_view_id": "ner_manual",
        "answer": "accept",
        "_timestamp": 1700000000,
        "_annotator_id": "news_ner-mei",
        "_session_id": "news_ner-mei",
    }
    path = tmp_path / "news_ner.jsonl"
    path.write_text(json.dumps(task) + "\n", encoding="utf-8")
    import_files(empty_project, [path])
    assert _facts(empty_project) == [_at("Huawei", "ORG", "news_ner-mei")]


@pytest.mark.parametrize(
    ("bad_span", "field", "expected"),
    [
        ({"start": "0", "end": 6, "label": "ORG"}, "spans[1].start", "valid integer"),
        ({"start": 0, "end": True, "label": "ORG"}, "spans[1].end", "valid integer"),
        ({"start": 0, "end": 6, "label": ""}, "spans[1].label", "at least 1 character"),
        ({"start": 0, "end": 6, "label": "ORG", "note": None}, "spans[1].note", "valid string"),
        ({"start": 0, "end": 6, "label": "ORG", "text": 7}, "spans[1].text", "valid string"),
        ({"end": 6, "label": "ORG"}, "spans[1].start", "required"),
        (["0", 6, "ORG"], "spans[1]", "valid dictionary"),
    ],
)
def test_prodigy_malformed_span_names_its_line_and_field(
    empty_project: Project, tmp_path: Path, bad_span: object, field: str, expected: str
) -> None:
    start = TEXT.index("Huawei")
    good = {"start": start, "end": start + 6, "label": "ORG", "token_start": 5, "token_end": 5}
    path = tmp_path / "tasks.jsonl"
    tasks = [{"text": "First task.", "spans": []}, {"text": TEXT, "spans": [good, bad_span]}]
    path.write_text("".join(json.dumps(t) + "\n" for t in tasks), encoding="utf-8")
    with pytest.raises(InputError, match=rf"tasks.jsonl, line 2: field '{re.escape(field)}': .*{expected}"):
        import_files(empty_project, [path], ImportOptions(format="prodigy"))
    assert _facts(empty_project) == []


@pytest.mark.parametrize(
    ("bad_field", "value", "expected"),
    [
        ("text", 5, "valid string"),
        ("_annotator_id", 5, "valid string"),
        ("_session_id", ["mei"], "valid string"),
        ("answer", True, "valid string"),
        ("meta", "news", "valid dictionary"),
        ("spans", {"start": 0}, "valid list"),
    ],
)
def test_prodigy_malformed_task_names_its_line_and_field(
    empty_project: Project, tmp_path: Path, bad_field: str, value: object, expected: str
) -> None:
    start = TEXT.index("Huawei")
    task = {"text": TEXT, "spans": [{"start": start, "end": start + 6, "label": "ORG"}], bad_field: value}
    path = tmp_path / "tasks.jsonl"
    path.write_text(json.dumps({"text": "First task.", "spans": []}) + "\n" + json.dumps(task) + "\n")
    with pytest.raises(InputError, match=rf"tasks.jsonl, line 2: field '{bad_field}': .*{expected}"):
        import_files(empty_project, [path], ImportOptions(format="prodigy"))
    assert _facts(empty_project) == []


def test_prodigy_spans_sharing_a_place_and_label_clash_only_when_relations_name_them(
    empty_project: Project, tmp_path: Path
) -> None:
    """Relations name Prodigy's spans by start, end and label: two such spans that differ are ambiguous
    only to a relation; without relations the first is kept and the second counted as already there."""
    start = TEXT.index("Huawei")
    first = {"start": start, "end": start + 6, "label": "ORG", "note": "first"}
    second = {**first, "note": "second"}
    plain = tmp_path / "plain.jsonl"
    plain.write_text(json.dumps({"text": TEXT, "spans": [first, second], "_annotator_id": "mei"}) + "\n")
    report = import_files(empty_project, [plain], ImportOptions(format="prodigy"))
    assert _facts(empty_project) == [_at("Huawei", "ORG", "mei")]
    assert (report.spans_added, report.spans_unchanged) == (1, 1)

    other = TEXT.index("Ascend")
    target = {"start": other, "end": other + 6, "label": "PRODUCT"}
    relation = {"head_span": first, "child_span": target, "label": "MAKES"}
    task = {"text": TEXT + " Again.", "spans": [first, second, target], "relations": [relation]}
    related = tmp_path / "related.jsonl"
    related.write_text(json.dumps(task) + "\n")
    with pytest.raises(InputError, match=r"related.jsonl, line 1: field 'spans\[1\]': two spans are called"):
        import_files(empty_project, [related], ImportOptions(format="prodigy"))


def test_prodigy_span_attributes_and_notes_are_read(empty_project: Project, tmp_path: Path) -> None:
    start = TEXT.index("Huawei")
    spans = [
        {
            "start": start,
            "end": start + 6,
            "label": "ORG",
            "note": "the maker",
            "attributes": {"listed": True},
        }
    ]
    path = tmp_path / "tasks.jsonl"
    path.write_text(
        json.dumps({"text": TEXT, "spans": spans, "_annotator_id": "mei"}) + "\n", encoding="utf-8"
    )
    import_files(empty_project, [path], ImportOptions(format="prodigy"))
    assert _facts(empty_project) == [_at("Huawei", "ORG", "mei")]
    notes = empty_project.database.conn.execute("SELECT note FROM spans").fetchall()
    attributes = empty_project.database.conn.execute("SELECT name, value FROM span_attributes").fetchall()
    assert notes == [("the maker",)] and len(attributes) == 1 and attributes[0][0] == "listed"


@pytest.mark.parametrize(
    ("bad_value", "field", "expected"),
    [
        ({"start": "0", "end": 6, "labels": ["ORG"]}, "value.start", "valid integer"),
        ({"start": 0, "end": True, "labels": ["ORG"]}, "value.end", "valid integer"),
        ({"start": 0, "end": 6, "labels": []}, "value.labels", "at least 1 item"),
        ({"start": 0, "end": 6, "labels": ["ORG", 3]}, "value.labels[1]", "valid string"),
        ({"start": 0, "end": 6, "labels": "ORG"}, "value.labels", "valid list"),
        ({"start": 0, "end": 6, "text": 7, "labels": ["ORG"]}, "value.text", "valid string"),
    ],
)
def test_label_studio_malformed_region_names_its_task_and_field(
    empty_project: Project, tmp_path: Path, bad_value: object, field: str, expected: str
) -> None:
    start = TEXT.index("Huawei")
    good = {"start": start, "end": start + 6, "text": "Huawei", "labels": ["ORG"]}
    results = [
        {"id": "r1", "type": "labels", "from_name": "label", "to_name": "text", "value": good},
        {"id": "r2", "type": "labels", "from_name": "label", "to_name": "text", "value": bad_value},
    ]
    tasks = [
        {"data": {"text": "First task."}},
        {"data": {"text": TEXT}, "annotations": [{"result": results}]},
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks, indent=1), encoding="utf-8")
    where = re.escape(f"annotations[0].result[1].{field}")
    with pytest.raises(InputError, match=rf"export.json, line \d+: field '{where}': .*{expected}"):
        import_files(empty_project, [path], ImportOptions(format="label-studio"))
    assert _facts(empty_project) == []


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        (lambda task: task.update(annotations={}), "annotations", "valid list"),
        (lambda task: task.update(predictions="none"), "predictions", "valid list"),
        (lambda task: task.update(data=["text"]), "data", "valid dictionary"),
        (lambda task: task["annotations"].append(3), "annotations[1]", "valid dictionary"),
        (
            lambda task: task["annotations"][0].update(was_cancelled="no"),
            "annotations[0].was_cancelled",
            "bool",
        ),
        (lambda task: task["annotations"][0].update(completed_by=True), "annotations[0].completed_by", ""),
        (
            lambda task: task["annotations"][0].update(created_username=3),
            "annotations[0].created_username",
            "",
        ),
        (lambda task: task["annotations"][0].update(result=None), "annotations[0].result", "valid list"),
        (lambda task: task["annotations"][0]["result"].append("r"), "annotations[0].result[1]", ""),
        (
            lambda task: task["annotations"][0]["result"][0].update(type=3),
            "annotations[0].result[0].type",
            "",
        ),
        (lambda task: task["annotations"][0]["result"][0].update(id=7), "annotations[0].result[0].id", ""),
        (
            lambda task: task["annotations"][0]["result"][0].update(meta=[]),
            "annotations[0].result[0].meta",
            "",
        ),
        (
            lambda task: task["annotations"][0]["result"][0].update(value=None),
            "annotations[0].result[0].value",
            "",
        ),
    ],
)
def test_label_studio_task_of_wrong_types_names_its_field_and_the_others_are_imported(
    empty_project: Project, tmp_path: Path, change: Any, field: str, expected: str
) -> None:
    start = TEXT.index("Huawei")
    region = {"start": start, "end": start + 6, "text": "Huawei", "labels": ["ORG"]}

    def task(text: str) -> dict[str, Any]:
        result = [{"id": "r1", "type": "labels", "from_name": "label", "to_name": "text", "value": region}]
        return {"data": {"text": text}, "annotations": [{"result": result, "completed_by": 1}]}

    bad = task(TEXT)
    change(bad)
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task(TEXT.replace("12%", "13%")), bad], indent=1), encoding="utf-8")
    report = import_files(empty_project, [path], ImportOptions(format="label-studio", skip_invalid=True))
    (rejected,) = report.rejected
    assert rejected.field is not None and rejected.field.startswith(field)  # a union adds the type tried
    assert expected in rejected.message
    assert _facts(empty_project) == [(start, start + 6, "ORG", "Huawei", "label-studio-user-1")]


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        (lambda record: record.update(text=7), "text", "valid string"),
        (lambda record: record.update(id=7), "id", "valid string"),
        (lambda record: record.update(schema_version="2"), "schema_version", "valid integer"),
        (lambda record: record.update(meta=[]), "meta", "valid dictionary"),
        (lambda record: record["meta"].update(title=None), "meta.title", "valid string"),
        (lambda record: record.update(status={"alice": "finished"}), "status.alice", "'todo'"),
        (lambda record: record.update(spans={}), "spans", "valid list"),
        (lambda record: record["spans"].append(None), "spans[1]", "valid dictionary"),
        (lambda record: record["spans"][0].update(start=True), "spans[0].start", "valid integer"),
        (lambda record: record["spans"][0].update(label=""), "spans[0].label", "at least 1 character"),
        (
            lambda record: record["spans"][0].update(annotator=""),
            "spans[0].annotator",
            "at least 1 character",
        ),
        (lambda record: record["spans"][0].update(note=None), "spans[0].note", "valid string"),
        (lambda record: record["spans"][0].update(id=5), "spans[0].id", "valid string"),
        (lambda record: record["spans"][0].update(attributes={"a": [1]}), "spans[0].attributes.a", ""),
        (lambda record: record["spans"][0].update(provenance={"x": 1}), "spans[0].provenance.decided_by", ""),
        (lambda record: record.update(relations={}), "relations", "valid list"),
        (lambda record: record.update(labels=[{"value": "x"}]), "labels[0].label_set", "Field required"),
    ],
)
def test_native_record_of_wrong_types_names_its_field_and_the_others_are_imported(
    empty_project: Project, tmp_path: Path, change: Any, field: str, expected: str
) -> None:
    start = TEXT.index("Huawei")

    def record(text: str) -> dict[str, Any]:
        span = {"start": start, "end": start + 6, "label": "ORG", "text": "Huawei", "annotator": "ann"}
        return {"text": text, "meta": {"title": "T"}, "spans": [span]}

    bad = record(TEXT)
    change(bad)
    path = tmp_path / "data.jsonl"
    lines = [json.dumps(r) for r in (record(TEXT.replace("12%", "13%")), bad)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_files(empty_project, [path], ImportOptions(format="jsonl", skip_invalid=True))
    (rejected,) = report.rejected
    assert (rejected.line, rejected.field is not None and rejected.field.startswith(field)) == (2, True)
    assert expected in rejected.message
    assert _facts(empty_project) == [(start, start + 6, "ORG", "Huawei", "ann")]


def test_spacy_docbin_made_by_spacy(empty_project: Project, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    doc = nlp(TEXT)
    doc.ents = [doc.char_span(TEXT.index("Huawei"), TEXT.index("Huawei") + 6, label="ORG")]
    other = nlp("Revenue rose 12% for 讯飞星火.")
    other.spans["sc"] = [other.char_span(0, 7, label="financials"), other.char_span(0, 12, label="trend")]
    path = tmp_path / "train.spacy"
    DocBin(docs=[doc, other]).to_disk(path)
    import_files(empty_project, [path], ImportOptions(annotator="model"))
    assert {(f[3], f[4], f[5]) for f in span_facts(empty_project)} == {
        ("ORG", "Huawei", "model"),
        ("financials", "Revenue", "model"),
        ("trend", "Revenue rose", "model"),
    }


def test_markdown_and_html_become_the_text_a_reader_sees(empty_project: Project, tmp_path: Path) -> None:
    md = tmp_path / "note.md"
    md.write_text(
        "# iFlytek *Spark*\n\nA [link](http://example.invalid) and `code`.\n\n- one\n- two\n",
        encoding="utf-8",
    )
    page = tmp_path / "page.htm"
    page.write_text(
        "<!doctype html><html><head><title>News</title><style>p {}</style>"
        "<link rel=stylesheet href='https://example.invalid/x.css'></head><body>"
        "<nav hidden>Menu</nav><h1>Huawei   ships</h1><p style='display: none'>tracking</p>"
        "<p>Ascend &amp; Kunpeng<br>second&#160;line</p><noscript>enable JS</noscript>"
        "<pre>  keep\n   spacing</pre><template><p>later</p></template></body></html>",
        encoding="utf-8",
    )
    import_files(empty_project, [md, page])
    texts = {
        d.title: reading.load_document(empty_project, d.id).text
        for d in reading.list_documents(empty_project)
    }
    assert texts == {
        "iFlytek Spark": "iFlytek Spark\nA link and code.\none\ntwo",
        "News": "Huawei ships\nAscend & Kunpeng\nsecond\u00a0line\n  keep\n   spacing",
    }
