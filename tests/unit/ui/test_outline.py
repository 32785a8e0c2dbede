"""Outline: drag to re-parent, full-text filter, keyboard navigation, status badges."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from tests.builders import case
from workbench.domain import ElementType
from workbench.domain.grammar import child_types
from workbench.ui.panels.outline import BADGES_ROLE, ELEMENT_ID_ROLE
from workbench.ui.window.main import CHILD_TYPES, MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def source_index(window: MainWindow, element_id: str) -> QModelIndex:
    model = window.outline.model
    return model.index_for_path(model.first_path_to(element_id))


def visible_ids(window: MainWindow) -> set[str]:
    proxy = window.outline.proxy
    found: set[str] = set()
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(proxy.rowCount(parent)):
            index = proxy.index(row, 0, parent)
            found.add(index.data(ELEMENT_ID_ROLE))
            stack.append(index)
    return found


@pytest.fixture
def built(window_on: Callable[[Path], MainWindow], tmp_path: Path) -> MainWindow:
    """G1 - S1 - (G2 - Sn1, G3 - Sn2): a small case whose ids the drop tests name."""
    store = (
        case()
        .goal("G1")
        .strategy("S1")
        .goal("G2")
        .solution("Sn1")
        .goal("G3", under="S1")
        .solution("Sn2")
        .store(tmp_path / "built.db")
    )
    return window_on(store)


def test_dropping_an_element_on_a_goal_moves_it(built: MainWindow, qtbot: QtBot) -> None:
    model = built.outline.model
    mime = model.mimeData([source_index(built, "Sn1")])
    target = source_index(built, "G3")
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, target)
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, target)
    assert built.session is not None
    session = built.session
    qtbot.waitUntil(lambda: "Sn1" in session.document.case.by_id["G3"].supported_by)
    assert session.document.case.parents["Sn1"] == ["G3"]
    assert model.first_path_to("Sn1")[-2:] == ("G3", "Sn1")
    assert session.undo_stack.undoText() == "Move Sn1 under G3"


def test_an_element_cannot_be_dropped_into_its_own_branch(built: MainWindow) -> None:
    model = built.outline.model
    mime = model.mimeData([source_index(built, "S1")])
    below = source_index(built, "G2")
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, below)


def test_nothing_can_be_dropped_on_a_solution(built: MainWindow) -> None:
    model = built.outline.model
    mime = model.mimeData([source_index(built, "G3")])
    assert not model.canDropMimeData(
        mime, Qt.DropAction.MoveAction, -1, 0, source_index(built, "Sn1")
    )


def test_a_solution_cannot_be_dropped_on_a_strategy(built: MainWindow) -> None:
    """The GSN grammar: a strategy is supported by goals only."""
    model = built.outline.model
    mime = model.mimeData([source_index(built, "Sn2")])
    assert not model.canDropMimeData(
        mime, Qt.DropAction.MoveAction, -1, 0, source_index(built, "S1")
    )


def test_filter_keeps_matches_and_the_rows_above_them(window: MainWindow) -> None:
    window.outline.search_box.setText("jailbreak")
    window.outline.apply_filter()
    shown = visible_ids(window)
    assert window.session is not None
    case = window.session.document.case
    matching = {e.id for e in case.elements if "jailbreak" in e.text.lower()}
    assert matching and matching <= shown
    assert "G1" in shown  # the root above them
    assert "C1" not in shown


def test_filter_finds_solutions_citing_matching_evidence(window: MainWindow) -> None:
    assert window.session is not None
    doc = window.session.document
    evidence = next(e for e in doc.evidence if any(e.id in el.evidence for el in doc.case.elements))
    citing = {el.id for el in doc.case.elements if evidence.id in el.evidence}
    window.outline.search_box.setText(evidence.title.split(":")[0])
    window.outline.apply_filter()
    assert citing <= visible_ids(window)


def test_clearing_the_filter_shows_every_element_again(window: MainWindow) -> None:
    window.outline.search_box.setText("jailbreak")
    window.outline.apply_filter()
    window.outline.search_box.clear()
    window.outline.apply_filter()
    assert window.session is not None
    assert {e.id for e in window.session.document.case.elements} <= visible_ids(window)


def test_down_arrow_selects_the_next_element_everywhere(window: MainWindow, qtbot: QtBot) -> None:
    window.select_element("G1")
    tree = window.outline.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert window.current_id == "C1"
    assert window.editor.element_id == "C1"
    assert window.diagram.view.item is not None and window.diagram.view.item.selected == "C1"


def test_badges_mark_undeveloped_challenged_and_failing_elements(window: MainWindow) -> None:
    def badges(element_id: str) -> list[str]:
        return [text for text, _ in source_index(window, element_id).data(BADGES_ROLE)]

    assert "undeveloped" in badges("G2.4")
    assert any("challenge" in b for b in badges("G3.3"))
    assert any(b.endswith("blocker") for b in badges("G3.6"))
    assert badges("C1") == []


def test_the_window_offers_what_the_grammar_allows_but_away_goals() -> None:
    for kind in ElementType:
        offered = set(CHILD_TYPES.get(kind, ()))
        assert offered == set(child_types(kind)) - {ElementType.away_goal}
