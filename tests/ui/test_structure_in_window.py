"""Relations, attributes and document labels in the window, from the keyboard: each one undo step, and
the database as the analyst expects after each key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from annotator.domain.structure import AttributeDefinition, DocumentLabelSet, RelationType
from annotator.services import annotation, entities, structure
from annotator.services.project import Project
from annotator.storage import relations as relation_rows
from tests.formats.structured import TEXT, at, relation_total
from tests.ui.conftest import WindowFactory, open_imported


def prepare(project: Project) -> None:
    structure.save_relation_type(
        project,
        RelationType(name="supplies", colour="#e53935", hotkey="s", source_labels=("strategy",)),
        seen=None,
    )
    structure.save_relation_type(
        project, RelationType(name="trains_on", colour="#1e88e5", hotkey="t"), seen=None
    )
    structure.save_attribute(
        project,
        AttributeDefinition(label="financials", name="metric", kind="choice", choices=("revenue", "profit")),
    )
    structure.save_attribute(project, AttributeDefinition(label="financials", name="amount", kind="number"))
    structure.save_attribute(project, AttributeDefinition(label="financials", name="audited", kind="boolean"))
    structure.save_attribute(project, AttributeDefinition(label="strategy", name="company", kind="entity"))
    structure.save_document_label_set(
        project,
        DocumentLabelSet(
            name="topic", choices=("export controls", "earnings"), multiple=True, hotkeys=("e", "g")
        ),
    )
    entities.add_entity(project, "Huawei", ("华为", "Huawei Technologies"))


def test_a_relation_from_the_keyboard_is_drawn_listed_and_undone_in_one_step(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    prepare(empty_project)
    window, document = open_imported(empty_project, tmp_path / "a.txt", TEXT, make_window)
    huawei = annotation.tag_span(empty_project, document.id, *at(TEXT, "Huawei"), "strategy")
    ascend = annotation.tag_span(empty_project, document.id, *at(TEXT, "Ascend 910B"), "chips")
    window.panes.open_document(document.id, window.left)
    controller = window.structure_controller
    controller.dock.raise_()
    assert not controller.panel_stale
    view = window.left.view
    view.select_span(huawei.id)
    qtbot.keyClick(view, "r")
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.selected_span_id() == ascend.id
    qtbot.keyClick(view, "s")
    (relation,) = relation_rows.relations_for_document(empty_project.database, document.id)
    assert (relation.source_id, relation.target_id, relation.type) == (huawei.id, ascend.id, "supplies")
    assert controller.panel.model.rowCount() == 1
    assert controller.panel.cell(0, 1) == "Huawei"
    assert [r.model() for r in controller.layers["left"].relations] == [relation]
    window.undo_stack.undo()
    assert relation_total(empty_project) == 0
    assert controller.panel.model.rowCount() == 0
    window.undo_stack.redo()
    assert relation_rows.relations_for_document(empty_project.database, document.id) == [relation]
    # A type whose labels do not fit is refused with the reason, and nothing is stored.
    view.select_span(ascend.id)
    qtbot.keyClick(view, "r")
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    qtbot.keyClick(view, "s")
    assert "goes from strategy" in str(window.last_error)
    assert relation_total(empty_project) == 1
    # Deleting the span takes its relation; one undo brings both back.
    view.select_span(huawei.id)
    window.span_ops.delete_selected_span()
    assert relation_total(empty_project) == 0
    assert controller.panel.model.rowCount() == 0
    window.undo_stack.undo()
    assert relation_rows.relations_for_document(empty_project.database, document.id) == [relation]
    assert controller.panel.model.rowCount() == 1


def test_the_attribute_form_opens_on_the_selected_span_and_saves_as_one_undo_step(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    prepare(empty_project)
    window, document = open_imported(empty_project, tmp_path / "a.txt", TEXT, make_window)
    money = annotation.tag_span(
        empty_project, document.id, *at(TEXT, "revenue of ¥4.1 billion"), "financials"
    )
    company = annotation.tag_span(empty_project, document.id, *at(TEXT, "华为"), "strategy")
    window.panes.open_document(document.id, window.left)
    view = window.left.view
    view.select_span(money.id)
    qtbot.keyClick(view, "a")
    form = window.structure_controller.open_form
    assert form.isVisible()
    metric = form.fields["metric"]
    assert isinstance(metric, QComboBox)
    qtbot.waitUntil(metric.hasFocus)
    metric.setCurrentIndex(metric.findData("revenue"))
    amount = form.fields["amount"]
    assert isinstance(amount, QLineEdit)
    amount.setText("4.1e9")
    audited = form.fields["audited"]
    assert isinstance(audited, QCheckBox)
    audited.setCheckState(Qt.CheckState.Unchecked)
    qtbot.keyClick(amount, Qt.Key.Key_Return)
    assert not form.isVisible()
    stored = relation_rows.attributes_of_spans(empty_project.database, [money.id])
    assert stored == {money.id: {"amount": 4.1e9, "audited": False, "metric": "revenue"}}
    window.undo_stack.undo()
    assert relation_rows.attributes_of_spans(empty_project.database, [money.id]) == {}
    window.undo_stack.redo()
    assert relation_rows.attributes_of_spans(empty_project.database, [money.id]) == stored
    # The entity field suggests entries from an alias as you type.
    view.select_span(company.id)
    qtbot.keyClick(view, "a")
    form = window.structure_controller.open_form
    line = form.fields["company"]
    assert isinstance(line, QLineEdit)
    # As typing does (without the popup, which the offscreen platform cannot grab the keyboard for).
    line.setText("Technologies")
    line.textEdited.emit("Technologies")
    completions = line.completer().model().stringList()  # type: ignore[attr-defined]
    assert completions[0] == "Huawei" and "Huawei ← Huawei Technologies" in completions
    line.setText("Huawei ← Huawei Technologies")
    form.accept()
    assert relation_rows.attributes_of_spans(empty_project.database, [company.id]) == {
        company.id: {"company": "Huawei"}
    }


def test_document_labels_are_set_with_their_keys_shown_in_the_header_and_undone(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    prepare(empty_project)
    window, document = open_imported(empty_project, tmp_path / "a.txt", TEXT, make_window)
    view = window.left.view
    view.setFocus()
    qtbot.keyClick(view, "E", Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, "G", Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert structure.document_labels(empty_project, document.id) == {"topic": ("earnings", "export controls")}
    button = window.structure_controller.bars["left"].buttons["topic"]
    assert button.text() == "topic: earnings, export controls"
    window.undo_stack.undo()
    assert structure.document_labels(empty_project, document.id) == {"topic": ("export controls",)}
    assert button.text() == "topic: export controls"


def test_the_header_shows_each_label_set_once_after_the_schema_is_read_again(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    prepare(empty_project)
    window, _document = open_imported(empty_project, tmp_path / "a.txt", TEXT, make_window)
    window.reload()
    window.reload()
    bar = window.structure_controller.bars["left"]
    shown = [b for b in bar.findChildren(type(bar.buttons["topic"])) if b.isVisible()]
    assert [b.text() for b in shown] == ["topic: —"]


def test_review_lists_structure_differences_and_takes_a_relation_into_gold_as_one_undo_step(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    from annotator.services import adjudication, reading
    from annotator.storage import gold_structure
    from tests.formats.structured import build

    build(empty_project, tmp_path)
    document_id = next(d.id for d in reading.list_documents(empty_project) if d.source.endswith("first.txt"))
    for piece, label in (("Huawei", "strategy"), ("Ascend 910B", "chips")):
        adjudication.add_gold(empty_project, document_id, *at(TEXT, piece), label)
    window = make_window(empty_project)
    window.panes.open_document(document_id, window.left)
    qtbot.keyClick(window.left.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    window.review.set_layers("alice", "gold")
    controller = window.structure_controller
    panel = controller.review.panel
    assert controller.review.dock.isVisible()
    texts = [panel.list.item(row).text() for row in range(panel.list.count())]
    assert "relation supplies 'Huawei' → 'Ascend 910B': only in alice" in texts
    assert "stance: alice negative · gold —" in texts
    panel.list.setCurrentRow(texts.index("relation supplies 'Huawei' → 'Ascend 910B': only in alice"))
    panel.take_left.click()
    (taken,) = gold_structure.gold_relations(empty_project.database, document_id)
    assert taken.type == "supplies"
    # The gold pane draws it, and the difference is gone.
    assert [r.type for r in controller.layers["right"].relations] == ["supplies"]
    texts = [panel.list.item(row).text() for row in range(panel.list.count())]
    assert "relation supplies 'Huawei' → 'Ascend 910B': only in alice" not in texts
    panel.list.setCurrentRow(texts.index("stance: alice negative · gold —"))
    panel.take_left.click()
    assert gold_structure.gold_document_labels(empty_project.database, document_id) == {
        "stance": ("negative",)
    }
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert gold_structure.gold_relations(empty_project.database, document_id) == []
    assert gold_structure.gold_document_labels(empty_project.database, document_id) == {}
    assert controller.layers["right"].relations == []


def test_in_review_each_pane_header_shows_its_layer_s_document_labels(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    from annotator.services import reading
    from tests.formats.structured import build

    build(empty_project, tmp_path)
    document_id = next(d.id for d in reading.list_documents(empty_project) if d.source.endswith("first.txt"))
    empty_project.annotator = "rita"
    window = make_window(empty_project)
    window.panes.open_document(document_id, window.left)
    window.set_review_mode(True)
    window.review.set_layers("alice", "bob")
    bars = window.structure_controller.bars
    assert bars["left"].buttons["stance"].text() == "stance: negative"
    assert bars["right"].buttons["stance"].text() == "stance: positive"


def test_the_article_list_filters_by_document_label(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    prepare(empty_project)
    window, document = open_imported(empty_project, tmp_path / "a.txt", TEXT, make_window)
    (tmp_path / "b.txt").write_text("Another article about chips.", encoding="utf-8")
    window.files.import_paths([tmp_path / "b.txt"])
    qtbot.waitUntil(lambda: window.panes.documents.rowCount() == 2)
    structure.toggle_document_label(empty_project, document.id, "topic", "earnings")
    chooser = window.panes.document_panel.label_filter
    names = [chooser.itemText(i) for i in range(chooser.count())]
    assert "Labelled topic: earnings" in names and "Has strategy" in names
    chooser.setCurrentIndex(names.index("Labelled topic: earnings"))
    proxy = window.panes.document_panel.proxy
    assert [proxy.document_id(row) for row in range(proxy.rowCount())] == [document.id]
    chooser.setCurrentIndex(0)
    assert proxy.rowCount() == 2


def test_the_entity_list_is_edited_and_searched_in_its_dialog(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    prepare(empty_project)
    window, _document = open_imported(empty_project, tmp_path / "a.txt", TEXT, make_window)
    dialog = window.structure_controller.edit_entities()
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        "Huawei  (华为, Huawei Technologies)"
    ]
    dialog.name.setText("iFlytek")
    dialog.aliases.setText("科大讯飞|iFLYTEK")
    dialog.add()
    dialog.search.setText("讯飞")
    assert [e.name for e in dialog.shown] == ["iFlytek"]
    dialog.list.setCurrentRow(0)
    dialog.name.setText("iFlytek Co.")
    dialog.save()
    assert {e.name for e in entities.list_entities(empty_project)} == {"Huawei", "iFlytek Co."}
    dialog.search.setText("")
    dialog.list.setCurrentRow(0)
    dialog.aliases.setText("华为")
    dialog.name.setText("Huawei")
    dialog.add()  # a name or alias names one entry only
    assert "already names the entity" in dialog.problem.text()
    dialog.delete()
    assert [e.name for e in entities.list_entities(empty_project)] == ["iFlytek Co."]
