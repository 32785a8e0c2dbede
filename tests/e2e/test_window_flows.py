"""User flows through the real widgets: add a goal, claim a requirement, cite evidence, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workbench.app import Workspace
from workbench.checks import CoverageStatus
from workbench.domain import ElementType
from workbench.ui.session.settings import Settings
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

MISSING_REQUIREMENT = "RSP-2.2/ASL3-S/resourcing"


def checked_now(window: MainWindow) -> bool:
    session = window.session
    return (
        session is not None
        and session.result is not None
        and session.result.document is session.document
        and not session.checking
    )


def matrix_status(window: MainWindow, requirement: str) -> CoverageStatus:
    model = window.matrix.model
    return model.rows[model.row_of(requirement)].status


def finding_rules_for(window: MainWindow, subject: str) -> set[str]:
    return {f.rule for f in window.findings.model.rows if f.subject == subject}


def add_goal_under(window: MainWindow, qtbot: QtBot, parent: str, text: str) -> str:
    window.select_element(parent)
    window.window_actions.act_add[ElementType.goal].trigger()
    new_id = window.current_id
    assert new_id is not None and new_id != parent
    editor = window.editor.text_edit
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    window.editor.save_text()
    qtbot.waitUntil(lambda: checked_now(window))
    return new_id


def claim(window: MainWindow, qtbot: QtBot, requirement: str) -> None:
    claims = window.editor.claims
    claims.chooser.setEditText(requirement)
    qtbot.mouseClick(claims.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: checked_now(window))


def test_added_goal_is_saved_with_its_text(window: MainWindow, qtbot: QtBot) -> None:
    new_id = add_goal_under(window, qtbot, "G3", "Compute for security is ring-fenced")
    assert window.session is not None
    with Workspace.open(window.session.path) as other:
        stored = other.document.case.by_id[new_id]
        assert stored.text == "Compute for security is ring-fenced"
        assert new_id in other.document.case.by_id["G3"].supported_by


def test_new_goal_appears_in_outline_and_diagram(window: MainWindow, qtbot: QtBot) -> None:
    new_id = add_goal_under(window, qtbot, "G3", "A new claim")
    assert window.outline.current_element_id() == new_id
    item = window.diagram.view.item
    assert item is not None and new_id in item.layout.by_id
    assert item.selected == new_id


def test_claiming_a_missing_requirement_changes_matrix_and_findings(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert matrix_status(window, MISSING_REQUIREMENT) == CoverageStatus.missing
    assert "COV-MISSING" in finding_rules_for(window, MISSING_REQUIREMENT)
    add_goal_under(window, qtbot, "G3", "Security work is resourced")
    claim(window, qtbot, MISSING_REQUIREMENT)
    assert matrix_status(window, MISSING_REQUIREMENT) == CoverageStatus.partial
    rules = finding_rules_for(window, MISSING_REQUIREMENT)
    assert "COV-MISSING" not in rules and "COV-PARTIAL" in rules


def cite_new_evidence(window: MainWindow, qtbot: QtBot, goal: str, file: Path) -> str:
    window.select_element(goal)
    window.window_actions.act_add[ElementType.solution].trigger()
    solution = window.current_id
    assert solution is not None
    window.evidence.choose_files = lambda _parent: [file]
    with qtbot.waitSignal(window.evidence.importFinished, timeout=20_000) as blocker:
        qtbot.mouseClick(window.evidence.add_button, Qt.MouseButton.LeftButton)
    outcome = blocker.args[0]
    assert len(outcome.added) == 1
    evidence_id = outcome.added[0].id
    window.select_element(solution)
    cites = window.editor.evidence
    cites.chooser.setEditText(evidence_id)
    qtbot.mouseClick(cites.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: checked_now(window))
    return evidence_id


def test_citing_evidence_meets_the_claimed_requirement(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    goal = add_goal_under(window, qtbot, "G3", "Security work is resourced")
    claim(window, qtbot, MISSING_REQUIREMENT)
    report = tmp_path / "security-budget.md"
    report.write_text("# Security budget 2026\n\nHeadcount and spend for ASL-3 security.\n")
    evidence_id = cite_new_evidence(window, qtbot, goal, report)
    assert matrix_status(window, MISSING_REQUIREMENT) == CoverageStatus.met
    row = window.matrix.model.rows[window.matrix.model.row_of(MISSING_REQUIREMENT)]
    assert row.goals == (goal,) and evidence_id in row.evidence
    assert window.evidence.model.row_of(evidence_id) >= 0


def test_undo_and_redo_walk_the_matrix_back_and_forth(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    goal = add_goal_under(window, qtbot, "G3", "Security work is resourced")
    claim(window, qtbot, MISSING_REQUIREMENT)
    report = tmp_path / "budget.md"
    report.write_text("budget figures\n")
    cite_new_evidence(window, qtbot, goal, report)
    assert matrix_status(window, MISSING_REQUIREMENT) == CoverageStatus.met
    window.window_actions.act_undo.trigger()  # the citation
    qtbot.waitUntil(lambda: checked_now(window))
    assert matrix_status(window, MISSING_REQUIREMENT) == CoverageStatus.partial
    window.window_actions.act_undo.trigger()  # the evidence import (it is on the undo stack too)
    window.window_actions.act_undo.trigger()  # the solution
    window.window_actions.act_undo.trigger()  # the claim
    qtbot.waitUntil(lambda: checked_now(window))
    assert matrix_status(window, MISSING_REQUIREMENT) == CoverageStatus.missing
    assert "COV-MISSING" in finding_rules_for(window, MISSING_REQUIREMENT)
    for _ in range(4):
        window.window_actions.act_redo.trigger()
    qtbot.waitUntil(lambda: checked_now(window))
    assert matrix_status(window, MISSING_REQUIREMENT) == CoverageStatus.met


def test_typing_in_bursts_is_one_undo_step(window: MainWindow, qtbot: QtBot) -> None:
    window.select_element("G2")
    assert window.session is not None
    original = window.session.document.case.by_id["G2"].text
    editor = window.editor.text_edit
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " (first")
    window.editor.save_text()
    qtbot.keyClicks(editor, " second)")
    window.editor.save_text()
    assert window.session.document.case.by_id["G2"].text == original + " (first second)"
    window.window_actions.act_undo.trigger()
    assert window.session.document.case.by_id["G2"].text == original
    assert editor.toPlainText() == original


def test_reopening_the_store_finds_the_edits(
    window: MainWindow, qtbot: QtBot, settings: Settings
) -> None:
    goal = add_goal_under(window, qtbot, "G3", "Security work is resourced")
    claim(window, qtbot, MISSING_REQUIREMENT)
    assert window.session is not None
    path = window.session.path
    window.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.open_store(path)
    assert again.session is not None
    element = again.session.document.case.by_id[goal]
    assert element.text == "Security work is resourced"
    assert element.addresses == [MISSING_REQUIREMENT]
    again.select_element(goal)
    assert again.editor.text_edit.toPlainText() == "Security work is resourced"
    again.close()


def test_deleting_an_element_removes_it_and_undo_restores_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.select_element("C4")
    window.window_actions.act_delete.trigger()
    assert window.session is not None
    assert "C4" not in window.session.document.case.by_id
    assert window.outline.model.first_path_to("C4") == ()
    window.window_actions.act_undo.trigger()
    assert "C4" in window.session.document.case.by_id["G3"].in_context_of


def test_the_window_never_hands_out_an_id_again_after_undo_or_delete(
    window: MainWindow, qtbot: QtBot
) -> None:
    first = add_goal_under(window, qtbot, "G3", "A claim soon undone")
    window.window_actions.act_undo.trigger()  # the text edit
    window.window_actions.act_undo.trigger()  # the add
    assert window.session is not None
    assert first not in window.session.document.case.by_id
    second = add_goal_under(window, qtbot, "G3", "A claim soon deleted")
    assert second != first
    window.select_element(second)
    window.window_actions.act_delete.trigger()
    third = add_goal_under(window, qtbot, "G3", "A claim that stays")
    assert third not in (first, second)
    assert int(third[1:]) == int(first[1:]) + 2
