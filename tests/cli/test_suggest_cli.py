"""``annotator suggest``: refresh headlessly, measure on held-out articles, refuse unknown labels."""

from __future__ import annotations

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
