"""``annotator import`` and ``annotator export`` with formats, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from annotator.domain.text import text_sha256
from annotator.services import reading
from annotator.services.project import Project


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


def test_import_with_skip_invalid_says_where_the_rejects_are(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    data = tmp_path / "data.jsonl"
    data.write_text(
        '{"text": "Huawei ships chips.", '
        '"spans": [{"start": 0, "end": 6, "label": "org", "text": "Huawei"}]}\n'
        '{"text": "Broken", "spans": [{"start": 0, "end": true, "label": "x"}]}\n',
        encoding="utf-8",
    )
    strict = run_cli("import", "--db", str(db), "--annotator", "lee", str(data), cwd=tmp_path)
    assert strict.returncode == 1
    assert "data.jsonl, line 2: field 'spans[0].end': expected a valid integer, got True" in strict.stderr
    result = run_cli(
        "import", "--db", str(db), "--annotator", "lee", "--skip-invalid", str(data), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    [listing] = tmp_path.glob("import-rejected-*.jsonl")
    assert str(listing) in result.stdout
    assert json.loads(listing.read_text(encoding="utf-8"))["line"] == 2
    assert "1 span(s) added" in result.stdout
    assert "new labels added (with generated colours): org" in result.stdout
    with Project.open(db, samples=True) as project:
        spans = [s for d in reading.list_documents(project) for s in reading.document_spans(project, d.id)]
        assert [(s.text, s.annotator) for s in spans] == [("Huawei", "lee")]


def test_export_every_format_with_filters(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    data = tmp_path / "data.jsonl"
    data.write_text(
        json.dumps(
            {
                "text": "Huawei Ascend 910B chips.",
                "spans": [
                    {"start": 0, "end": 6, "label": "strategy", "annotator": "kim"},
                    {"start": 7, "end": 18, "label": "chips", "annotator": "kim"},
                    {"start": 7, "end": 13, "label": "chips", "annotator": "ola"},
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert run_cli("import", "--db", str(db), str(data), cwd=tmp_path).returncode == 0
    out = tmp_path / "kim.jsonl"
    result = run_cli(
        "export", "--db", str(db), "--annotator", "kim", "--label", "chips", str(out), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "exported 1 document(s) and 1 span(s) as jsonl" in result.stdout
    spans = [s for line in out.read_text(encoding="utf-8").splitlines() for s in json.loads(line)["spans"]]
    assert [(s["text"], s["annotator"]) for s in spans] == [("Ascend 910B", "kim")]
    for name, target in [("conll", "d.conll"), ("brat", "brat"), ("label-studio", "ls.json")]:
        result = run_cli("export", "--db", str(db), "--format", name, str(tmp_path / target), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert (
        "CoNLL: 1 span(s) could not be written"
        in run_cli(
            "export", "--db", str(db), "--format", "conll", str(tmp_path / "e.conll"), cwd=tmp_path
        ).stdout
    )
    unknown = run_cli("export", "--db", str(db), "--annotator", "nobody", str(out), cwd=tmp_path)
    assert unknown.returncode == 1 and "no annotator called 'nobody'" in unknown.stderr
    bad_format = run_cli("export", "--db", str(db), "--format", "xml", str(out), cwd=tmp_path)
    assert bad_format.returncode == 2 and "invalid choice: 'xml'" in bad_format.stderr


def test_update_by_and_label_studio_offsets_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    first = tmp_path / "v1.jsonl"
    text = "Huawei 👍 ships chips."
    first.write_text(json.dumps({"text": text, "meta": {"doc_id": "a-1"}}) + "\n", encoding="utf-8")
    assert (
        run_cli("import", "--db", str(db), "--update-by", "meta.source", str(first), cwd=tmp_path).returncode
        == 1
    )
    assert run_cli("import", "--db", str(db), str(first), cwd=tmp_path).returncode == 0
    with Project.open(db) as project:
        (document,) = [d for d in reading.list_documents(project) if d.sha256 == text_sha256(text)]
    second = tmp_path / "v2.jsonl"
    second.write_text(
        json.dumps({"id": document.id, "text": "Huawei 👍 ships new chips."}) + "\n", encoding="utf-8"
    )
    result = run_cli("import", "--db", str(db), "--update-by", "id", str(second), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "1 record(s) read: 0 document(s) added, 0 already present (same text), 1 new version(s), 0 refused"
        in (result.stdout)
    )

    wrong = run_cli(
        "export", "--db", str(db), "--offsets", "utf-16", str(tmp_path / "out.jsonl"), cwd=tmp_path
    )
    assert wrong.returncode == 1 and "--offsets is for label-studio" in wrong.stderr
    out = tmp_path / "tasks.json"
    with Project.open(db) as project:
        annotation_text = reading.load_document(project, document.id).text
    assert annotation_text == "Huawei 👍 ships new chips."
    tag = run_cli("import", "--db", str(db), str(_tagged(tmp_path, annotation_text)), cwd=tmp_path)
    assert tag.returncode == 0, tag.stderr
    exported = run_cli(
        "export", "--db", str(db), "--format", "label-studio", "--offsets", "utf-16", str(out), cwd=tmp_path
    )
    assert exported.returncode == 0, exported.stderr
    regions = [
        r["value"]
        for t in json.loads(out.read_text(encoding="utf-8"))
        for a in t["annotations"]
        for r in a["result"]
    ]
    start = annotation_text.index("ships")
    assert [(r["start"], r["text"]) for r in regions] == [(start + 1, "ships")]  # the emoji counts twice


def _tagged(folder: Path, text: str) -> Path:
    start = text.index("ships")
    path = folder / "tagged.jsonl"
    record = {
        "text": text,
        "spans": [{"start": start, "end": start + 5, "label": "strategy", "text": "ships"}],
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path
