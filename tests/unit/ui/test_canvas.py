"""Editing on the GSN canvas, driven by real mouse and key events: select, rubber band,
text in place, add, link and move by drag (the grammar refusing), delete with a choice for
the children, undo, cut/copy/paste between stores, find, fit and the minimap."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.builders import case
from workbench.domain import ElementType
from workbench.ui.panels.diagram import LEGIBLE_ZOOM, DiagramView
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def small(window_on: Callable[[Path], MainWindow], tmp_path: Path) -> MainWindow:
    """G1 over S1 (context C1) over G2 and G3 (G3 over Sn1); G4 apart; at 100 %."""
    store = (
        case()
        .goal("G1", "Top claim")
        .strategy("S1", "Argue over the parts")
        .context("C1", "Scope of the parts", under="S1")
        .goal("G2", "Part one holds", under="S1")
        .goal("G3", "Part two holds", under="S1")
        .solution("Sn1", "Test report", under="G3")
        .goal("G4", "A claim apart", under="")
        .store(tmp_path / "small.db")
    )
    win = window_on(store)
    win.diagram.view.zoom_reset()
    return win


def point_of(view: DiagramView, element_id: str, *, handle: bool = False) -> QPoint:
    """Where an element's box (or its connector handle) is on the viewport, scrolled to."""
    assert view.item is not None
    node = view.item.layout.node(element_id)
    y = node.bottom if handle else node.cy
    view.centerOn(node.cx, node.cy)
    return view.mapFromScene(QPointF(node.cx, y))


def click(view: DiagramView, element_id: str, modifiers: Qt.KeyboardModifier = NONE) -> None:
    QTest.mouseClick(view.viewport(), LEFT, modifiers, point_of(view, element_id))


def drag(
    view: DiagramView, start: QPoint, end: QPoint, modifiers: Qt.KeyboardModifier = NONE
) -> None:
    """Press at ``start``, move there in steps, release at ``end``."""
    viewport = view.viewport()
    QTest.mousePress(viewport, LEFT, modifiers, start)
    for k in range(1, 6):
        QTest.mouseMove(viewport, start + (end - start) * (k / 5))
    QTest.mouseRelease(viewport, LEFT, modifiers, end)


def drag_between(
    view: DiagramView,
    source: str,
    target: str,
    *,
    handle: bool,
    modifiers: Qt.KeyboardModifier = NONE,
) -> str:
    """Drag from one element to another with both in view; the hint shown just before the
    release."""
    assert view.item is not None
    a, b = view.item.layout.node(source), view.item.layout.node(target)
    view.set_zoom(0.5)
    view.centerOn((a.cx + b.cx) / 2, (a.cy + b.cy) / 2)
    start = view.mapFromScene(QPointF(a.cx, a.bottom if handle else a.cy))
    end = view.mapFromScene(QPointF(b.cx, b.cy))
    viewport = view.viewport()
    QTest.mousePress(viewport, LEFT, modifiers, start)
    for k in range(1, 6):
        QTest.mouseMove(viewport, start + (end - start) * (k / 5))
    hint = view.hint.text()
    QTest.mouseRelease(viewport, LEFT, modifiers, end)
    return hint


def activate(window: MainWindow, qtbot: QtBot) -> None:
    """Keys reach a window's shortcuts only while it is the active one."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def doc_of(window: MainWindow):  # type: ignore[no-untyped-def]
    assert window.session is not None
    return window.session.document


def test_click_and_ctrl_click_select_several(small: MainWindow) -> None:
    view = small.diagram.view
    click(view, "G2")
    click(view, "G3", CTRL)
    assert view.selection == ["G2", "G3"]
    assert small.current_id == "G3" and small.editor.element_id == "G3"
    click(view, "G2", CTRL)
    assert view.selection == ["G3"]


def test_a_rubber_band_selects_the_boxes_it_covers(small: MainWindow) -> None:
    view = small.diagram.view
    assert view.item is not None
    g2, g3 = view.item.layout.node("G2"), view.item.layout.node("G3")
    view.centerOn((g2.cx + g3.cx) / 2, g2.cy)
    start = view.mapFromScene(QPointF(g2.x - 8, g2.y - 8))
    end = view.mapFromScene(QPointF(g3.right + 8, max(g2.bottom, g3.bottom) + 4))
    assert view.node_at(start) is None
    drag(view, start, end)
    assert set(view.selection) == {"G2", "G3"}
    assert small.diagram.selection == view.selection


def test_double_click_edits_in_place_and_enter_commits_one_undo_step(
    small: MainWindow, qtbot: QtBot
) -> None:
    view = small.diagram.view
    QTest.mouseDClick(view.viewport(), LEFT, NONE, point_of(view, "G2"))
    editor = view.editor
    assert editor is not None and editor.isVisible() and editor.toPlainText() == "Part one holds"
    QTest.keyClicks(editor, "Part one is shown")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert doc_of(small).case.by_id["G2"].text == "Part one is shown"
    assert view.editor is None
    small.window_actions.act_undo.trigger()
    assert doc_of(small).case.by_id["G2"].text == "Part one holds"


def test_f2_edits_in_place_and_escape_cancels(small: MainWindow) -> None:
    view = small.diagram.view
    click(view, "G3")
    QTest.keyClick(view, Qt.Key.Key_F2)
    editor = view.editor
    assert editor is not None and editor.element_id == "G3"
    QTest.keyClicks(editor, "never saved")
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert doc_of(small).case.by_id["G3"].text == "Part two holds"
    assert not small.session.undo_stack.canUndo()  # type: ignore[union-attr]


def test_insert_adds_a_sub_goal_and_ctrl_enter_a_context_edited_in_place(
    small: MainWindow,
) -> None:
    view = small.diagram.view
    click(view, "G2")
    QTest.keyClick(view, Qt.Key.Key_Insert)
    added = doc_of(small).case.by_id["G2"].supported_by
    assert len(added) == 1
    editor = view.editor
    assert editor is not None and editor.element_id == added[0]
    QTest.keyClicks(editor, "A sub-claim typed on the canvas")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert doc_of(small).case.by_id[added[0]].text == "A sub-claim typed on the canvas"
    click(view, "G2")
    QTest.keyClick(view, Qt.Key.Key_Return, CTRL)
    contexts = doc_of(small).case.by_id["G2"].in_context_of
    assert len(contexts) == 1 and doc_of(small).case.by_id[contexts[0]].type.value == "context"


def test_dragging_the_handle_onto_a_solution_links_it(small: MainWindow) -> None:
    view = small.diagram.view
    click(view, "G2")
    hint = drag_between(view, "G2", "Sn1", handle=True)
    assert hint == "Link G2 → Sn1"
    assert doc_of(small).case.by_id["G2"].supported_by == ["Sn1"]
    small.window_actions.act_undo.trigger()
    assert doc_of(small).case.by_id["G2"].supported_by == []


def test_a_link_the_grammar_forbids_is_refused_with_the_reason(small: MainWindow) -> None:
    view = small.diagram.view
    click(view, "Sn1")
    hint = drag_between(view, "Sn1", "G2", handle=True)
    assert hint.startswith("Not allowed:") and "may not support" in hint
    assert doc_of(small).case.by_id["Sn1"].supported_by == []
    assert "may not support solution Sn1" in small.banner.label.text()
    assert not small.session.undo_stack.canUndo()  # type: ignore[union-attr]


def test_shift_drag_links_a_context_by_in_context_of(small: MainWindow) -> None:
    view = small.diagram.view
    drag_between(view, "G4", "C1", handle=False, modifiers=SHIFT)
    assert doc_of(small).case.by_id["G4"].in_context_of == ["C1"]


def test_dragging_a_box_onto_another_moves_it_there(small: MainWindow) -> None:
    view = small.diagram.view
    drag_between(view, "G3", "G4", handle=False)
    doc = doc_of(small)
    assert "G3" in doc.case.by_id["G4"].supported_by
    assert "G3" not in doc.case.by_id["S1"].supported_by
    assert small.current_id == "G3"


def test_deleting_several_asks_about_children_and_undo_agrees_everywhere(
    small: MainWindow,
) -> None:
    asked: list[str] = []

    def answer(_parent, _title, text, answers):  # type: ignore[no-untyped-def]
        asked.append(text)
        return "delete"

    small.ask_answer = answer
    view = small.diagram.view
    click(view, "G2")
    click(view, "G3", CTRL)
    QTest.keyClick(view, Qt.Key.Key_Delete)
    doc = doc_of(small)
    assert not {"G2", "G3", "Sn1"} & set(doc.case.by_id)
    assert asked and "Sn1" in asked[0]
    assert small.session.undo_stack.count() == 1  # type: ignore[union-attr]
    small.window_actions.act_undo.trigger()
    doc = doc_of(small)
    assert {"G2", "G3", "Sn1"} <= set(doc.case.by_id)
    current = small.current_id
    assert current in {"G2", "G3"}
    assert small.outline.current_element_id() == current
    assert small.editor.element_id == current
    assert view.item is not None and view.item.selected == current


def test_deleting_a_strategy_asks_and_can_keep_its_sub_goals(small: MainWindow) -> None:
    answers: list[str | None] = [None, "lift"]
    texts: list[str] = []

    def answer(_parent, _title, text, options):  # type: ignore[no-untyped-def]
        texts.append(text)
        assert [key for key, _ in options] == ["lift", "delete"]  # the default keeps most
        return answers.pop(0)

    small.ask_answer = answer
    view = small.diagram.view
    click(view, "S1")
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert "S1" in doc_of(small).case.by_id  # cancelled: nothing deleted
    assert "up under G1" in texts[0]
    QTest.keyClick(view, Qt.Key.Key_Delete)
    doc = doc_of(small)
    assert "S1" not in doc.case.by_id
    assert doc.case.by_id["G1"].supported_by == ["G2", "G3"]
    assert small.current_id == "G1"


def test_copy_and_paste_into_another_store_gives_fresh_ids(
    small: MainWindow, window_on: Callable[[Path], MainWindow], tmp_path: Path, qtbot: QtBot
) -> None:
    other = window_on(case().goal("G1", "Their top").goal("G2", "Theirs").store(tmp_path / "b.db"))
    view = small.diagram.view
    activate(small, qtbot)
    click(view, "S1")
    QTest.keyClick(view, Qt.Key.Key_C, CTRL)
    assert "S1 (strategy) Argue over the parts" in QGuiApplication.clipboard().text()
    target = other.diagram.view
    target.zoom_reset()
    activate(other, qtbot)
    click(target, "G2")
    QTest.keyClick(target, Qt.Key.Key_V, CTRL)
    doc = doc_of(other)
    pasted = doc.case.by_id["G2"].supported_by
    assert len(pasted) == 1
    strategy = doc.case.by_id[pasted[0]]
    assert strategy.type.value == "strategy" and strategy.text == "Argue over the parts"
    subs = [doc.case.by_id[i] for i in strategy.supported_by]
    assert [g.text for g in subs] == ["Part one holds", "Part two holds"]
    assert {g.id for g in subs}.isdisjoint({"G1", "G2"})  # fresh ids, not the source's
    assert doc.case.by_id[subs[1].supported_by[0]].text == "Test report"
    assert other.current_id == strategy.id
    other.window_actions.act_undo.trigger()
    assert doc_of(other).case.by_id["G2"].supported_by == []


def test_cut_and_paste_moves_a_subtree_in_one_step_each(small: MainWindow) -> None:
    view = small.diagram.view
    click(view, "G3")
    QTest.keyClick(view, Qt.Key.Key_X, CTRL)
    assert "G3" not in doc_of(small).case.by_id and "Sn1" not in doc_of(small).case.by_id
    click(view, "G4")
    QTest.keyClick(view, Qt.Key.Key_V, CTRL)
    doc = doc_of(small)
    (moved,) = doc.case.by_id["G4"].supported_by
    assert doc.case.by_id[moved].text == "Part two holds" and moved != "G3"
    assert small.session.undo_stack.undoText().startswith("Paste")  # type: ignore[union-attr]


def test_ctrl_d_duplicates_beside_the_original(small: MainWindow) -> None:
    view = small.diagram.view
    click(view, "G3")
    QTest.keyClick(view, Qt.Key.Key_D, CTRL)
    supported = doc_of(small).case.by_id["S1"].supported_by
    assert supported[:2] == ["G2", "G3"] and len(supported) == 3


def test_f2_and_delete_work_in_the_outline(small: MainWindow, qtbot: QtBot) -> None:
    small.select_element("G4")
    tree = small.outline.tree
    tree.setFocus()
    QTest.keyClick(tree, Qt.Key.Key_F2)
    editor = tree.focusWidget()
    assert editor is not None and editor is not tree
    editor.selectAll()  # type: ignore[attr-defined]
    QTest.keyClicks(editor, "Renamed in the outline")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: doc_of(small).case.by_id["G4"].text == "Renamed in the outline")
    tree.setFocus()
    small.select_element("G4")
    QTest.keyClick(tree, Qt.Key.Key_Delete)
    assert "G4" not in doc_of(small).case.by_id


def test_the_outline_filter_highlights_its_matches_on_the_canvas(
    small: MainWindow, qtbot: QtBot
) -> None:
    small.outline.search_box.setText("part")
    small.outline.apply_filter()
    item = small.diagram.view.item
    assert item is not None and item.matches is not None
    assert {"S1", "C1", "G2", "G3"} <= item.matches and "G4" not in item.matches
    small.outline.search_box.clear()
    small.outline.apply_filter()
    assert small.diagram.view.item is not None and small.diagram.view.item.matches is None


def test_fit_stays_legible_and_fit_branch_shows_the_branch(window: MainWindow) -> None:
    view = window.diagram.view
    window.window_actions.act_zoom_fit.trigger()
    assert view.zoom >= LEGIBLE_ZOOM - 1e-9
    assert view.minimap.isVisible()  # the demo is bigger than the view at a legible zoom
    window.select_element("G3")
    window.window_actions.act_fit_branch.trigger()
    assert view.item is not None
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    g3 = view.item.layout.node("G3")
    assert visible.contains(QPointF(g3.cx, g3.cy))
    assert view.zoom >= LEGIBLE_ZOOM - 1e-9


def test_a_small_diagram_fits_whole_and_hides_the_minimap(small: MainWindow) -> None:
    view = small.diagram.view
    small.window_actions.act_zoom_fit.trigger()
    assert view.item is not None
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(view.item.boundingRect())
    assert not view.minimap.isVisible()


def test_a_dark_palette_darkens_the_canvas(small: MainWindow) -> None:
    view = small.diagram.view
    palette = QPalette(view.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    view.setPalette(palette)
    assert view.backgroundBrush().color().lightnessF() < 0.2
    assert view.item is not None and view.item.ink.lightnessF() > 0.8
    assert view.viewport().grab().toImage().pixelColor(3, 3).lightnessF() < 0.2


def test_review_mode_refuses_canvas_edits(review_window: MainWindow) -> None:
    view = review_window.diagram.view
    view.zoom_reset()
    QTest.mouseDClick(view.viewport(), LEFT, NONE, point_of(view, "G3"))
    assert view.editor is None
    hint = drag_between(view, "G3", "Sn1", handle=False)
    assert hint.startswith("Not allowed:") and "review mode" in hint
    assert "G3" in doc_of(review_window).case.by_id["S1"].links  # not moved


def test_clicking_the_minimap_moves_the_view_there(window: MainWindow) -> None:
    view = window.diagram.view
    window.window_actions.act_zoom_fit.trigger()
    minimap = view.minimap
    assert minimap.isVisible()
    before = view.mapToScene(view.viewport().rect().center())
    QTest.mouseClick(minimap, LEFT, NONE, QPoint(minimap.width() - 8, minimap.height() // 2))
    after = view.mapToScene(view.viewport().rect().center())
    assert after.x() > before.x() + 100


def test_ctrl_l_centres_the_selection(window: MainWindow, qtbot: QtBot) -> None:
    view = window.diagram.view
    view.zoom_reset()  # room to scroll every way around it
    window.select_element("S3")
    view.centerOn(0, 0)
    activate(window, qtbot)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_L, CTRL)
    assert view.item is not None
    node = view.item.layout.node("S3")
    centre = view.mapToScene(view.viewport().rect().center())
    assert abs(centre.x() - node.cx) < 2 and abs(centre.y() - node.cy) < 2


def test_a_box_dropped_on_empty_ground_changes_nothing(small: MainWindow) -> None:
    view = small.diagram.view
    assert view.item is not None
    g3 = view.item.layout.node("G3")
    start = point_of(view, "G3")
    end = view.mapFromScene(QPointF(g3.right + 60, g3.bottom + 30))
    assert view.node_at(end) is None
    drag(view, start, end)
    assert "G3" in doc_of(small).case.by_id["S1"].supported_by
    assert not small.session.undo_stack.canUndo()  # type: ignore[union-attr]


def test_pasting_text_that_holds_no_elements_says_so(small: MainWindow) -> None:
    QGuiApplication.clipboard().setText("just some words")
    view = small.diagram.view
    click(view, "G4")
    QTest.keyClick(view, Qt.Key.Key_V, CTRL)
    assert "holds no elements" in small.banner.label.text()
    assert not small.session.undo_stack.canUndo()  # type: ignore[union-attr]


def test_add_from_the_node_menu_edits_the_new_box_in_place(small: MainWindow) -> None:
    view = small.diagram.view
    click(view, "G4")
    small.window_actions.act_add[ElementType.solution].trigger()
    (added,) = doc_of(small).case.by_id["G4"].supported_by
    assert view.editor is not None and view.editor.element_id == added
