"""Fixtures for the compliance tests: empty and demo stores, a CLI runner, findings read back."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.app.stores import init_store
from workbench.app.workspace import Workspace


@pytest.fixture(autouse=True)
def _actor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_ACTOR", "compliance-tester")


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A new assessment of a model with no argument yet, under RSP v2.2."""
    path = tmp_path / "assessment.db"
    init_store(path, "Test-Model", actor="compliance-tester").close()
    return path


@pytest.fixture
def ws(store: Path) -> Iterator[Workspace]:
    with Workspace.open(store, actor="compliance-tester") as workspace:
        yield workspace


@pytest.fixture
def findings(cli: Callable[..., Any]) -> Callable[..., list[dict[str, Any]]]:
    """``workbench check --format json --today DATE``: the findings whose rule starts so."""

    def run(store: Path, today: str, prefix: str) -> list[dict[str, Any]]:
        result = cli("check", store, "--format", "json", "--today", today)
        assert result.code in (0, 1), result.err
        report = json.loads(result.out)
        return [f for f in report["findings"] if f["rule"].startswith(prefix)]

    return run
