"""The suite tests this checkout, whichever way pytest is started."""

from __future__ import annotations

from pathlib import Path

import workbench

ROOT = Path(__file__).resolve().parents[2]


def test_workbench_is_imported_from_the_checkout() -> None:
    assert Path(workbench.__file__).resolve().is_relative_to(ROOT / "workbench")
