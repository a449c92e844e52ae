"""The exports read by the libraries that consume them: spaCy, Hugging Face datasets, JSON Schema."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from annotator.domain.models import Document
from annotator.domain.text import text_sha256 as sha256
from annotator.domain.tokens import tokenize
from annotator.formats.jsonl_schema import schema_text
from annotator.services import reading
from annotator.services.exporting import export_dataset
from annotator.services.project import Project
from tests.formats.corpus import span_facts, tag_corpus

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "jsonl-schema.json"


@pytest.fixture
def exported(project: Project, tmp_path: Path) -> Path:
    tag_corpus(project, tmp_path)
    out = tmp_path / "dataset.jsonl"
    export_dataset(project, out, "jsonl")
    return out


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_spacy_char_span_strict_accepts_every_span_on_token_boundaries(exported: Path) -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    converted = checked = 0
    for record in _records(exported):
        text = record["text"]
        assert isinstance(text, str)
        doc = nlp(text)
        starts = {token.idx for token in doc}
        ends = {token.idx + len(token.text) for token in doc}
        for span in record["spans"]:  # type: ignore[attr-defined]
            assert text[span["start"] : span["end"]] == span["text"]
            checked += 1
            if span["start"] in starts and span["end"] in ends:
                made = doc.char_span(span["start"], span["end"], label=span["label"], alignment_mode="strict")
                assert made is not None and made.text == span["text"] and made.label_ == span["label"]
                converted += 1
    assert checked == 32
    # Everything but spans that cut through spaCy's tokens (e.g. inside "Huawei-backed") converts.
    assert converted >= 25


def test_spacy_docbin_export_puts_every_span_in_a_span_group(project: Project, tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    tag_corpus(project, tmp_path)
    out = tmp_path / "train.spacy"
    export_dataset(project, out, "spacy")
    docs = list(DocBin().from_disk(out).get_docs(Vocab()))
    found = sorted(
        (span.start_char, span.end_char, span.label_, span.text) for doc in docs for span in doc.spans["sc"]
    )
    expected = sorted((f[1], f[2], f[3], f[4]) for f in span_facts(project))
    assert found == expected
    adversarial = next(doc for doc in docs if doc.text.startswith("Emoji"))
    entities = {(e.label_, e.text) for e in adversarial.ents}
    # "Ascend 910B" overlaps bob's "Ascend", so only spans that overlap nothing become entities.
    assert ("models", "讯飞星火") in entities and ("chips", "Ascend 910B") not in entities
    ents = list(adversarial.ents)
    assert all(a.end <= b.start for a, b in itertools.pairwise(ents))


def test_huggingface_datasets_loads_the_export_with_its_span_columns(
    exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    datasets = pytest.importorskip("datasets")
    dataset = datasets.load_dataset(
        "json", data_files=str(exported), split="train", cache_dir=str(tmp_path / "cache")
    )
    assert dataset.num_rows == 6
    assert {"id", "text", "meta", "spans"} <= set(dataset.column_names)
    rows = {row["id"]: row for row in dataset}
    for record in _records(exported):
        row = rows[record["id"]]
        assert row["text"] == record["text"]
        assert [(s["start"], s["end"], s["label"], s["text"], s["annotator"]) for s in row["spans"]] == [
            (s["start"], s["end"], s["label"], s["text"], s["annotator"]) for s in record["spans"]
        ]  # type: ignore[attr-defined]


def test_shipped_schema_is_what_the_models_generate() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "regenerate it: python -m annotator.formats.jsonl_schema docs/jsonl-schema.json"
    )


def test_exports_validate_against_the_shipped_schema(exported: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for record in _records(exported):
        assert list(validator.iter_errors(record)) == []
    bad = {"text": "a", "spans": [{"start": True, "end": 1, "label": "x"}]}
    assert list(validator.iter_errors(bad))


def test_conll_export_tokens_are_the_documented_tokenizer(project: Project, tmp_path: Path) -> None:
    tag_corpus(project, tmp_path)
    out = tmp_path / "d.conll"
    export_dataset(project, out, "conll")
    written = [line.split("\t")[0] for line in out.read_text(encoding="utf-8").splitlines() if "\t" in line]
    from annotator.services import reading

    expected = ["-DOCSTART-"]
    for summary in sorted(reading.list_documents(project), key=lambda s: s.id):
        expected += [t.text for t in tokenize(reading.load_document(project, summary.id).text)]
        expected.append("-DOCSTART-")
    assert written == expected[:-1]


@pytest.mark.parametrize("name", ["doccano", "prodigy", "label-studio"])
def test_huggingface_datasets_loads_the_other_json_exports(
    name: str, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    datasets = pytest.importorskip("datasets")
    tag_corpus(project, tmp_path)
    out = tmp_path / ("export.json" if name == "label-studio" else "export.jsonl")
    export_dataset(project, out, name)
    dataset = datasets.load_dataset("json", data_files=str(out), split="train", cache_dir=str(tmp_path / "c"))
    texts = [row["data"]["text"] if name == "label-studio" else row["text"] for row in dataset]
    assert set(texts) == {record.text for record in _documents(project)}


def _documents(project: Project) -> list[Document]:
    return [reading.load_document(project, summary.id) for summary in reading.list_documents(project)]


LABEL_CONFIG = """<View>
  <Labels name="label" toName="text">{labels}</Labels>
  <Text name="text" value="$text"/>
</View>"""


def test_label_studio_converter_reads_every_task_and_span_of_the_export(
    project: Project, tmp_path: Path
) -> None:
    converter_module = pytest.importorskip("label_studio_converter")
    tag_corpus(project, tmp_path)
    out = tmp_path / "tasks.json"
    export_dataset(project, out, "label-studio")
    labels = "".join(f'<Label value="{label}"/>' for label in sorted({f[3] for f in span_facts(project)}))
    converter = converter_module.Converter(LABEL_CONFIG.format(labels=labels), project_dir=None)
    converter.convert_to_json_min(str(out), str(tmp_path / "min"), is_dir=False)
    rows = json.loads((tmp_path / "min" / "result.json").read_text(encoding="utf-8"))
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(row["id"] for row in rows) == sorted(
        task["id"] for task in tasks for _ in (task["annotations"] or [None])
    )
    found = []
    for row in rows:
        for region in row.get("label", []):
            # The converter slices the text in Python: the offsets are code points, as Label Studio's own.
            assert row["text"][region["start"] : region["end"]] == region["text"]
            found.append(
                (sha256(row["text"]), region["start"], region["end"], region["labels"][0], region["text"])
            )
    assert sorted(found) == sorted((f[0], f[1], f[2], f[3], f[4]) for f in span_facts(project))
    converter.convert_to_conll2003(str(out), str(tmp_path / "conll"), is_dir=False)
    assert "B-chips" in (tmp_path / "conll" / "result.conll").read_text(encoding="utf-8")
