"""The model source: tokens for English and Chinese, a span categorizer that learns overlapping spans of
both, its held-out scores, and a cancel that leaves earlier suggestions alone."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from annotator.domain.errors import Cancelled
from annotator.domain.progress import Progress
from annotator.domain.suggestions import SuggestionSource
from annotator.services import annotation, reading, suggestions
from annotator.services.importing import import_paths
from annotator.services.project import Project
from annotator.services.span_model import SpanModel, TrainingDocument, longest_span, tokens
from annotator.services.suggest_model import refresh_model

pytest.importorskip("spacy")

MAKERS = ("Huawei", "Nvidia", "Cambricon", "AMD", "Intel", "Baidu")
CHIPS = ("Ascend 910B", "H20", "MLU370", "MI300X", "Gaudi 3", "Kunlun 2")
MODELS = ("讯飞星火", "文心一言", "通义千问", "混元", "盘古", "天工")


def sentence(rng: random.Random, number: int = 0) -> tuple[str, list[tuple[int, int, str]]]:
    """'<maker> ships the <chip> chip. <model>模型发布。' with the chip (chips), maker and chip together
    (strategy, overlapping it) and the Chinese model name (models) tagged."""
    maker, chip, model = rng.choice(MAKERS), rng.choice(CHIPS), rng.choice(MODELS)
    text = f"{maker} ships the {chip} chip. {model}模型发布。第{number}号"
    chip_at = text.index(chip)
    model_at = text.index(model)
    spans = [
        (chip_at, chip_at + len(chip), "chips"),
        (0, chip_at + len(chip), "strategy"),
        (model_at, model_at + len(model), "models"),
    ]
    return text, spans


def test_tokens_keep_words_and_numbers_whole_and_cut_chinese_by_character() -> None:
    text = "Revenue of 9.325 billion yuan; Ascend 910B, 讯飞星火X1 模型"
    assert [text[s:e] for s, e in tokens(text)] == [
        "Revenue", "of", "9.325", "billion", "yuan", ";", "Ascend", "910B", ",",
        "讯", "飞", "星", "火", "X1", "模", "型",
    ]  # fmt: skip


def test_the_model_learns_overlapping_english_and_chinese_spans() -> None:
    rng = random.Random(1)
    documents = [TrainingDocument(text, tuple(spans)) for text, spans in (sentence(rng) for _ in range(60))]
    model = SpanModel(["chips", "models", "strategy"], longest_span(documents))
    model.train(documents, epochs=6, seconds=60)
    unseen = [sentence(rng) for _ in range(10)]
    predicted = model.predict([text for text, _ in unseen], minimum=0.5)
    wanted = {(i, *span) for i, (_, spans) in enumerate(unseen) for span in spans}
    found = {(i, p.start, p.end, p.label) for i, ps in enumerate(predicted) for p in ps}
    assert len(wanted & found) >= 0.8 * len(wanted)
    assert len(wanted & found) >= 0.8 * len(found)


def project_with_tags(empty_project: Project, tmp_path: Path) -> Project:
    rng = random.Random(2)
    folder = tmp_path / "articles"
    folder.mkdir()
    tagged = []
    for number in range(14):
        text, spans = sentence(rng, number)
        (folder / f"{number:02}.txt").write_text(text, encoding="utf-8")
        tagged.append(spans if number < 12 else [])
    import_paths(empty_project, [folder])
    for document in reading.list_documents(empty_project):
        for start, end, label in tagged[int(Path(document.source).stem)]:
            annotation.tag_span(empty_project, document.id, start, end, label)
    return empty_project


def test_refreshing_the_model_scores_it_on_held_out_articles_and_suggests_in_untagged_ones(
    empty_project: Project, tmp_path: Path
) -> None:
    project = project_with_tags(empty_project, tmp_path)
    result = refresh_model(project)
    assert result.train_articles + 2 == 12  # a fifth of the 12 tagged articles held out (2)
    assert result.held_out["all"].true_positives + result.held_out["all"].false_negatives == 6
    untagged = [d.id for d in reading.list_documents(project) if d.span_count == 0]
    found = [s for d in untagged for s in suggestions.open_suggestions(project, d)]
    assert found and {s.source for s in found} == {SuggestionSource.MODEL}
    assert result.stored == model_suggestions(project)
    assert "precision" in result.summary()


def test_a_cancelled_training_leaves_the_previous_suggestions(empty_project: Project, tmp_path: Path) -> None:
    project = project_with_tags(empty_project, tmp_path)
    first = refresh_model(project)
    steps = 0

    def cancel_soon() -> bool:
        nonlocal steps
        steps += 1
        return steps > 2

    with pytest.raises(Cancelled):
        refresh_model(project, progress=Progress(cancelled=cancel_soon))
    assert model_suggestions(project) == first.stored


def model_suggestions(project: Project) -> int:
    query = "SELECT COUNT(*) FROM suggestions WHERE source = 'model'"
    return int(project.database.conn.execute(query).fetchone()[0])
