"""The Requirements tab shows each requirement's section, modality and quoted text."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_selected_requirement_shows_section_and_quote(window: MainWindow, qtbot: QtBot) -> None:
    window.tabs.setCurrentWidget(window.matrix)
    assert window.matrix.select_requirement("RSP-2.2/ASL3-D/red-teaming")
    text = window.matrix.details.toPlainText()
    assert "§4.1, criterion 3; fn 10" in text
    assert "must" in text
    assert "Conduct red-teaming that demonstrates that threat actors" in text


def test_example_requirement_says_it_is_not_demanded(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.matrix
    assert panel.select_requirement("RSP-2.2/ASL3-D/defense-in-depth-example", jump=False)
    assert "example · " not in panel.details.toPlainText()
    assert "(not demanded)" in panel.details.toPlainText()
    row = panel.model.row_of("RSP-2.2/ASL3-D/defense-in-depth-example")
    assert panel.model.index(row, 2).data() == "example, not demanded"
    tooltip = panel.model.index(row, 0).data(3)  # ToolTipRole
    assert "§4.1, criterion 2 (example)" in tooltip
