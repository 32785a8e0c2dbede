"""Counter elements in the window: in the diagram with what they challenge, in the editor
with their type fixed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.builders import case
from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _store(path: Path) -> Path:
    return (
        case()
        .goal("G1")
        .strategy("S1")
        .goal("G2")
        .solution("Sn1")
        .counter_goal("CG1", "Too few participants", challenges="G2")
        .counter_solution("CSn1", "Power analysis")
        .counter_goal("CG2", "Not end to end", challenges="S1", challenges_link="G2")
        .challenge("CH1", "G2", counter=["CG1"])
        .challenge("CH2", "S1", counter=["CG2"])
        .store(path)
    )


def test_the_diagram_shows_counter_elements_with_what_they_challenge(
    window_on: Callable[[Path], MainWindow], tmp_path: Path
) -> None:
    window = window_on(_store(tmp_path / "s.db"))
    item = window.diagram.view.item
    assert item is not None
    layout = item.layout
    assert layout.node("CG1").lines[0] == "challenges G2"
    assert layout.node("CG2").lines[0] == "challenges S1 -> G2"
    assert " ".join(layout.node("CSn1").lines) == "Power analysis"
    item.update()
    window.grab()  # paints every shape without raising


def test_the_editor_keeps_a_counter_elements_type(
    window_on: Callable[[Path], MainWindow], tmp_path: Path
) -> None:
    window = window_on(_store(tmp_path / "s.db"))
    window.select_element("CG1")
    editor = window.editor
    assert editor.element_id == "CG1"
    assert "Counter goal" in editor.header.text()
    assert editor.type_box.isHidden()
    window.select_element("G1")
    assert not editor.type_box.isHidden()
