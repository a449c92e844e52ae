"""The article list's filters: title, status and label narrow it at once, follow the articles as they
change, and keep the article the user was on."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from annotator.domain.models import DocumentStatus
from annotator.services import annotation, reading
from annotator.services.project import Project
from annotator.services.structure import ArticleLabels
from annotator.storage.status import set_status
from annotator.ui.document_dock import DocumentFilter
from annotator.ui.document_model import DOCUMENT_ID_ROLE, DocumentListModel
from tests.ui.conftest import WindowFactory


def filtered(project: Project) -> tuple[DocumentListModel, DocumentFilter]:
    model = DocumentListModel()
    model.set_articles(reading.article_list(project))
    return model, DocumentFilter(model)


def shown(narrowed: DocumentFilter) -> list[str]:
    return [str(narrowed.index(row, 0).data(DOCUMENT_ID_ROLE)) for row in range(narrowed.rowCount())]


def test_title_status_and_ids_narrow_the_list_together(project: Project) -> None:
    model, narrowed = filtered(project)
    summaries = reading.list_documents(project)
    assert shown(narrowed) == [s.id for s in summaries]
    word = summaries[2].title.split()[0]
    narrowed.set_title(word.upper())  # case is ignored
    expected = [s.id for s in summaries if word.casefold() in s.title.casefold()]
    assert shown(narrowed) == expected and summaries[2].id in expected
    narrowed.set_status("done")
    assert shown(narrowed) == []
    narrowed.set_status(None)
    narrowed.set_allowed_ids({summaries[2].id, summaries[0].id})
    assert shown(narrowed) == [i for i in expected if i in {summaries[2].id, summaries[0].id}]
    narrowed.set_title("")
    narrowed.set_allowed_ids(None)
    assert shown(narrowed) == [s.id for s in summaries]
    assert model.matching_rows("no title has this") == []


def test_an_article_leaves_a_status_filter_when_its_status_changes(project: Project) -> None:
    model, narrowed = filtered(project)
    first, second = model.document_ids()[:2]
    narrowed.set_status("todo")
    assert first in shown(narrowed)
    changed: list[int] = []
    narrowed.dataChanged.connect(lambda top, _bottom: changed.append(top.row()))
    # A change that keeps an article in the filter (a new span; still to do) is a change of its row here.
    annotation.tag_span(project, second, 0, 3, "chips")
    with project.database.write():
        set_status(project.database, second, project.annotator, DocumentStatus.TODO)  # (tagging set it going)
    model.update_document(reading.document_summary(project, second))
    assert changed == [shown(narrowed).index(second)]
    with project.database.write():
        set_status(project.database, first, project.annotator, DocumentStatus.DONE)
    model.update_document(reading.document_summary(project, first))
    assert first not in shown(narrowed)
    assert narrowed.row_of(first) is None and narrowed.row_of(second) == shown(narrowed).index(second)
    assert narrowed.data(QModelIndex()) is None


def test_typing_a_filter_keeps_the_article_the_user_is_on(
    project: Project, make_window: WindowFactory
) -> None:
    window = make_window(project)
    panel = window.panes.document_panel
    summaries = reading.list_documents(project)
    target = summaries[3]
    panel.table.setCurrentIndex(panel.proxy.index(panel.proxy.row_of(target.id) or 0, 0))
    assert panel.current_document_id() == target.id
    for length in range(1, 5):
        panel.filter_box.setText(target.title[:length])
        assert panel.current_document_id() == target.id
    panel.filter_box.setText("no title has this")
    assert panel.proxy.rowCount() == 0 and panel.current_document_id() is None


def test_the_list_marks_the_article_of_the_active_pane(project: Project, make_window: WindowFactory) -> None:
    window = make_window(project)
    panel = window.panes.document_panel
    ids = window.panes.documents.document_ids()
    window.panes.open_document(ids[3], window.left)
    window.panes.open_document(ids[1], window.right, focus=False)
    assert panel.current_document_id() == ids[3]
    window.panes.set_active_pane(window.right)
    assert panel.current_document_id() == ids[1]
    panel.filter_box.setText("no title has this")  # the article is filtered out: no current row
    window.panes.set_active_pane(window.left)
    assert panel.current_document_id() is None
    panel.filter_box.clear()
    window.panes.set_active_pane(window.left)
    assert panel.current_document_id() == ids[3]


def test_the_labels_column_changes_in_one_signal_over_the_rows_shown(project: Project) -> None:
    """Reading document labels again touches every row: one range signal, not one per row (100,000
    signals of one row each took seconds at start-up)."""
    model, narrowed = filtered(project)
    ids = model.document_ids()
    assert len(ids) >= 3
    ranges: list[tuple[int, int, int, int]] = []
    narrowed.dataChanged.connect(
        lambda top, bottom: ranges.append((top.row(), bottom.row(), top.column(), bottom.column()))
    )
    model.set_labels_source(lambda _document_id: ArticleLabels("", 0))
    assert ranges == [(0, len(ids) - 1, 3, 3)]
    narrowed.set_allowed_ids({ids[1], ids[-1]})
    ranges.clear()
    model.set_labels_source(None)
    assert ranges == [(0, 1, 3, 3)]  # the two rows shown, as one range here
