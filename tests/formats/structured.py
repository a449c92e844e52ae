"""A project with everything structured annotation records (two annotators' relations, attributes and
document labels over the issue's own example), and a canonical view of it to compare round trips by."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.structure import AttributeDefinition, DocumentLabelSet, RelationType
from annotator.services import annotation, relations, structure
from annotator.services.importing import import_paths
from annotator.services.project import Project
from annotator.storage import relations as relation_rows
from annotator.storage.documents import iter_documents
from annotator.storage.spans import all_spans_by_document

TEXT = (
    "Huawei supplies the Ascend 910B that iFlytek trains on. "
    "华为 reported revenue of ¥4.1 billion in Q3 2025.\n"
    "Huawei Technologies and iFlytek 👩‍💻 were named in the new export controls."
)
SECOND = "SMIC makes chips for Huawei. iFlytek trains Spark on them."


def at(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def build(project: Project, folder: Path) -> None:
    """The schema, two articles, and alice's and bob's annotation of the first, alice's of the second."""
    structure.save_relation_type(
        project,
        RelationType(
            name="supplies", colour="#e57373", source_labels=("strategy",), target_labels=("chips",)
        ),
        seen=None,
    )
    structure.save_relation_type(project, RelationType(name="trains_on", colour="#64b5f6"), seen=None)
    structure.save_relation_type(project, RelationType(name="same_company", directed=False), seen=None)
    for definition in (
        AttributeDefinition(label="financials", name="metric", kind="choice", choices=("revenue", "profit")),
        AttributeDefinition(label="financials", name="amount", kind="number"),
        AttributeDefinition(label="financials", name="period", kind="text"),
        AttributeDefinition(label="financials", name="audited", kind="boolean"),
        AttributeDefinition(label="strategy", name="company", kind="entity"),
    ):
        structure.save_attribute(project, definition)
    structure.save_document_label_set(
        project,
        DocumentLabelSet(name="topic", choices=("export controls", "earnings", "chips"), multiple=True),
    )
    structure.save_document_label_set(
        project, DocumentLabelSet(name="stance", choices=("positive", "negative"))
    )
    for name, text in (("first.txt", TEXT), ("second.txt", SECOND)):
        (folder / name).write_text(text, encoding="utf-8")
    import_paths(project, [folder / "first.txt", folder / "second.txt"])
    documents = {d.text: d.id for d in iter_documents(project.database)}
    annotate(project, documents[TEXT], "alice", full=True)
    annotate(project, documents[TEXT], "bob", full=False)
    annotate_second(project, documents[SECOND])


def annotate(project: Project, document_id: str, who: str, *, full: bool) -> None:
    project.annotator = who

    def tag(piece: str, label: str, nth: int = 0) -> annotation.Span:
        return annotation.tag_span(project, document_id, *at(TEXT, piece, nth), label)

    huawei = tag("Huawei", "strategy")
    ascend = tag("Ascend 910B", "chips")
    iflytek = tag("iFlytek", "strategy")
    huawei_cn = tag("华为", "strategy")
    money = tag("revenue of ¥4.1 billion" if full else "¥4.1 billion", "financials")
    relations.add_relation(project, huawei, ascend, "supplies", note="per the article" if full else "")
    relations.add_relation(project, iflytek, ascend, "trains_on")
    relations.add_relation(project, huawei_cn, huawei, "same_company")
    relations.set_span_attribute(project, money, "metric", "revenue", was=None)
    relations.set_span_attribute(project, money, "amount", 4.1e9 if full else 4100000000, was=None)
    relations.set_span_attribute(project, huawei, "company", "Huawei", was=None)
    structure.toggle_document_label(project, document_id, "topic", "export controls")
    structure.toggle_document_label(project, document_id, "stance", "negative" if full else "positive")
    if full:
        relations.set_span_attribute(project, money, "period", "Q3 2025", was=None)
        relations.set_span_attribute(project, money, "audited", False, was=None)
        structure.toggle_document_label(project, document_id, "topic", "earnings")
        emoji_side = tag("Huawei Technologies", "strategy")
        relations.add_relation(project, emoji_side, huawei, "same_company")
    project.annotator = "alice"


def annotate_second(project: Project, document_id: str) -> None:
    smic = annotation.tag_span(project, document_id, *at(SECOND, "SMIC"), "strategy")
    chips = annotation.tag_span(project, document_id, *at(SECOND, "chips"), "chips")
    relations.add_relation(project, smic, chips, "supplies")
    structure.toggle_document_label(project, document_id, "topic", "chips")


def facts(project: Project, *, attributes: bool = True, notes: bool = True) -> dict[str, object]:
    """Everything recorded, keyed by text and offsets (never by ids, which formats may not keep)."""
    database = project.database
    texts = {d.id: d.text for d in iter_documents(database)}
    spans = {s.id: s for group in all_spans_by_document(database).values() for s in group}

    def key(span_id: str) -> tuple[object, ...]:
        s = spans[span_id]
        return (texts[s.document_id], s.start, s.end, s.label, s.annotator)

    found: dict[str, object] = {
        "spans": sorted(key(i) for i in spans),
        "relations": sorted(
            (key(r.source_id), key(r.target_id), r.type, r.annotator, r.note if notes else "")
            for group in relation_rows.all_relations_by_document(database).values()
            for r in group
        ),
        "labels": sorted(
            (texts[x.document_id], x.annotator, x.label_set, x.value)
            for group in relation_rows.all_document_labels(database).values()
            for x in group
        ),
    }
    if attributes:
        found["attributes"] = sorted(
            (key(span_id), name, repr(value))
            for span_id, values in relation_rows.all_span_attributes(database).items()
            for name, value in values.items()
        )
    return found


def relation_total(project: Project) -> int:
    """How many relations the project file holds, every annotator's."""
    return sum(len(group) for group in relation_rows.all_relations_by_document(project.database).values())
