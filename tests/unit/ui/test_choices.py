"""Choosers over many ids: labels are made when shown, typed text survives a refill."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.builders import case
from workbench.ui.panels.editor import LinkList
from workbench.ui.widgets.choices import (
    POPUP_SCREEN_SHARE,
    ChoiceListModel,
    chosen_value,
    combo_with_search,
)
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_labels_are_made_only_when_asked_for(qtmodeltester: ModelTester) -> None:
    made: list[str] = []

    def label(value: str) -> str:
        made.append(value)
        return f"{value} — label"

    model = ChoiceListModel()
    model.set_values([f"E{i}" for i in range(20_000)], label)
    assert model.rowCount() == 20_000
    assert made == []
    assert model.data(model.index(7)) == "E7 — label"
    assert model.data(model.index(7)) == "E7 — label"
    assert made == ["E7"]
    assert model.data(model.index(7), 256) == "E7"  # UserRole: the value
    small = ChoiceListModel()
    small.set_values(["A", "B"], str.lower)
    qtmodeltester.check(small, force_py=True)


def test_a_value_is_found_by_its_row_without_making_labels() -> None:
    made: list[str] = []

    def label(value: str) -> str:
        made.append(value)
        return value

    model = ChoiceListModel()
    model.set_values([f"E{i}" for i in range(20_000)], label)
    assert model.row_of("E12345") == 12345
    assert model.row_of("E99999") == -1
    model.set_values(["X", "E12345"], str)
    assert model.row_of("E12345") == 1
    assert made == []


def test_selecting_an_element_makes_it_the_challenge_target_without_a_scan(
    window: MainWindow,
) -> None:
    session = window.session
    assert session is not None
    form = window.review.raise_form
    made: list[str] = []
    labels = form.targets._label

    def counting(value: str) -> str:
        made.append(value)
        return labels(value)

    form.targets._label = counting
    last = session.document.case.elements[-1].id
    window.select_element(last)
    assert made == [last]  # only the chosen entry was labelled: no pass over every entry
    assert form.target_box.currentText().startswith(f"{last} (")
    assert form.target() == last


def test_a_value_is_chosen_by_its_label_or_its_id(qtbot: QtBot) -> None:
    box = combo_with_search(None, "Pick…")
    qtbot.addWidget(box)
    model = ChoiceListModel(box)
    box.setModel(model)
    model.set_values(["C1", "C2"], lambda v: f"{v} (context) — text of {v}")
    box.setEditText("C2 (context) — text of C2")
    assert chosen_value(box) == "C2"
    box.setEditText("C1")
    assert chosen_value(box) == "C1"
    box.setEditText("C9")
    assert chosen_value(box) is None


def test_typed_text_survives_a_refill_while_it_names_a_choice(qtbot: QtBot) -> None:
    links = LinkList("Context", "Link", "Context element…")
    qtbot.addWidget(links)
    links.set_choices(["C1", "C2"], lambda v: f"{v} — text")
    links.chooser.setEditText("C2 — text")
    links.set_choices(["C1", "C2", "C3"], lambda v: f"{v} — text")
    assert links.chooser.currentText() == "C2 — text"
    assert links.chosen() == "C2"
    links.set_choices(["C1"], lambda v: f"{v} — text")  # C2 was linked meanwhile
    assert links.chooser.currentText() == ""


def test_editor_choosers_offer_what_is_not_linked_yet(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    doc = session.document
    goal = next(e for e in doc.case.elements if e.type.value == "goal" and e.addresses)
    window.select_element(goal.id)
    offered = window.editor.claims.choices
    values = [offered.data(offered.index(r), 256) for r in range(offered.rowCount())]
    assert set(values) == {r.id for r in doc.framework.requirements} - set(goal.addresses)
    first = offered.data(offered.index(0))
    assert first.startswith(values[0] + " — ")


@pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)
def test_a_requirement_claimed_with_enter_leaves_nothing_to_claim_elsewhere(
    window_on: Callable[[Path], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    """Typed, picked from the completion list with Down and Enter, claimed: the chooser is
    empty afterwards, and Claim on another goal claims nothing (it once claimed the entry
    that had moved into the row of the one claimed)."""
    built = case().goal("G1").strategy("S1").goal("G2").goal("G3", under="S1")
    win = window_on(built.store(tmp_path / "store.db"))
    session = win.session
    assert session is not None
    wanted = next(r for r in session.document.framework.requirements if "ulnerab" in r.title)
    win.select_element("G2")
    claims = win.editor.claims
    line = claims.chooser.lineEdit()
    completer = claims.chooser.completer()
    assert line is not None and completer is not None
    line.setFocus()
    qtbot.keyClicks(line, "ulnerab")
    popup = completer.popup()
    assert popup is not None and popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.document.case.by_id["G2"].addresses == [wanted.id])
    qtbot.wait(20)
    assert claims.chooser.currentText() == ""
    assert claims.chosen() is None
    win.select_element("G3")
    qtbot.mouseClick(claims.add_button, Qt.MouseButton.LeftButton)
    assert session.document.case.by_id["G3"].addresses == []


def test_text_typed_in_a_chooser_is_dropped_when_another_element_is_shown(
    window_on: Callable[[Path], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    built = case().goal("G1").strategy("S1").goal("G2").goal("G3", under="S1")
    win = window_on(built.store(tmp_path / "store.db"))
    session = win.session
    assert session is not None
    first = session.document.framework.requirements[0].id
    win.select_element("G2")
    claims = win.editor.claims
    claims.chooser.setEditText(first)
    assert claims.chosen() == first
    win.select_element("G3")
    assert claims.chooser.currentText() == ""
    qtbot.mouseClick(claims.add_button, Qt.MouseButton.LeftButton)
    assert session.document.case.by_id["G3"].addresses == []


@pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)
def test_the_requirement_chooser_opens_wide_enough_to_read_id_and_title(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The box is narrow in the editor; its list is as wide as its entries (id — title)."""
    assert window.session is not None
    goal = next(e.id for e in window.session.document.case.elements if e.type.value == "goal")
    window.select_element(goal)
    box = window.editor.claims.chooser
    model = box.model()
    labels = [str(model.index(r, 0).data()) for r in range(model.rowCount())]
    assert labels and all(" — " in label for label in labels)  # id and title
    widest = max(box.view().fontMetrics().horizontalAdvance(label) for label in labels)
    assert box.width() < widest  # the case the users met: a narrow box
    box.showPopup()
    qtbot.waitUntil(lambda: box.view().isVisible())
    cap = int(box.screen().availableGeometry().width() * POPUP_SCREEN_SHARE)
    assert box.view().width() >= min(widest, cap) > box.width()
    box.hidePopup()
    box.setFocus()
    line = box.lineEdit()
    assert line is not None
    qtbot.keyClicks(line, "threat")
    completer = box.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    shown = popup.model()
    completed = [str(shown.index(r, 0).data()) for r in range(shown.rowCount())]
    assert completed
    metrics = popup.fontMetrics()
    wanted = max(metrics.horizontalAdvance(c) for c in completed)
    assert popup.width() >= min(wanted, cap) > box.width()
    screen = box.screen().availableGeometry()
    assert popup.geometry().right() <= screen.right()


def test_a_chooser_tooltip_shows_the_whole_entry(window: MainWindow) -> None:
    assert window.session is not None
    goal = next(e.id for e in window.session.document.case.elements if e.type.value == "goal")
    window.select_element(goal)
    box = window.editor.claims.chooser
    box.setCurrentIndex(0)
    assert box.toolTip() == box.itemText(0) and " — " in box.toolTip()
