"""Nothing changes the case behind the user's back: a stale autosave is refused, a store file
deleted or made read-only while open stops editing without losing typed text, a read-only
store opens read-only, review mode refuses what reviewers may not change."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.builders import case
from tests.conftest import CliResult
from workbench.app import Workspace
from workbench.app.changes import delete_element, update_element
from workbench.app.compliance import add_schedule_item
from workbench.app.operations import Edit, run
from workbench.app.review import respond
from workbench.domain import ReadOnlyStore
from workbench.store import Store
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def small_store(tmp_path: Path) -> Path:
    return (
        case()
        .goal("G1", "Top claim")
        .strategy("S1")
        .goal("G2", "Old text")
        .store(tmp_path / "store.db")
    )


def type_in(window: MainWindow, qtbot: QtBot, element_id: str, text: str) -> None:
    """Select an element and type into its text box (focused, the autosave timer running)."""
    window.select_element(element_id)
    box = window.editor.text_edit
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    box.selectAll()
    qtbot.keyClicks(box, text)


def test_a_stale_autosave_from_a_second_window_is_refused_and_the_text_kept(
    window_on: Callable[[Path], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    """Two windows on one store: B's autosave, typed over the text A has saved since, is
    refused (it once replaced A's text, B's poll having read A's save under the typing)."""
    store = small_store(tmp_path)
    a, b = window_on(store), window_on(store)
    assert a.session is not None and b.session is not None
    type_in(b, qtbot, "G2", "B's text")  # B types: the autosave waits for a pause
    a.select_element("G2")
    a.editor.text_edit.setPlainText("A's text")
    a.editor.save_text()
    qtbot.waitUntil(lambda: b.session is not None and b.session.refresh() is False)  # B read A
    b.editor.save_text()  # B's autosave, typed over "Old text"
    with Workspace.open(store) as fresh:
        assert fresh.document.case.by_id["G2"].text == "A's text"  # A's save stands
    assert b.editor.text_edit.toPlainText() == "B's text"  # B keeps its text
    conflict = b.editor.conflict_box
    assert conflict.isVisible()
    assert "changed elsewhere" in conflict.label.text() and "A's text" in conflict.label.text()
    b.editor.save_text()  # another autosave does not slip through either
    with Workspace.open(store) as fresh:
        assert fresh.document.case.by_id["G2"].text == "A's text"
    assert b.editor.keep_mine()  # Keep mine: a new edit on top of A's
    assert not conflict.isVisible()
    with Workspace.open(store) as fresh:
        assert fresh.document.case.by_id["G2"].text == "B's text"
    b.session.undo_stack.undo()  # undo brings back what A saved
    with Workspace.open(store) as fresh:
        assert fresh.document.case.by_id["G2"].text == "A's text"


def test_reload_drops_mine_and_shows_what_was_saved_elsewhere(
    window_on: Callable[[Path], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    store = small_store(tmp_path)
    win = window_on(store)
    assert win.session is not None
    type_in(win, qtbot, "G2", "Mine")
    with Workspace.open(store, actor="another process") as other:
        run(other, Edit(lambda doc: update_element(doc, "G2", text="Theirs")))
    win.session.refresh()
    win.editor.save_text()
    assert win.editor.conflict_box.isVisible()
    win.editor.take_theirs()
    assert win.editor.text_edit.toPlainText() == "Theirs"
    assert not win.editor.conflict_box.isVisible()
    with Workspace.open(store) as fresh:
        assert fresh.document.case.by_id["G2"].text == "Theirs"


def test_a_deleted_store_file_is_detected_and_nothing_typed_is_lost(
    window_on: Callable[[Path], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    store = small_store(tmp_path)
    win = window_on(store)
    session = win.session
    assert session is not None
    saved: list[str] = []
    session.messageRaised.connect(saved.append)
    type_in(win, qtbot, "G2", "Typed before the file went")
    store.unlink()  # deleted while open (the -wal file stays behind)
    qtbot.waitUntil(lambda: win.store_banner.isVisible(), timeout=4000)  # the poll sees it
    assert "was deleted or moved" in win.store_banner.text
    assert session.read_only
    assert not win.editor.text_edit.isEnabled()
    assert win.editor.text_edit.toPlainText() == "Typed before the file went"
    win.editor.save_text()  # an autosave now: refused, not "Saved"
    assert not any(m.startswith("Saved") for m in saved)
    assert win.editor.text_edit.toPlainText() == "Typed before the file went"
    assert [b.text() for b in win.store_banner.buttons] == ["Save As…"]
    copy = tmp_path / "rescued.db"
    win.ask_save_path = lambda *_a: copy
    win.store_banner.buttons[0].click()  # Save As…: the copy, then the typed text saved there
    assert not win.store_banner.isVisible()
    assert session.path == copy and not session.read_only
    with Workspace.open(copy) as fresh:
        assert fresh.document.case.by_id["G2"].text == "Typed before the file went"
        assert fresh.document.case.by_id["G1"].text == "Top claim"
        assert fresh.store.verify_audit().ok


def test_a_write_to_a_store_replaced_while_open_is_refused(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    with Workspace.open(store) as ws:
        os.replace(_copy(store, tmp_path), store)  # another file put in its place
        assert ws.lost() == "was replaced by another file"
        with pytest.raises(ReadOnlyStore, match="was replaced by another file while it was open"):
            ws.apply(update_element(ws.document, "G2", text="Lost"))


def _copy(store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "replacement.db"
    target.write_bytes(store.read_bytes())
    return target


def make_read_only(path: Path) -> None:
    path.chmod(0o444)


def test_a_read_only_store_opens_read_only_with_a_banner(
    window_on: Callable[[Path], MainWindow], tmp_path: Path
) -> None:
    store = small_store(tmp_path)
    make_read_only(store)
    try:
        win = window_on(store)
        session = win.session
        assert session is not None
        assert session.read_only and not session.review_mode
        assert win.store_banner.isVisible()
        assert "is read-only (the file is read-only)" in win.store_banner.text
        win.select_element("G2")
        assert not win.editor.text_edit.isEnabled()
        assert not win.window_actions.act_delete.isEnabled()
        assert not session.edit(lambda doc: update_element(doc, "G2", text="Refused"))
        with Workspace.open(store) as fresh:
            assert fresh.document.case.by_id["G2"].text == "Old text"
    finally:
        store.chmod(0o644)


def test_a_store_in_a_read_only_folder_opens_read_only_and_is_not_called_damaged(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    store = small_store(folder)
    folder.chmod(0o555)
    try:
        with Workspace.open(store) as ws:
            assert ws.read_only == f"its folder {folder} is read-only"
            assert ws.document.case.by_id["G2"].text == "Old text"
            with pytest.raises(ReadOnlyStore, match=r"read-only \(its folder .*\); nothing"):
                ws.apply(update_element(ws.document, "G2", text="Refused"))
    finally:
        folder.chmod(0o755)


def test_a_read_only_store_refuses_a_cli_write_in_one_line(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    store = small_store(tmp_path)
    make_read_only(store)
    try:
        result = cli("schedule", "add", store, "--what", "Report", "--due", "2027-01-01")
        assert result.code == 2
        assert result.err.strip().count("\n") == 0
        assert "is read-only (the file is read-only); nothing was changed" in result.err
        assert cli("check", store).code in (0, 1)  # reading still works
    finally:
        store.chmod(0o644)


def test_review_mode_refuses_an_argument_edit_and_a_schedule_add_through_the_session(
    review_window: MainWindow,
) -> None:
    session = review_window.session
    assert session is not None
    errors: list[str] = []
    session.errorRaised.connect(errors.append)
    element = session.document.case.elements[0]
    before = session.workspace.store.revision
    assert not session.edit(lambda doc: update_element(doc, element.id, text="By a reviewer"))
    assert "review mode cannot change the argument" in errors[-1]
    due = dt.date.today() + dt.timedelta(days=30)
    assert session.record(lambda ws: add_schedule_item(ws, what="X", due=due)) is None
    assert "review mode cannot change the compliance records (schedule)" in errors[-1]
    with Store.open(session.path) as fresh:
        assert fresh.revision == before
    compliance = review_window.compliance
    assert not compliance.add_button.isEnabled()
    assert not compliance.report_button.isEnabled()


def test_review_mode_keeps_author_mode_writable(window: MainWindow) -> None:
    session = window.session
    assert session is not None and not session.read_only
    assert window.compliance.add_button.isEnabled()
    assert not window.store_banner.isVisible()


def test_text_typed_on_an_element_deleted_elsewhere_is_shown_not_dropped(
    window_on: Callable[[Path], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    store = small_store(tmp_path)
    win = window_on(store)
    assert win.session is not None
    type_in(win, qtbot, "G2", "Typed on a goal about to go")
    with Workspace.open(store, actor="another process") as other:
        run(other, Edit(lambda doc: delete_element(doc, "G2")))
    win.editor.save_text()
    box = win.editor.conflict_box
    assert box.isVisible()
    assert "G2 was deleted elsewhere" in box.label.text()
    assert "Typed on a goal about to go" in box.label.text()
    assert not box.keep_button.isEnabled()
    box.reload_button.click()  # Discard mine
    assert not box.isVisible()


def test_an_answer_to_a_challenge_answered_elsewhere_meanwhile_is_not_written(
    window: MainWindow,
) -> None:
    """A service (here: answering a challenge) acts on what the window shows: when another
    process wrote since, the store is shown again and nothing is written."""
    session = window.session
    assert session is not None
    errors: list[str] = []
    session.errorRaised.connect(errors.append)
    pane = window.review
    assert pane.select_challenge("CH1")
    with Workspace.open(session.path, actor="another process") as other:
        respond(other, "CH1", status="answered", text="Answered elsewhere", by="Someone")
    form = pane.answer_form
    form.status_box.setCurrentIndex(form.status_box.findData("answered"))
    form.text_edit.setPlainText("Answered here, on what the window showed")
    assert not form.submit()
    assert "was changed elsewhere since it was shown; nothing was written" in errors[-1]
    challenge = session.document.challenges_by_id["CH1"]
    assert [r.text for r in challenge.responses][-1] == "Answered elsewhere"  # shown now
    assert form.text_edit.toPlainText() == "Answered here, on what the window showed"
    assert form.submit()  # looked at again: written on top
