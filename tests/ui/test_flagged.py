"""Spans flagged when an article's text changed are shown as such and can be accepted (with undo)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.services import annotation, reading, revisions
from annotator.services.project import Project
from tests.ui.conftest import WindowFactory

CTRL = Qt.KeyboardModifier.ControlModifier


def test_flagged_span_is_marked_explained_and_accepted_with_undo(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    from annotator.services.importing import import_paths
    from annotator.ui.article_view import span_tooltip

    article = tmp_path / "a.txt"
    article.write_text("Huawei chips. Huawei chips. Spark models.", encoding="utf-8")
    import_paths(empty_project, [article])
    document_id = reading.list_documents(empty_project)[0].id
    span = annotation.tag_span(empty_project, document_id, 0, 6, "chips")
    # The new version no longer says "Huawei": the span cannot be placed exactly and is flagged.
    revisions.update_document_text(empty_project, document_id, "Ascend chips. Ascend chips. Spark models.")
    flagged = revisions.spans_needing_review(empty_project, document_id)
    assert [row.id for row in flagged] == [span.id]

    window = make_window(empty_project)
    view = window.left.view
    assert set(view.flagged) == {span.id}
    assert "needs review" in span_tooltip(view.index.spans(), view.flagged)
    view.select_span(span.id)
    qtbot.keyClick(view, Qt.Key.Key_Return, CTRL)
    assert revisions.spans_needing_review(empty_project, document_id) == []
    assert window.left.view.flagged == {}
    qtbot.keyClick(window.left.view, Qt.Key.Key_Z, CTRL)
    assert [row.id for row in revisions.spans_needing_review(empty_project, document_id)] == [span.id]
