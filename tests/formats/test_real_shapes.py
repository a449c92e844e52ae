"""Files in the shapes other tools really write (written here by hand): read whole, or refused loudly."""

from __future__ import annotations

import json
import re
from itertools import accumulate
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.services import annotation, reading
from annotator.services.exporting import export_dataset
from annotator.services.importing import ImportOptions, import_files
from annotator.services.labels import add_label
from annotator.services.project import Project
from annotator.storage.annotators import ensure_annotator
from annotator.storage.relations import all_document_labels, all_relations_by_document, all_span_attributes
from annotator.storage.spans import all_spans_by_document
from tests.formats.corpus import span_facts

TEXT = "Book a flight to Paris with Air France tomorrow."


def _at(word: str) -> list[int]:
    start = TEXT.index(word)
    return [start, start + len(word)]


def _lines(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _facts(project: Project) -> list[tuple[str, str, str]]:
    return sorted((f[4], f[3], f[5]) for f in span_facts(project))


def _relations(project: Project) -> list[tuple[str, str, str, str, str]]:
    """(source text, target text, type, annotator, note) of every relation."""
    spans = {s.id: s for group in all_spans_by_document(project.database).values() for s in group}
    return sorted(
        (spans[r.source_id].text, spans[r.target_id].text, r.type, r.annotator, r.note)
        for group in all_relations_by_document(project.database).values()
        for r in group
    )


def _labels(project: Project) -> list[tuple[str, str, str]]:
    return sorted(
        (x.annotator, x.label_set, x.value)
        for group in all_document_labels(project.database).values()
        for x in group
    )


def test_doccano_intent_detection_entities_as_lists_with_cats(empty_project: Project, tmp_path: Path) -> None:
    path = _lines(
        tmp_path / "intent.jsonl",
        {
            "text": TEXT,
            "entities": [[*_at("Paris"), "city"], [*_at("Air France"), "airline"]],
            "cats": ["book"],
        },
    )
    report = import_files(empty_project, [path])
    assert _facts(empty_project) == [("Air France", "airline", "alice"), ("Paris", "city", "alice")]
    assert not report.dropped
    assert _labels(empty_project) == [("alice", "category", "book")]
    assert "document label set category" in report.summary()


def test_doccano_relation_export_imports_its_relations(empty_project: Project, tmp_path: Path) -> None:
    entities = [
        {"id": 7, "label": "city", "start_offset": _at("Paris")[0], "end_offset": _at("Paris")[1]},
        {
            "id": 8,
            "label": "airline",
            "start_offset": _at("Air France")[0],
            "end_offset": _at("Air France")[1],
        },
    ]
    path = _lines(
        tmp_path / "rel.jsonl",
        {
            "id": 1,
            "text": TEXT,
            "entities": entities,
            "relations": [{"id": 3, "from_id": 8, "to_id": 7, "type": "to"}],
            "Comments": [],
        },
    )
    report = import_files(empty_project, [path])
    assert [f[1] for f in _facts(empty_project)] == ["airline", "city"]
    assert not report.dropped
    assert _relations(empty_project) == [("Air France", "Paris", "to", "alice", "")]
    # Importing it again adds nothing.
    again = import_files(empty_project, [path])
    assert again.structure["relation(s) already present"] == 1
    assert len(_relations(empty_project)) == 1


def test_doccano_relation_naming_an_entity_the_record_lacks_is_refused(
    empty_project: Project, tmp_path: Path
) -> None:
    path = _lines(
        tmp_path / "rel.jsonl",
        {
            "text": TEXT,
            "entities": [
                {"id": 7, "label": "city", "start_offset": _at("Paris")[0], "end_offset": _at("Paris")[1]}
            ],
            "relations": [{"id": 3, "from_id": 9, "to_id": 7, "type": "to"}],
        },
    )
    with pytest.raises(
        InputError, match=r"rel.jsonl, line 1: field 'relations\[0\]': names no span of the record \('9'\)"
    ):
        import_files(empty_project, [path])
    assert reading.list_documents(empty_project) == []


def test_doccano_1_0_annotations_with_label_and_user_names(empty_project: Project, tmp_path: Path) -> None:
    annotations = [
        {
            "label_name": "city",
            "start_offset": _at("Paris")[0],
            "end_offset": _at("Paris")[1],
            "user_name": "kim",
        },
        {
            "label": "airline",
            "start_offset": _at("Air France")[0],
            "end_offset": _at("Air France")[1],
            "user": 2,
        },
    ]
    path = _lines(
        tmp_path / "doccano-1.0.jsonl", {"id": 4, "text": TEXT, "annotations": annotations, "meta": {}}
    )
    import_files(empty_project, [path])  # recognised as doccano by its annotations
    assert _facts(empty_project) == [("Air France", "airline", "alice"), ("Paris", "city", "kim")]


def test_doccano_1_0_labels_by_number_only_are_refused_naming_the_shape(
    empty_project: Project, tmp_path: Path
) -> None:
    path = _lines(
        tmp_path / "numbers.jsonl",
        {"text": TEXT, "annotations": [{"label": 3, "start_offset": 0, "end_offset": 4, "user": 1}]},
    )
    with pytest.raises(
        InputError, match=r"line 1: field 'annotations\[0\]\.label': names its label by a number"
    ):
        import_files(empty_project, [path])
    assert reading.list_documents(empty_project) == []


def test_doccano_classification_labels_are_document_labels_and_no_spans_is_said(
    empty_project: Project, tmp_path: Path
) -> None:
    path = _lines(
        tmp_path / "sentiment.jsonl",
        {"text": "Great flight.", "label": ["positive"]},
        {"text": "Late again.", "label": ["negative", "delay"]},
    )
    report = import_files(empty_project, [path])
    assert len(report.added) == 2 and not report.dropped
    assert "no span found in its 2 record(s) read as doccano" in report.summary()
    assert _labels(empty_project) == [
        ("alice", "category", "delay"),
        ("alice", "category", "negative"),
        ("alice", "category", "positive"),
    ]
    from annotator.services.structure import structure_schema

    (category,) = structure_schema(empty_project).document_label_sets
    assert category.multiple and set(category.choices) == {"positive", "negative", "delay"}


def test_label_studio_0_x_completions_are_read(empty_project: Project, tmp_path: Path) -> None:
    start, end = _at("Paris")
    tasks = [
        {
            "id": 1,
            "data": {"text": TEXT},
            "completions": [
                {
                    "id": 1001,
                    "completed_by": {"email": "lee@example.com"},
                    "result": [
                        {
                            "id": "a1",
                            "from_name": "label",
                            "to_name": "text",
                            "type": "labels",
                            "value": {"start": start, "end": end, "text": "Paris", "labels": ["city"]},
                        },
                        {
                            "id": "r1",
                            "from_name": "label",
                            "to_name": "text",
                            "type": "relation",
                            "from_id": "a1",
                            "to_id": "a1",
                        },
                        {
                            "id": "c1",
                            "from_name": "intent",
                            "to_name": "text",
                            "type": "choices",
                            "value": {"choices": ["book"]},
                        },
                    ],
                }
            ],
        }
    ]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    report = import_files(empty_project, [path])
    assert _facts(empty_project) == [("Paris", "city", "lee@example.com")]
    # A relation of a region to itself has no meaning here: counted, not imported.
    assert report.dropped == {"relations of a span to itself": 1}
    assert _labels(empty_project) == [("lee@example.com", "intent", "book")]


def test_prodigy_relations_without_their_spans_are_counted_and_span_notes_travel(
    project: Project, tmp_path: Path
) -> None:
    start, end = _at("Paris")
    path = _lines(
        tmp_path / "rel.jsonl",
        {
            "text": TEXT,
            "spans": [{"start": start, "end": end, "label": "city", "note": "capital"}],
            "relations": [{"head": 0, "child": 1, "label": "to"}],
            "_annotator_id": "rel-kim",
            "answer": "accept",
        },
    )
    report = import_files(project, [path])
    assert report.dropped == {"relations without head_span and child_span": 1}
    out = tmp_path / "out.jsonl"
    export_dataset(project, out, "prodigy")
    written = [s for line in out.read_text(encoding="utf-8").splitlines() for s in json.loads(line)["spans"]]
    assert [s["note"] for s in written if s["text"] == "Paris"] == ["capital"]


def test_brat_lines_the_project_cannot_hold_are_counted_by_kind(
    empty_project: Project, tmp_path: Path
) -> None:
    (tmp_path / "d.txt").write_text(TEXT, encoding="utf-8")
    start, end = _at("Paris")
    (tmp_path / "d.ann").write_text(
        f"T1\tcity {start} {end}\tParis\n"
        "T2\tBooking 0 4\tBook\n"
        "E1\tBooking:T2 Destination:T1\n"
        "R1\tNear Arg1:T1 Arg2:T2\n"
        "*\tEquiv T1 T2\n"
        "A1\tNegated E1\n"
        "N1\tReference T1 Wikipedia:22989\tParis\n"
        "#1\tAnnotatorNotes R1\ta note on a relation\n"
        "#2\tAnnotatorNotes T1\tthe city\n",
        encoding="utf-8",
    )
    report = import_files(empty_project, [tmp_path / "d.ann"])
    assert report.dropped == {"events": 1, "attributes of relations or events": 1}
    assert [f[6] for f in span_facts(empty_project) if f[4] == "Paris"] == ["the city"]
    assert _relations(empty_project) == [
        ("Paris", "Book", "Equiv", "alice", ""),
        ("Paris", "Book", "Near", "alice", "a note on a relation"),
    ]
    (values,) = all_span_attributes(empty_project.database).values()
    assert values == {"Wikipedia": "Paris"}


def test_brat_export_names_pass_brats_rules_and_come_back(project: Project, tmp_path: Path) -> None:
    source = tmp_path / "chips.txt"
    source.write_text("芯片 R&D and my label, by a colleague.", encoding="utf-8")
    import_files(project, [source])
    document = next(d for d in reading.list_documents(project) if d.source == str(source))
    for label in ("芯片", "R&D", "my label", "R_26_D"):
        add_label(project, label, colour="#ffcc00", hotkey=None)
    colleague = Project(project.database, "李 明")
    with project.database.write():
        ensure_annotator(project.database, "李 明")
    annotation.tag_span(colleague, document.id, 0, 2, "芯片")
    annotation.tag_span(project, document.id, 3, 6, "R&D")
    annotation.tag_span(project, document.id, 11, 19, "my label")
    annotation.tag_span(project, document.id, 3, 6, "R_26_D")  # a label that looks like an encoded one
    out = tmp_path / "brat"
    report = export_dataset(project, out, "brat")
    assert "visual.conf shows the originals" in report.summary()
    name = re.compile(r"^[A-Za-z0-9_-]+$")
    for ann in out.glob("*.ann"):
        for line in ann.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")[1].split()
            if line.startswith("T"):
                assert name.match(fields[0]), line
            if line.startswith("A"):
                assert name.match(fields[2]), line
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    entities = conf.split("[entities]\n")[1].split("\n\n")[0].split("\n")
    values = conf.split("Value:")[1].strip().split("|")
    assert all(name.match(n) for n in entities + values) and len(set(entities)) == len(entities)

    with Project.open(tmp_path / "copy.db", annotator="zed") as copy:
        import_files(copy, [out])
        assert sorted((f[3], f[5]) for f in span_facts(copy)) == sorted(
            (f[3], f[5]) for f in span_facts(project)
        )


def test_a_conll_file_named_train_txt_is_read_as_conll(empty_project: Project, tmp_path: Path) -> None:
    path = tmp_path / "train.txt"
    path.write_text(
        "EU B-ORG\nrejects O\nGerman B-MISC\ncall O\n. O\n\nPeter B-PER\nBlackburn I-PER\n", encoding="utf-8"
    )
    import_files(empty_project, [path])
    assert {(f[4], f[3]) for f in span_facts(empty_project)} == {
        ("EU", "ORG"),
        ("German", "MISC"),
        ("Peter Blackburn", "PER"),
    }


def test_plain_text_that_looks_like_conll_says_so(empty_project: Project, tmp_path: Path) -> None:
    path = tmp_path / "train.txt"
    path.write_text("-DOCSTART- -X- O O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n", encoding="utf-8")
    report = import_files(empty_project, [path], ImportOptions(format="text"))
    assert "look like CoNLL 'token TAG' rows" in report.summary() and "--format conll" in report.summary()
    prose = tmp_path / "prose.txt"
    prose.write_text("The EU rejects a German call.\nPeter Blackburn reports.\nMore O\n", encoding="utf-8")
    assert "CoNLL" not in import_files(empty_project, [prose]).summary()


def test_label_studio_export_in_utf16_offsets_for_older_versions(project: Project, tmp_path: Path) -> None:
    from annotator.formats.offset_readings import OffsetUnit
    from tests.formats.corpus import tag_corpus

    tag_corpus(project, tmp_path)
    out = tmp_path / "old-ls.json"
    report = export_dataset(project, out, "label-studio", offsets=OffsetUnit.UTF16)
    assert "UTF-16 code units" in report.summary()
    tasks = json.loads(out.read_text(encoding="utf-8"))
    shifted = 0
    for task in tasks:
        text = task["data"]["text"]
        units = list(accumulate((2 if ord(char) > 0xFFFF else 1 for char in text), initial=0))
        from_utf16 = {unit: index for index, unit in enumerate(units)}
        for written in task["annotations"]:
            for region in written["result"]:
                value = region["value"]
                python_start = from_utf16[value["start"]]
                assert text[python_start : python_start + len(value["text"])] == value["text"]
                shifted += python_start != value["start"]
    assert shifted > 0  # the corpus has spans after emoji and astral characters
    with Project.open(tmp_path / "copy.db", annotator="zed") as copy:
        imported = import_files(copy, [out], ImportOptions(offsets=OffsetUnit.UTF16))
        assert imported.offset_readings == []
        assert span_facts(copy) == span_facts(project)


def test_brat_names_map_back_even_when_a_fitting_name_comes_after_its_look_alike() -> None:
    from annotator.formats.brat_names import NameMap, read_visual_conf

    names = NameMap()
    names.add(["R&D"])
    names.add(["R_26_D", "plain"])
    assert names["plain"] == "plain" and len({names["R&D"], names["R_26_D"]}) == 2
    back = read_visual_conf(names.visual_conf())
    assert {written: back.get(written, written) for written in names.by_name.values()} == {
        names[name]: name for name in names.by_name
    }
    # Display names that other corpora choose are not taken as our mapping.
    assert read_visual_conf("[labels]\nGene_or_gene_product | Gene or gene product | GGP\n") == {}
