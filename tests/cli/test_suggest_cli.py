"""``annotator suggest``: refresh headlessly, measure on held-out articles, refuse unknown labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.services import reading, suggestions
from annotator.services.project import Project

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "seeds_annotated.jsonl"


def test_suggest_fills_suggestions_from_the_seed_fixture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.db"
    assert main(["import", "--db", str(db), str(FIXTURE)]) == 0
    capsys.readouterr()
    assert main(["suggest", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("suggestions refreshed: ")
    with Project.open(db, annotator="alice") as project:
        # Strings the reference annotator tagged in one article are proposed in the others.
        proposed = {
            s.text
            for d in reading.list_documents(project)
            for s in suggestions.open_suggestions(project, d.id)
        }
        assert "Xinghuo X1" in proposed


def test_suggest_evaluate_prints_each_label_for_each_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(5):
        (folder / f"{number}.txt").write_text(f"Article {number} on the Ascend 910B chip.", encoding="utf-8")
    terms = tmp_path / "terms.csv"
    terms.write_text("label,term\nchips,Ascend 910B\n", encoding="utf-8")
    db = tmp_path / "p.db"
    assert main(["import", "--db", str(db), str(folder)]) == 0
    with Project.open(db, annotator="alice") as project:
        from annotator.services import annotation

        for document in reading.list_documents(project):
            text = reading.load_document(project, document.id).text
            start = text.index("Ascend 910B")
            annotation.tag_span(project, document.id, start, start + 11, "chips")
    capsys.readouterr()
    argv = ["suggest", "--db", str(db), "--evaluate", "--source", "strings", "--source", "terms", "--terms"]
    assert main([*argv, str(terms)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "1 term(s) or pattern(s) added, 0 updated"
    assert lines[1] == "held-out evaluation: trained on 4 tagged article(s), scored on 1"
    rows = {
        tuple(line.rsplit(None, 5)[0].split(None, 1)[-1:]) + tuple(line.split()[-5:]) for line in lines[3:]
    }
    # One held-out article with one span, proposed exactly by both sources.
    assert {row[1:4] for row in rows} == {("1.000", "1.000", "1.000")}
    assert len(lines[3:]) == 4  # chips and all, for each source


def test_suggest_refuses_an_unknown_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", "--db", str(tmp_path / "p.db"), "--label", "hardware"]) == 1
    assert "there is no label called 'hardware'" in capsys.readouterr().err


def test_predictions_import_as_suggestions_with_scores_and_export_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.db"
    assert main(["import", "--db", str(db), str(FIXTURE)]) == 0
    with Project.open(db, annotator="alice") as project:
        document = next(
            d for d in reading.list_documents(project) if d.source.endswith("002_834ff3f974c44d12.txt")
        )
        text = reading.load_document(project, document.id).text
        tagged_before = reading.document_spans(project, document.id)
    start = text.index("Xinghuo X1")
    tasks = [
        {
            "data": {"text": text},
            "predictions": [
                {
                    "model_version": "ner-7",
                    "score": 0.4,
                    "result": [
                        {
                            "type": "labels",
                            "score": 0.93,
                            "value": {
                                "start": start,
                                "end": start + 10,
                                "text": "Xinghuo X1",
                                "labels": ["models"],
                            },
                        },
                        {"type": "labels", "value": {"start": 0, "end": 7, "labels": ["chips"]}},
                        {"type": "labels", "value": {"start": 0, "end": 7, "labels": ["people"]}},
                    ],
                }
            ],
        },
        {"data": {"text": "An article this project does not have."}, "predictions": []},
    ]
    predictions = tmp_path / "predictions.json"
    predictions.write_text(json.dumps(tasks), encoding="utf-8")
    capsys.readouterr()
    assert main(["suggest", "--db", str(db), "--import-predictions", str(predictions)]) == 0
    assert capsys.readouterr().out.strip() == (
        "2 suggestion(s) imported into 1 article(s); "
        "1 record(s) are of articles not in this project: left out; "
        "1 prediction(s) of label 'people', which this project lacks: left out"
    )
    with Project.open(db, annotator="alice") as project:
        found = suggestions.open_suggestions(project, document.id)
        assert {(s.text, s.label, s.score, s.source.value) for s in found} == {
            ("Xinghuo X1", "models", 0.93, "imported"),
            ("Chinese", "chips", 0.4, "imported"),
        }
        assert "ner-7" in found[0].provenance
        assert reading.document_spans(project, document.id) == tagged_before  # suggestions, not tags

    out = tmp_path / "out.json"
    assert main(["suggest", "--db", str(db), "--export-predictions", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    regions = [r for task in written for p in task["predictions"] for r in p["result"]]
    assert {(r["value"]["text"], r["value"]["labels"][0], r["score"]) for r in regions} >= {
        ("Xinghuo X1", "models", 0.93)
    }
    assert all(
        task["data"]["text"][r["value"]["start"] : r["value"]["end"]] == r["value"]["text"]
        for task in written
        for p in task["predictions"]
        for r in p["result"]
    )


def test_a_bad_prediction_names_the_file_line_and_field_and_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.db"
    assert main(["import", "--db", str(db), str(FIXTURE)]) == 0
    first = json.loads(FIXTURE.read_text(encoding="utf-8").splitlines()[0])["text"]
    bad = tmp_path / "spans.jsonl"
    bad.write_text(
        json.dumps({"text": first, "spans": [{"start": 3, "end": 8, "label": "chips", "score": 0.5}]})
        + "\n"
        + json.dumps({"text": first, "spans": [{"start": 3, "end": 8, "label": "chips", "text": "nope"}]})
        + "\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["suggest", "--db", str(db), "--import-predictions", str(bad)]) == 1
    error = capsys.readouterr().err
    assert f"{bad}, line 2: field 'spans[0]': the text at [3, 8) is" in error
    with Project.open(db, annotator="alice") as project:
        assert project.database.conn.execute("SELECT COUNT(*) FROM suggestions").fetchone()[0] == 0


def test_open_suggestions_export_as_prodigy_tasks_that_read_back_as_the_same_suggestions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.db"
    assert main(["import", "--db", str(db), str(FIXTURE)]) == 0
    assert main(["suggest", "--db", str(db)]) == 0
    out = tmp_path / "tasks.jsonl"
    capsys.readouterr()
    assert main(["suggest", "--db", str(db), "--export-predictions", str(out)]) == 0
    assert "as Prodigy tasks" in capsys.readouterr().out
    with Project.open(db, annotator="alice") as project:
        wanted = {
            (s.text, s.start, s.end, s.label, s.score)
            for d in reading.list_documents(project)
            for s in suggestions.open_suggestions(project, d.id)
        }
    tasks = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    written = {
        (t["text"][s["start"] : s["end"]], s["start"], s["end"], s["label"], s["score"])
        for t in tasks
        for s in t["spans"]
    }
    assert written == wanted and all(s["source"] == "strings" for t in tasks for s in t["spans"])
    # Another project reads them back as suggestions, with the same scores.
    other = tmp_path / "other.db"
    assert main(["import", "--db", str(other), str(FIXTURE)]) == 0
    assert main(["suggest", "--db", str(other), "--import-predictions", str(out)]) == 0
    with Project.open(other, annotator="alice") as project:
        back = {
            (s.text, s.start, s.end, s.label, s.score)
            for d in reading.list_documents(project)
            for s in suggestions.open_suggestions(project, d.id)
        }
    assert back == wanted
