"""The article list model over the stored columns: what each cell, tooltip and count shows, and how an
article's change reaches it without reading the list again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment

from annotator.domain.models import DocumentStatus
from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.storage.status import set_status
from annotator.ui.document_model import DOCUMENT_ID_ROLE, STATUS_MARKS, STATUS_ROLE, DocumentListModel


def model_for(project: Project) -> DocumentListModel:
    model = DocumentListModel(lambda document_id: reading.document_summary(project, document_id))
    model.set_articles(reading.article_list(project))
    return model


def cell(model: DocumentListModel, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    return model.data(model.index(row, column), role)


def test_cells_counts_and_tooltip_follow_the_stored_articles(project: Project) -> None:
    summaries = reading.list_documents(project)
    first = summaries[0]
    annotation.tag_span(project, first.id, 0, 3, "chips")
    with project.database.write():
        set_status(project.database, summaries[1].id, project.annotator, DocumentStatus.DONE)
    model = model_for(project)

    assert model.rowCount() == len(summaries)
    assert [cell(model, row, 0) for row in range(model.rowCount())] == [s.title for s in summaries]
    assert cell(model, 0, 0, DOCUMENT_ID_ROLE) == first.id
    assert cell(model, 0, 2) == 1
    assert cell(model, 1, 1) == STATUS_MARKS[DocumentStatus.DONE]
    assert cell(model, 1, 1, STATUS_ROLE) == "done"
    assert model.status_counts() == {
        DocumentStatus.TODO: len(summaries) - 2,
        DocumentStatus.IN_PROGRESS: 1,  # the first tag marks an article in progress
        DocumentStatus.DONE: 1,
    }
    assert model.total_spans() == 1
    # Shown as the text it is: escaped into rich text of its own, read back here as plain text.
    tooltip = QTextDocumentFragment.fromHtml(
        str(cell(model, 0, 0, Qt.ItemDataRole.ToolTipRole))
    ).toPlainText()
    assert first.title in tooltip and first.source in tooltip
    assert f"{first.length:,} characters, 1 spans" in tooltip
    assert tooltip.endswith("Your status: In progress")


def test_an_article_change_updates_its_row_counts_and_status(project: Project) -> None:
    model = model_for(project)
    document_id = model.document_ids()[2]
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append(top.row()))
    annotation.tag_span(project, document_id, 0, 3, "chips")
    annotation.tag_span(project, document_id, 4, 8, "models")
    model.update_document(reading.document_summary(project, document_id))

    assert changed == [2]
    assert model.span_count(document_id) == 2 and cell(model, 2, 2) == 2
    assert model.status(document_id) is DocumentStatus.IN_PROGRESS
    assert model.total_spans() == 2
    assert model.status_counts()[DocumentStatus.IN_PROGRESS] == 1
    assert model.status("no such article") is None
    assert model.title(document_id) == reading.document_summary(project, document_id).title


def test_status_counts_follow_each_change_back_and_forth(project: Project) -> None:
    model = model_for(project)
    first, second = model.document_ids()[:2]
    articles = model.rowCount()
    for document_id, status in [
        (first, DocumentStatus.DONE),
        (second, DocumentStatus.IN_PROGRESS),
        (first, DocumentStatus.TODO),
        (second, DocumentStatus.DONE),
    ]:
        with project.database.write():
            set_status(project.database, document_id, project.annotator, status)
        model.update_document(reading.document_summary(project, document_id))
        assert model.status_counts() == model_for(project).status_counts()  # as a fresh read counts them
    assert model.status_counts() == {
        DocumentStatus.TODO: articles - 1,
        DocumentStatus.IN_PROGRESS: 0,
        DocumentStatus.DONE: 1,
    }


def test_next_unfinished_wraps_around_and_skips_done_articles(project: Project) -> None:
    from annotator.services.documents import next_unfinished

    model = model_for(project)
    ids = model.document_ids()
    for document_id in ids[1:3] + ids[-1:]:
        with project.database.write():
            set_status(project.database, document_id, project.annotator, DocumentStatus.DONE)
        model.update_document(reading.document_summary(project, document_id))
    assert model.next_unfinished(ids[0]) == ids[3]  # past the two done ones
    assert model.next_unfinished(ids[-2]) == ids[0]  # wraps around past the last, which is done
    assert model.next_unfinished(None) == ids[0]
    assert [next_unfinished(project, after) for after in (ids[0], ids[-2], None)] == [ids[3], ids[0], ids[0]]
    for document_id in ids:
        with project.database.write():
            set_status(project.database, document_id, project.annotator, DocumentStatus.DONE)
        model.update_document(reading.document_summary(project, document_id))
    assert model.next_unfinished(ids[0]) is None and next_unfinished(project, ids[0]) is None
