"""Fixtures for the review tests: a demo store, a CLI runner and REV findings read back."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench.app.demo import write_demo

#: The demo's clock: its session R1 (challenges CH1-CH3) started two weeks before.
DEMO_NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _actor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_ACTOR", "review-tester")


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    return write_demo(tmp_path / "demo.db", now=DEMO_NOW, actor="review-tester")


@pytest.fixture
def rev_findings(cli: Callable[..., Any]) -> Callable[[Path], set[tuple[str, str]]]:
    """``workbench check --format json``, reduced to the (rule, subject) pairs of REV rules."""

    def findings(store: Path) -> set[tuple[str, str]]:
        result = cli("check", store, "--format", "json")
        assert result.code in (0, 1), result.err
        report = json.loads(result.out)
        return {(f["rule"], f["subject"]) for f in report["findings"] if f["rule"][:4] == "REV-"}

    return findings
