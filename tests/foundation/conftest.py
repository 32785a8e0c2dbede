"""Fixtures for the foundation tests: a demo store made once and copied per test."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from workbench.app.demo import write_demo

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.db"
    write_demo(path, now=NOW, actor="tester")
    return path


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return path
