"""One write path: every edit, import and undo runs as an operation and says what changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from tests.builders import case
from workbench.app import Workspace
from workbench.app.changes import update_element
from workbench.app.operations import Changes, Edit, run
from workbench.domain import ElementType
from workbench.ui.panels.outline import ELEMENT_ID_ROLE
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def window(window_on: Callable[[Path], MainWindow], tmp_path: Path) -> MainWindow:
    """G1 - S1 - (G2 - Sn1, G3): the ids these tests name, built here, not the demo's."""
    store = (
        case()
        .goal("G1", "The model is safe to deploy")
        .strategy("S1", "Argue over each risk")
        .goal("G2", "Misuse risks are mitigated")
        .solution("Sn1", "Red-team report")
        .goal("G3", "Autonomy risks are mitigated", under="S1")
        .store(tmp_path / "operations.db")
    )
    return window_on(store)


def notices(window: MainWindow) -> list[Changes]:
    assert window.session is not None
    seen: list[Changes] = []
    window.session.changed.connect(seen.append)
    return seen


def type_text(window: MainWindow, element_id: str, text: str) -> None:
    window.select_element(element_id)
    window.editor.text_edit.setPlainText(text)
    window.editor.save_text()


def outline_text(window: MainWindow, element_id: str) -> str:
    model = window.outline.model
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data(ELEMENT_ID_ROLE) == element_id:
                return str(index.data())
            stack.append(index)
    raise AssertionError(f"{element_id} is not in the outline")


def test_text_edit_emits_one_notice_naming_the_element(window: MainWindow) -> None:
    seen = notices(window)
    type_text(window, "G2", "Deployment risks are mitigated to ASL-3")
    assert len(seen) == 1
    notice = seen[0]
    assert notice.updated == {"element": frozenset({"G2"})}
    assert not notice.added and not notice.removed
    assert notice.changed_fields("element") == {"text"}
    assert not notice.structure and not notice.everything
    assert notice.source == "do"


def test_text_edit_repaints_the_row_without_resetting_the_outline(window: MainWindow) -> None:
    model = window.outline.model
    outline_text(window, "G2")  # the row is built
    resets: list[None] = []
    repainted: list[QModelIndex] = []
    model.modelReset.connect(lambda: resets.append(None))
    model.dataChanged.connect(lambda first, _last, _roles=(): repainted.append(first))
    type_text(window, "G2", "Deployment risks are mitigated to ASL-3")
    assert resets == []
    assert any(index.data(ELEMENT_ID_ROLE) == "G2" for index in repainted)
    assert outline_text(window, "G2") == "G2  Deployment risks are mitigated to ASL-3"


def test_adding_an_element_is_a_structural_notice(window: MainWindow) -> None:
    seen = notices(window)
    window.select_element("G3")
    window.window_actions.act_add[ElementType.goal].trigger()
    new_id = window.current_id
    assert new_id is not None and new_id != "G3"
    assert len(seen) == 1
    assert seen[0].added == {"element": frozenset({new_id})}
    assert seen[0].updated == {"element": frozenset({"G3"})}
    assert seen[0].structure
    assert outline_text(window, new_id).startswith(f"{new_id}  New goal")


def test_undo_and_redo_emit_their_own_notices(window: MainWindow) -> None:
    assert window.session is not None
    before = window.session.document.case.by_id["G2"].text
    type_text(window, "G2", "Typed text")
    seen = notices(window)
    window.window_actions.act_undo.trigger()
    assert window.session.document.case.by_id["G2"].text == before
    window.window_actions.act_redo.trigger()
    assert window.session.document.case.by_id["G2"].text == "Typed text"
    assert [(n.source, dict(n.updated)) for n in seen] == [
        ("undo", {"element": frozenset({"G2"})}),
        ("redo", {"element": frozenset({"G2"})}),
    ]
    assert outline_text(window, "G2") == "G2  Typed text"


def test_background_evidence_import_lands_on_the_undo_stack(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    session = window.session
    assert session is not None
    file = tmp_path / "red-team-report.md"
    file.write_text("findings of the red team\n")
    seen = notices(window)
    steps = session.undo_stack.count()
    with qtbot.waitSignal(window.evidence.importFinished, timeout=20_000) as blocker:
        assert window.evidence.import_files([file])
    (evidence,) = blocker.args[0].added
    assert evidence.id in session.document.evidence_by_id()
    assert session.undo_stack.count() == steps + 1
    assert session.undo_stack.undoText() == f"Add evidence {evidence.id}"
    assert [n.added for n in seen] == [{"evidence": frozenset({evidence.id})}]
    assert window.evidence.model.row_of(evidence.id) >= 0

    window.window_actions.act_undo.trigger()
    assert evidence.id not in session.document.evidence_by_id()
    assert window.evidence.model.row_of(evidence.id) < 0
    assert seen[-1].source == "undo" and seen[-1].removed == {"evidence": frozenset({evidence.id})}
    with Workspace.open(session.path) as other:  # the store itself, read afresh
        assert evidence.id not in other.document.evidence_by_id()

    window.window_actions.act_redo.trigger()  # the bytes stayed in the store: redo finds them
    assert evidence.id in session.document.evidence_by_id()
    assert session.blob_status[evidence.id].value == "present"


def test_a_conflicting_edit_is_refused_and_nothing_is_lost(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    errors: list[str] = []
    session.errorRaised.connect(errors.append)
    window.select_element("G2")
    with Workspace.open(session.path, actor="someone else") as other:  # another process
        run(other, Edit(lambda doc: update_element(doc, "G2", text="Their text")))
    type_text(window, "G2", "My text")
    assert errors and "changed elsewhere" in errors[0]
    with Workspace.open(session.path) as fresh:
        assert fresh.document.case.by_id["G2"].text == "Their text"  # their write is kept
    assert session.document.case.by_id["G2"].text == "Their text"  # and shown
    assert window.editor.text_edit.toPlainText() == "My text"  # and mine is still here
    window.editor.save_text()  # saving again does not write over theirs: the user chooses
    assert session.document.case.by_id["G2"].text == "Their text"
    assert window.editor.keep_mine()  # Keep mine: written over it, as a new edit
    assert session.document.case.by_id["G2"].text == "My text"
    with Workspace.open(session.path) as fresh:
        assert fresh.document.case.by_id["G2"].text == "My text"
