"""Test set-up shared by every area: Qt offscreen, a fixed clock-free environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WORKBENCH_NO_SETTINGS", "1")


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data folder (demo store, imported catalogues): the real
    user's is never read or written."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(folder))
    return folder
