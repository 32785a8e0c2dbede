"""A start-up error from the desktop entry (no terminal) is shown in a dialog as well."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.cli import gui
from workbench.cli.main import main
from workbench.ui.window import launch_error
from workbench.ui.window.launch_error import TITLE, launch_error_box


def recorder(shown: list[str]) -> Callable[[str], bool]:
    def show(text: str) -> bool:
        shown.append(text)
        return True

    return show


def test_from_the_desktop_a_bad_store_is_told_in_a_dialog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(launch_error, "show_launch_error", recorder(shown))
    code = main(["gui", str(tmp_path / "missing.db")], desktop=True)
    assert code == 2
    assert len(shown) == 1 and "missing.db" in shown[0]
    assert "missing.db" in capsys.readouterr().err  # the line on stderr stays


def test_from_a_terminal_there_is_no_dialog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(launch_error, "show_launch_error", recorder(shown))
    assert main(["gui", str(tmp_path / "missing.db")]) == 2
    assert shown == []


def test_the_desktop_launcher_asks_for_a_dialog_only_without_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []

    def fake_main(argv: object, desktop: bool = False) -> int:
        seen.append(desktop)
        return 0

    monkeypatch.setattr("workbench.cli.main.main", fake_main)
    from workbench.cli import main as cli_main

    monkeypatch.setattr(gui, "on_a_terminal", lambda: False)
    cli_main.gui_main()
    monkeypatch.setattr(gui, "on_a_terminal", lambda: True)
    cli_main.gui_main()
    assert seen == [True, False]


def test_the_dialog_names_the_problem(qapp: object) -> None:
    box = launch_error_box("no such store: /x/missing.db")
    assert box.windowTitle() == TITLE
    assert box.text() == "no such store: /x/missing.db"
    assert not box.isVisible()
