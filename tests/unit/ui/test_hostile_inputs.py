"""The window given hostile files: a message in the banner, nothing created, nothing blocked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.ui.window.main import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _import(window: MainWindow, source: Path, target: Path) -> None:
    window.ask_open_path = lambda _parent, _title, _filter: source
    window.ask_save_path = lambda _parent, _title, _filter: target
    window.window_actions.act_import.trigger()


def test_importing_a_named_pipe_as_a_case_document_shows_a_message(
    window: MainWindow, tmp_path: Path
) -> None:
    pipe = tmp_path / "case.json"
    os.mkfifo(pipe)
    _import(window, pipe, tmp_path / "imported.db")
    assert "is a named pipe, not a regular file" in window.banner.label.text()
    assert not (tmp_path / "imported.db").exists()


def test_importing_a_case_document_nested_100000_deep_shows_a_message(
    window: MainWindow, tmp_path: Path
) -> None:
    deep = tmp_path / "deep.json"
    nested = "[" * 100_000 + "]" * 100_000
    deep.write_text('{"format": "safety-case-workbench/1", "x": ' + nested + "}")
    _import(window, deep, tmp_path / "imported.db")
    assert "nested deeper than 100 levels" in window.banner.label.text()
    assert not (tmp_path / "imported.db").exists()
