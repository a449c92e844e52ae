"""The curation view in a real window, driven by keys, with three annotators on one article."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.domain.models import Document
from annotator.domain.text import text_sha256
from annotator.services import adjudication, annotation, curation
from annotator.services.project import Project
from annotator.storage.documents import insert_document
from annotator.ui.curation_view import CurationView
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory, close_message_boxes

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TEXT = (
    "Huawei Ascend 910B chips power the cluster. Revenue rose 12% to 1.2 billion yuan. DeepSeek R1 shipped."
)
# (annotator, quote, label): "Ascend 910B" is agreed by all; revenue and DeepSeek are disagreements.
TAGS = [
    *((name, "Ascend 910B", "chips") for name in ("alice", "bob", "<b>carol</b>")),
    ("alice", "Revenue rose 12%", "financials"),
    ("bob", "Revenue rose 12%", "financials"),
    ("<b>carol</b>", "12% to 1.2 billion yuan", "financials"),
    ("alice", "DeepSeek R1", "models"),
    ("bob", "DeepSeek R1", "strategy"),
    ("<b>carol</b>", "DeepSeek R1", "strategy"),
]


@pytest.fixture
def article(empty_project: Project) -> tuple[Project, list[str]]:
    """Two articles tagged by three annotators (one with a name that looks like markup); dana curates."""
    ids = []
    for text in (TEXT, "Only one place here: Nvidia H20 chips."):
        document = Document(title=f"Article {len(ids) + 1}", text=text, sha256=text_sha256(text))
        with empty_project.database.write():
            insert_document(empty_project.database, document)
        ids.append(document.id)
    for name, quote, label in TAGS:
        start = TEXT.index(quote)
        annotation.tag_span(Project(empty_project.database, name), ids[0], start, start + len(quote), label)
    start = 21
    for name in ("alice", "bob"):
        annotation.tag_span(Project(empty_project.database, name), ids[1], start, start + 10, "chips")
    return Project(empty_project.database, "dana"), ids


def open_view(qtbot: QtBot, window: MainWindow, document_id: str) -> CurationView:
    window.panes.open_document(document_id, window.left)
    qtbot.keyClick(window.left.view, Qt.Key.Key_C, CTRL | SHIFT)
    view = window.curation_view
    assert view is not None and view.isVisible()
    qtbot.waitExposed(view)
    view.activateWindow()  # keys reach only the active window, as on a desktop
    qtbot.waitUntil(view.isActiveWindow)
    return view


def press(
    qtbot: QtBot,
    view: CurationView,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.keyClick(view.places, key, modifier)


def test_every_annotator_at_each_place_with_how_many_agree(
    qtbot: QtBot, article: tuple[Project, list[str]], make_window: WindowFactory
) -> None:
    curator, ids = article
    window = make_window(curator)
    view = open_view(qtbot, window, ids[0])
    assert view.summary.text().startswith("3 annotators")
    assert "3 places · 2 disagreements, 2 undecided" in view.summary.text()
    rows = [view.places.item(n).text() for n in range(view.places.count())]
    assert rows[0].startswith("= 3 of 3 agree · chips “Ascend 910B”")
    assert rows[1].startswith("● 2 of 3 agree · financials “Revenue rose 12%”")
    assert rows[2].startswith("● 2 of 3 agree · strategy “DeepSeek R1”")
    # Opening goes straight to the first undecided disagreement.
    assert view.places.currentRow() == 1
    shown = view.detail.toPlainText()
    for name in ("gold", "alice", "bob", "<b>carol</b>"):  # the name that looks like markup shows as it is
        assert f"{name}\n" in shown or shown.startswith(name)
    assert shown.count("Revenue rose 12% to 1.2 billion yuan.") == 4  # the same context on every row
    readings = [view.readings.item(n).text() for n in range(view.readings.count())]
    assert readings[0].startswith("1   financials “Revenue rose 12%”") and "2 of 3: alice, bob" in readings[0]
    assert (
        readings[1].startswith("2   financials “12% to 1.2 billion yuan”")
        and "1 of 3: <b>carol</b>" in readings[1]
    )


def test_one_key_takes_a_reading_with_provenance_and_undo_puts_it_back(
    qtbot: QtBot, article: tuple[Project, list[str]], make_window: WindowFactory
) -> None:
    curator, ids = article
    window = make_window(curator)
    view = open_view(qtbot, window, ids[0])
    press(qtbot, view, Qt.Key.Key_1)
    (gold,) = adjudication.gold_spans(curator, ids[0])
    assert (gold.text, gold.label, gold.decided_by) == ("Revenue rose 12%", "financials", "dana")
    assert sorted(s.annotator for s in gold.sources) == ["alice", "bob"]
    assert {k[2] for k in adjudication.decided_keys(curator, ids[0])} == {"financials"}
    assert window.undo_stack.count() == 1
    assert view.places.item(1).text().startswith("✓")
    assert view.places.currentRow() == 2  # on to the next disagreement
    view.places.setCurrentRow(1)
    assert "decided by dana" in view.provenance.text() and "from alice, bob" in view.provenance.text()
    assert view.readings.item(0).text().endswith("· in gold")
    assert view.readings.item(1).text().endswith("· rejected")
    press(qtbot, view, Qt.Key.Key_Z, CTRL)
    assert adjudication.gold_spans(curator, ids[0]) == []
    assert adjudication.decided_keys(curator, ids[0]) == set()
    assert view.places.item(1).text().startswith("●")
    press(qtbot, view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert [g.text for g in adjudication.gold_spans(curator, ids[0])] == ["Revenue rose 12%"]


def test_the_keyboard_queue_reject_and_unanimous(
    qtbot: QtBot, article: tuple[Project, list[str]], make_window: WindowFactory
) -> None:
    curator, ids = article
    window = make_window(curator)
    view = open_view(qtbot, window, ids[0])
    press(qtbot, view, Qt.Key.Key_N)
    assert view.places.currentRow() == 2
    press(qtbot, view, Qt.Key.Key_N)
    assert view.places.currentRow() == 1  # wraps, over the agreed place
    press(qtbot, view, Qt.Key.Key_P)
    assert view.places.currentRow() == 2
    # The reading picked with the arrows goes in with Enter: carol and bob's "strategy".
    assert view.readings.item(0).text().startswith("1   strategy")
    qtbot.keyClick(view.readings, Qt.Key.Key_Down)
    qtbot.keyClick(view.readings, Qt.Key.Key_Return)
    assert [(g.text, g.label) for g in adjudication.gold_spans(curator, ids[0])] == [
        ("DeepSeek R1", "models")
    ]
    press(qtbot, view, Qt.Key.Key_R)  # back on the revenue place: reject both readings
    assert view.places.item(1).text().startswith("✓")
    assert len(adjudication.gold_spans(curator, ids[0])) == 1
    press(qtbot, view, Qt.Key.Key_N)
    assert "Every disagreement in this article is decided" in view.message.text()
    press(qtbot, view, Qt.Key.Key_U)
    assert [g.text for g in adjudication.gold_spans(curator, ids[0])] == ["Ascend 910B", "DeepSeek R1"]
    assert adjudication.gold_spans(curator, ids[0])[0].auto_accepted
    assert curation.curate(curator, ids[0]).decided == [True, True, True]
    assert window.undo_stack.count() == 3


def test_articles_are_stepped_through_with_ctrl_arrows(
    qtbot: QtBot, article: tuple[Project, list[str]], make_window: WindowFactory
) -> None:
    curator, ids = article
    window = make_window(curator)
    view = open_view(qtbot, window, ids[0])
    step = 1 if window.panes.documents.document_ids().index(ids[0]) == 0 else -1
    press(qtbot, view, Qt.Key.Key_Right if step == 1 else Qt.Key.Key_Left, CTRL)
    assert view.document_id == ids[1]
    assert view.title.text() == "Article 2"
    assert view.summary.text().startswith("2 annotators (alice, bob)")
    assert view.places.item(0).text().startswith("= 2 of 2 agree")


def test_a_place_decided_elsewhere_is_refused_and_shown_as_it_is(
    qtbot: QtBot, article: tuple[Project, list[str]], make_window: WindowFactory
) -> None:
    curator, ids = article
    window = make_window(curator)
    view = open_view(qtbot, window, ids[0])
    place = view.current()
    assert place is not None
    curation.reject_place(Project(curator.database, "erin"), place)  # another curator, another window
    press(qtbot, view, Qt.Key.Key_1)
    QApplication.processEvents()
    assert any("decided since you saw it" in text for text in close_message_boxes())
    assert adjudication.gold_spans(curator, ids[0]) == []
    assert window.undo_stack.count() == 0
    assert view.places.item(1).text().startswith("✓")  # the view shows what is stored


def test_the_view_closes_with_its_project_and_its_window(
    qtbot: QtBot, article: tuple[Project, list[str]], make_window: WindowFactory, tmp_path: Path
) -> None:
    curator, ids = article
    window = make_window(curator)
    view = open_view(qtbot, window, ids[0])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.files.switch_project(tmp_path / "other.db")  # its articles are not in the other project
    view.activateWindow()  # back to the view: it closes rather than act on the other project
    qtbot.waitUntil(lambda: not view.isVisible())
    view = window.show_curation()  # opens on the other project's first article, or on nothing
    assert view.isVisible()
    window.close()
    assert not view.isVisible()


def test_decided_and_agreed_places_are_greyed_and_open_ones_are_not(
    qtbot: QtBot, article: tuple[Project, list[str]], make_window: WindowFactory
) -> None:
    curator, ids = article
    window = make_window(curator)
    view = open_view(qtbot, window, ids[0])

    def greyed(row: int) -> bool:
        return view.places.item(row).data(Qt.ItemDataRole.ForegroundRole) is not None

    assert [greyed(n) for n in range(3)] == [True, False, False]
    press(qtbot, view, Qt.Key.Key_1)
    assert [greyed(n) for n in range(3)] == [True, True, False]
    press(qtbot, view, Qt.Key.Key_Z, CTRL)
    assert [greyed(n) for n in range(3)] == [True, False, False]


def test_the_structure_tab_lists_every_annotator_s_readings_and_takes_one_into_gold(
    qtbot: QtBot, empty_project: Project, tmp_path: Path, make_window: WindowFactory
) -> None:
    from annotator.services import reading, structure_review
    from annotator.storage import gold_structure
    from tests.formats.structured import TEXT as STRUCTURED
    from tests.formats.structured import at, build

    build(empty_project, tmp_path)
    document_id = next(d.id for d in reading.list_documents(empty_project) if d.source.endswith("first.txt"))
    curator = Project(empty_project.database, "rita")
    for piece, label in (("Huawei", "strategy"), ("Ascend 910B", "chips")):
        adjudication.add_gold(curator, document_id, *at(STRUCTURED, piece), label)
    window = make_window(curator)
    view = open_view(qtbot, window, document_id)
    qtbot.keyClick(view, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    section = view.structure
    assert view.tabs.currentWidget() is section and section.tree.hasFocus()
    tree = section.tree
    groups = [tree.topLevelItem(n).text(0) for n in range(tree.topLevelItemCount())]  # type: ignore[union-attr]
    assert groups == [
        "Relations: 4 reading(s), 3 agreed by everyone",
        "Attributes: 7 reading(s), 1 agreed by everyone",
        "Document labels: 4 reading(s), 0 agreed by everyone",
    ]
    first = tree.currentItem()
    assert first is not None
    assert [first.text(c) for c in range(5)] == [
        "supplies: strategy “Huawei” → chips “Ascend 910B”",
        "",
        "alice, bob",
        "2 of 2",
        "",
    ]
    # G (or Enter) takes it into gold with its annotator as the provenance; one undo takes it out.
    qtbot.keyClick(tree, Qt.Key.Key_G)
    (taken,) = gold_structure.gold_relations(curator.database, document_id)
    assert taken.type == "supplies" and taken.decided_by == "rita" and "alice" in taken.sources
    assert tree.currentItem() is not None and tree.currentItem().text(4) == "✓"  # type: ignore[union-attr]
    # The spans tab's keys are off here: 1 and R do nothing to the spans.
    decided = adjudication.decided_keys(curator, document_id)
    qtbot.keyClick(tree, Qt.Key.Key_R)  # on the spans tab, R rejects every reading at the place
    assert adjudication.decided_keys(curator, document_id) == decided
    stance = next(
        item for item in section._items() if item.text(0) == "stance" and item.text(1) == "positive"
    )
    tree.setCurrentItem(stance)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert structure_review.gold_document_labels(curator, document_id) == {"stance": ("positive",)}
    window.undo_stack.undo()
    assert structure_review.gold_document_labels(curator, document_id) == {}
    window.undo_stack.undo()
    assert gold_structure.gold_relations(curator.database, document_id) == []
    assert all(tree.topLevelItem(0).child(i).text(4) == "" for i in range(4))  # type: ignore[union-attr]
