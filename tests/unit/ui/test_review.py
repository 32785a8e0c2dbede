"""Review mode: the title says so, editing is disabled, and the store refuses argument changes."""

from __future__ import annotations

import pytest

from workbench.app.changes import update_element
from workbench.domain import ElementType
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_title_and_status_bar_say_review_mode(review_window: MainWindow) -> None:
    assert "Review mode" in review_window.windowTitle()
    assert "Review mode" in review_window.mode_label.text()


def test_editing_actions_are_disabled(review_window: MainWindow) -> None:
    review_window.select_element("G3")
    disabled = [
        *review_window.window_actions.act_add.values(),
        review_window.window_actions.act_add_root,
        review_window.window_actions.act_delete,
        review_window.window_actions.act_add_evidence,
        review_window.window_actions.act_undo,
    ]
    assert not any(action.isEnabled() for action in disabled)
    assert not review_window.editor.text_edit.isEnabled()
    assert not review_window.evidence.add_button.isEnabled()
    assert not review_window.outline.tree.dragEnabled()
    index = review_window.outline.tree.currentIndex()
    assert (
        not review_window.outline.proxy.flags(index)
        & review_window.outline.proxy.flags(index).ItemIsDragEnabled
    )


def test_the_service_layer_refuses_changes_with_a_message(review_window: MainWindow) -> None:
    session = review_window.session
    assert session is not None
    before = session.document.case.by_id["G3"].text
    assert not session.edit(lambda doc: update_element(doc, "G3", text="changed"))
    assert session.document.case.by_id["G3"].text == before
    assert "review mode cannot change the argument" in review_window.banner.label.text()


def test_author_window_allows_what_review_mode_forbids(window: MainWindow) -> None:
    window.select_element("G3")
    assert window.window_actions.act_add[ElementType.goal].isEnabled()
    assert window.window_actions.act_delete.isEnabled()
    assert "Review mode" not in window.windowTitle()
