"""The app words errors for people; only the CLI adds its flags (workbench.cli.hints)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from workbench.app.stores import new_document
from workbench.cli.hints import FLAG_HINTS, cli_message
from workbench.domain import InputError

PACKAGE = Path(__file__).resolve().parents[3] / "workbench"
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def messages_with_flags(folder: Path, pattern: re.Pattern[str] = FLAG) -> list[str]:
    """String constants (not docstrings) in ``folder`` that name a command-line flag."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and pattern.search(node.value)
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value!r}")
    return found


def test_no_app_error_names_a_flag() -> None:
    assert messages_with_flags(PACKAGE / "app") == []


def test_the_cli_adds_the_flag_of_the_input_an_error_is_about() -> None:
    with pytest.raises(InputError) as raised:
        new_document("  ", framework=None, now=None)  # type: ignore[arg-type]
    assert str(raised.value) == "the model name is empty"
    assert cli_message(raised.value) == "the model name is empty; give --model NAME"


def test_an_error_about_nothing_known_is_left_as_it_is() -> None:
    assert cli_message(InputError("no such file")) == "no such file"
    assert cli_message(InputError("odd", about="nothing-we-know")) == "odd"


def test_every_hint_names_a_flag_or_a_command() -> None:
    assert all(FLAG.search(hint) or "'workbench " in hint for hint in FLAG_HINTS.values())


def test_no_app_error_names_a_command() -> None:
    found = [m for m in messages_with_flags(PACKAGE / "app", re.compile(r"'workbench \w"))]
    assert found == []


def test_the_command_line_shows_the_hint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from workbench.cli.main import main

    assert main(["init", str(tmp_path / "x.db"), "--model", " "]) == 2
    assert capsys.readouterr().err.strip() == (
        "workbench: error: the model name is empty; give --model NAME"
    )
