"""Edit > Insert Pattern: a form for the parameters, a preview, one undoable insertion."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from tests.builders import case
from workbench.ui.dialogs.pattern import InsertPatternDialog
from workbench.ui.window.main import MainWindow

# The offscreen platform warns when a top-level dialog is shown.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def open_dialog(window: MainWindow) -> InsertPatternDialog:
    window.window_actions.act_insert_pattern.trigger()
    dialog = window.findChild(InsertPatternDialog)
    assert isinstance(dialog, InsertPatternDialog)
    assert dialog.isVisible() and not dialog.isModal()
    return dialog


def preview_rows(dialog: InsertPatternDialog) -> list[str]:
    rows: list[str] = []
    tree = dialog.preview
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop(0)
        assert item is not None
        rows.append(f"{item.text(0)} {item.text(3)}".strip())
        stack[0:0] = [item.child(i) for i in range(item.childCount())]
    return rows


def test_insert_pattern_end_to_end_with_undo(
    window_on: Callable[[Path], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    window = window_on(case().goal("G1", "Deployment is safe").store(tmp_path / "s.db"))
    session = window.session
    assert session is not None
    before = session.document
    window.select_element("G1")
    edit_menu = window.menuBar().actions()[1].menu()
    assert isinstance(edit_menu, QMenu)
    assert "&Insert Pattern…" in [a.text() for a in edit_menu.actions()]
    dialog = open_dialog(window)
    assert dialog.under_id == "G1"
    dialog.choose("asl3-deployment")
    rows = preview_rows(dialog)
    assert rows[0] == "G2"
    demanded = [
        r.id for r in before.framework.standards_by_id["RSP-2.2/ASL3-D"].requirements if r.demanded
    ]
    assert [r.split()[-1] for r in rows if "RSP-2.2/ASL3-D/" in r] == demanded
    assert dialog.insert_button.isEnabled()
    dialog.insert_button.click()
    assert not dialog.isVisible()
    doc = session.document
    assert doc.element("G1").supported_by == ["G2"]
    assert len(doc.case.elements) == 1 + len(rows)
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText().startswith("Insert pattern asl3-deployment under G1")
    assert window.current_id == "G2"
    qtbot.waitUntil(lambda: session.result is not None and session.result.document is doc)
    assert session.result is not None
    assert [f for f in session.result.report.findings if f.rule.startswith("PAT")] == []
    window.window_actions.act_undo.trigger()
    assert session.document == before
    window.window_actions.act_redo.trigger()
    assert len(session.document.case.elements) == 1 + len(rows)


def test_an_unbound_parameter_disables_insert_and_says_why(
    window_on: Callable[[Path], MainWindow], tmp_path: Path
) -> None:
    window = window_on(case().goal("G1").store(tmp_path / "s.db"))
    dialog = open_dialog(window)
    dialog.choose("inability")
    assert not dialog.insert_button.isEnabled()
    assert "needs its parameter threshold" in dialog.problem.text()
    assert dialog.preview.topLevelItemCount() == 0
    dialog.set_value("threshold", "RSP-2.2/CBRN-3")
    assert dialog.insert_button.isEnabled() and dialog.problem.text() == ""
    before = len(preview_rows(dialog))
    dialog.set_value("external_evaluator", "AISI")
    assert len(preview_rows(dialog)) == before + 2
    dialog.reject()
    assert window.session is not None and not window.session.undo_stack.canUndo()


def test_a_choice_parameter_is_a_checklist(
    window_on: Callable[[Path], MainWindow], tmp_path: Path
) -> None:
    window = window_on(case().goal("G1").store(tmp_path / "s.db"))
    dialog = open_dialog(window)
    dialog.choose("misalignment-affirmative")
    assert dialog.values()["lines"] == "control,trustworthiness"
    dialog.set_value("lines", "inability")
    assert dialog.values()["lines"] == "inability"
    rows = dialog.preview.findItems("", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive, 2)
    texts = [row.text(2) for row in rows]
    assert any("lacks the capabilities a misaligned model" in t for t in texts)
    assert not any("Even if the model were misaligned" in t for t in texts)
    dialog.set_value("lines", "")
    assert not dialog.insert_button.isEnabled()
    assert "one or more of inability, control, trustworthiness" in dialog.problem.text()


def test_review_mode_cannot_insert_a_pattern(review_window: MainWindow) -> None:
    assert not review_window.window_actions.act_insert_pattern.isEnabled()
    assert review_window.window_actions.act_insert_pattern.text() == "&Insert Pattern…"
