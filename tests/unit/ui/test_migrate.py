"""Edit > Migrate Framework: a non-modal confirmation of the fates, one undoable change."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from workbench.ui.dialogs.migrate import MigrateDialog
from workbench.ui.window.main import MainWindow

# The offscreen platform warns when a top-level dialog is shown.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def open_dialog(window: MainWindow) -> MigrateDialog:
    window.window_actions.act_migrate.trigger()
    dialog = window.migrate_dialog
    assert isinstance(dialog, MigrateDialog)
    assert dialog.isVisible() and not dialog.isModal()
    return dialog


def test_the_dialog_lists_the_fates_and_changes_nothing_until_accepted(
    window: MainWindow,
) -> None:
    assert window.session is not None
    dialog = open_dialog(window)
    lines = [dialog.fates.item(i).text() for i in range(dialog.fates.count())]
    assert any("-> renamed: RSP-3.4/" in line for line in lines)
    assert any("-> dropped, left as it is" in line for line in lines)
    assert any(line.startswith("new: RSP-3.4/RISK-REPORT/") for line in lines)
    assert "RSP-2.2 -> RSP-3.4" in dialog.counts.text()
    dialog.reject()
    assert window.session.document.framework.id == "RSP-2.2"
    assert not window.session.undo_stack.canUndo()


def test_accepting_migrates_and_undo_restores(window: MainWindow, qtbot: QtBot) -> None:
    session = window.session
    assert session is not None
    before = session.document
    open_dialog(window).accept()
    assert session.document.framework.id == "RSP-3.4"
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "Migrate to RSP-3.4"
    qtbot.waitUntil(
        lambda: session.result is not None and session.result.document is session.document
    )
    assert session.result is not None
    assert any(f.rule == "COV-UNMAPPED" for f in session.result.report.findings)
    window.window_actions.act_undo.trigger()
    assert session.document == before
    window.window_actions.act_redo.trigger()
    assert session.document.framework.id == "RSP-3.4"


def test_no_crosswalk_onward_is_a_banner_error(window: MainWindow) -> None:
    open_dialog(window).accept()
    assert window.migrate_framework() is None  # RSP-3.4 has no crosswalk onward
    assert "no crosswalk from RSP-3.4" in window.statusBar().currentMessage()


def test_review_mode_cannot_migrate(review_window: MainWindow) -> None:
    assert not review_window.window_actions.act_migrate.isEnabled()
    assert review_window.migrate_framework() is None


def test_the_requirement_text_of_the_old_framework_goes_with_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    """After a migration the Requirements tab shows no quote of a requirement now gone."""
    session = window.session
    assert session is not None
    panel = window.matrix
    assert panel.select_requirement("RSP-2.2/ASL3-D/red-teaming", jump=False)
    assert "Conduct red-teaming" in panel.details.toPlainText()
    open_dialog(window).accept()
    qtbot.waitUntil(
        lambda: session.result is not None and session.result.document is session.document
    )
    assert "RSP-2.2/ASL3-D/red-teaming" not in panel.details.toPlainText()
    assert "Select a requirement" in panel.details.toPlainText()
